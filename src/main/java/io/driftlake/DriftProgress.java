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

  /** Each phase's line on {@code System.err}, flushed. */
  static DriftProgress standardError() {
    return lines(line -> {
      System.err.println(line);
      System.err.flush();
    });
  }
}
