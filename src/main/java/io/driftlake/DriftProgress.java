package io.driftlake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Watches a run's phases as each one ends (plan, bins, profile-reference, profile-current, compare,
 * write). The command line prints {@link PhaseEnd#line()} to stderr unless {@code --quiet}; an API
 * caller gets nothing unless it passes a listener: {@code Driftlake.run(spark, config,
 * DriftProgress.standardError())}, or {@link #lines} with its own sink (a notebook's logger).
 */
@FunctionalInterface
public interface DriftProgress {
  /** No progress: what {@code Driftlake.run(spark, config)} uses. */
/** The phases of a run, in order, as {@link PhaseEnd#phase} names them. */
  String PHASE_PLAN = "plan";
  String PHASE_BINS = "bins";
  String PHASE_PROFILE_REFERENCE = "profile-reference";
  String PHASE_PROFILE_CURRENT = "profile-current";
  /** Only with {@code --domain-classifier}: sampling both sides, training and scoring the classifiers. */
  String PHASE_CLASSIFY = "classify";
  String PHASE_COMPARE = "compare";
  String PHASE_WRITE = "write";

    DriftProgress NONE = phase -> {};

  /** Called on the driver as each phase ends, in order. */
  void phaseEnded(PhaseEnd phase);

  /**
   * One ended phase.
   *
   * @param dataset what it read or wrote ({@code reference}, {@code current data}, the drift table), or null
   * @param rows rows it counted or wrote, or null when it did not count any
   * @param features features it planned or profiled, or null
   * @param seconds wall-clock seconds the phase took
   * @param engine for a profile phase, the engine that counted and, when it is not the one asked for,
   *     why (e.g. {@code udaf engine (not columnar: its plan has Filter ...)}); else null
   */
  record PhaseEnd(String phase, String dataset, Long rows, Integer features, double seconds, String engine) {
    /** A phase that counted with no particular engine. */
    public PhaseEnd(String phase, String dataset, Long rows, Integer features, double seconds) {
      this(phase, dataset, rows, features, seconds, null);
    }

    /** e.g. {@code driftlake: profile-current  current data  730 rows  5 features  columnar engine  2.1 s}. */
    public String line() {
      List<String> parts = new ArrayList<>();
      parts.add("driftlake: " + phase);
      if (dataset != null) {
        parts.add(dataset);
      }
      if (rows != null) {
        parts.add(rows + (rows == 1 ? " row" : " rows"));
      }
      if (features != null) {
        parts.add(features + (features == 1 ? " feature" : " features"));
      }
      if (engine != null) {
        parts.add(engine);
      }
      parts.add(String.format(Locale.ROOT, "%.1f s", seconds));
      return String.join("  ", parts);
    }
  }

  /** Each phase's {@link PhaseEnd#line()} to {@code sink}. */
  static DriftProgress lines(Consumer<String> sink) {
    return phase -> sink.accept(phase.line());
  }

  /**
   * {@code lines}, plus one more line when the write phase ends, saying where the whole time went
   * since the JVM started: e.g. {@code driftlake: 41.0 s in all: start 10.1 s (JVM and Spark), plan
   * 4.2 s, read 7.8 s (profiles), compare 0.5 s, write 17.3 s} ({@code (JVM; no Spark session)} for a
   * run that needed none; a session a phase itself started, as a stored-profile run's Spark write may,
   * counts in that phase). {@code start} is what passed
   * before the run began (the JVM, the SparkSession, argument parsing); in a long-lived JVM (a
   * notebook, a test) it is that JVM's age, so only the command line uses this.
   */
  static DriftProgress linesWithTotal(Consumer<String> sink) {
    return new DriftProgress() {
      private final java.util.Map<String, Double> seconds = new java.util.LinkedHashMap<>();

      @Override
      public void phaseEnded(PhaseEnd phase) {
        sink.accept(phase.line());
        seconds.merge(phase.phase(), phase.seconds(), Double::sum);
        if (phase.phase().equals(PHASE_WRITE)) {
          sink.accept(totalLine(seconds, System.currentTimeMillis()
              - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime(),
              io.driftlake.spark.common.LazySession.anyStarted()));
        }
      }
    };
  }

  /**
   * The total line from each phase's seconds and the milliseconds since the JVM started; {@code spark}:
   * whether a SparkSession started (a run between two stored profiles in local tables starts none).
   */
  static String totalLine(java.util.Map<String, Double> seconds, long sinceJvmStartMillis, boolean spark) {
    double total = sinceJvmStartMillis / 1e3;
    double phases = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    double read = seconds.getOrDefault(PHASE_BINS, 0.0) + seconds.getOrDefault(PHASE_PROFILE_REFERENCE, 0.0)
        + seconds.getOrDefault(PHASE_PROFILE_CURRENT, 0.0);
    return String.format(Locale.ROOT, "driftlake: %.1f s in all: start %.1f s (%s), plan %.1f s,"
        + " read %.1f s (profiles), %scompare %.1f s, write %.1f s", total, Math.max(0, total - phases),
        spark ? "JVM and Spark" : "JVM; no Spark session",
        seconds.getOrDefault(PHASE_PLAN, 0.0), read, seconds.containsKey(PHASE_CLASSIFY)
            ? String.format(Locale.ROOT, "classify %.1f s, ", seconds.get(PHASE_CLASSIFY)) : "",
        seconds.getOrDefault(PHASE_COMPARE, 0.0), seconds.getOrDefault(PHASE_WRITE, 0.0));
  }

  /** Each phase's line on {@code System.err}, flushed. */
  static DriftProgress standardError() {
    return lines(line -> {
      System.err.println(line);
      System.err.flush();
    });
  }
}
