package io.driftlake.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixed-costs section of {@code jobs/bench} ({@code --fixed-costs-only}): what a run of small data
 * costs as a whole process, against the least any Spark tool must do for the same data
 * ({@link FixedCostBaseline}). The data is the bundled demo file split into Seattle weather 2012
 * (reference) and 2015 (current); each run writes a new table, with no windows. The two commands run in
 * turn (baseline, drift, baseline, drift, ...) after one warm-up pair, so a machine whose speed drifts
 * affects both alike; the warm-up also lets the launcher write its class-data archive. Reported: the
 * medians of the whole-process wall times and their ratio, and the medians of the run's own start, plan
 * and write phases, read from its end-of-run time line.
 *
 * <p>Like with like: both run <em>without</em> a class-data-sharing archive ({@code DRIFT_CDS=0} for
 * the run). The launcher's archive holds classes from jars only and is not used for another main class
 * or with {@code target/test-classes} on the classpath, so the baseline cannot have one; a run with its
 * archive against a baseline without one (the 0.81 of the first measurement) flattered the run.
 */
public final class FixedCostBenchmark {
  private static final Path DEMO = Path.of("src/main/resources/demo/seattle-weather.csv");
  private static final Pattern PHASE = Pattern.compile("(start|plan|read|compare|write) ([0-9.]+) s");
  private static final long TIMEOUT_MINUTES = 10;

  private FixedCostBenchmark() {}

  /** The medians, in seconds. */
  public record Result(int runs, double baseline, double drift, Map<String, Double> phases, double archived,
      Map<String, Double> archivedPhases) {
    public double ratio() {
      return drift / baseline;
    }

    /** The section's lines (Markdown), also what {@code --fixed-costs-only} prints. */
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add(String.format(Locale.ROOT, "fixed costs (Seattle weather 2012 vs 2015, CSV, no windows, new table; "
          + "whole process, medians of %d, in turn, both without a class-data archive):", runs));
      lines.add(String.format(Locale.ROOT, "  baseline (Spark + Delta start, 2 CSV reads with inferred types, "
          + "1 aggregation a side, 2 rows to a new Delta table): %.2f s", baseline));
      lines.add(String.format(Locale.ROOT, "  jobs/drift run: %.2f s (start %.2f s, plan %.2f s, read %.2f s, write %.2f s)",
          drift, phases.get("start"), phases.get("plan"), phases.get("read"), phases.get("write")));
      lines.add(String.format(Locale.ROOT, "  jobs/drift run as users run it (with the class-data archive jobs/drift keeps; "
          + "medians of %d after a warm-up): %.2f s (start %.2f s, plan %.2f s, read %.2f s, write %.2f s)", runs, archived,
          archivedPhases.get("start"), archivedPhases.get("plan"), archivedPhases.get("read"), archivedPhases.get("write")));
      lines.add(String.format(Locale.ROOT, "fixed-costs/baseline: %.2f", ratio()));
      return lines;
    }
  }

  /** Runs the section with {@code runs} counted pairs, using {@code dir} for the data and the tables. */
  public static Result run(Path dir, int runs, String master, PrintStream out) throws IOException, InterruptedException {
    Path reference = dir.resolve("seattle-2012.csv");
    Path current = dir.resolve("seattle-2015.csv");
    split(reference, "2012");
    split(current, "2015");
    double[] baseline = new double[runs];
    Series drift = new Series(runs);
    for (int i = -1; i < runs; i++) {
      String label = i < 0 ? "warm-up" : "run " + (i + 1);
      Path tables = Files.createTempDirectory(dir, "tables");
      Timed base = launch(tables.resolve("baseline.log"), Map.of("DRIFT_TEST_CLASSES", "1",
          "DRIFT_MAIN_CLASS", FixedCostBaseline.class.getName()),
          List.of(reference.toString(), current.toString(), tables.resolve("baseline").toString(), master));
      Timed job = launchRun(tables, Map.of("DRIFT_CDS", "0"), reference, current, master);
      out.printf(Locale.ROOT, "  fixed costs %s: baseline %.2f s, jobs/drift run %.2f s %s%n", label, base.seconds(),
          job.seconds(), timeLine(job.log()));
      if (i >= 0) {
        baseline[i] = base.seconds();
      }
      drift.record(i, job);
      deleteTree(tables);
    }
    // the same run as a user gets it: jobs/drift's class-data archive (the warm-up writes it when missing)
    Series archived = new Series(runs);
    for (int i = -1; i < runs; i++) {
      Path tables = Files.createTempDirectory(dir, "tables");
      Timed job = launchRun(tables, Map.of(), reference, current, master);
      out.printf(Locale.ROOT, "  fixed costs, with the archive, %s: jobs/drift run %.2f s %s%n", i < 0 ? "warm-up" : "run " + (i + 1),
          job.seconds(), timeLine(job.log()));
      archived.record(i, job);
      deleteTree(tables);
    }
    return new Result(runs, median(baseline), median(drift.seconds), drift.phaseMedians(), median(archived.seconds),
        archived.phaseMedians());
  }

  /** A whole {@code jobs/drift run} of the demo split into a new table under {@code tables}, with {@code env}. */
  private static Timed launchRun(Path tables, Map<String, String> env, Path reference, Path current, String master)
      throws IOException, InterruptedException {
    return launch(tables.resolve("drift.log"), env, List.of("run", "--reference", reference.toString(),
        "--current", current.toString(), "--output", tables.resolve("drift").toString(), "--master", master));
  }

  /** The counted runs of one series: seconds and the phases of each run's time line; the warm-up (-1) is not kept. */
  private static final class Series {
    final double[] seconds;
    final Map<String, double[]> phases;

    Series(int runs) {
      seconds = new double[runs];
      phases = Map.of("start", new double[runs], "plan", new double[runs], "read", new double[runs],
          "write", new double[runs]);
    }

    void record(int i, Timed job) {
      if (i < 0) {
        return;
      }
      seconds[i] = job.seconds();
      Map<String, Double> timeLine = timeLine(job.log());
      phases.forEach((phase, values) -> values[i] = timeLine.getOrDefault(phase, Double.NaN));
    }

    Map<String, Double> phaseMedians() {
      Map<String, Double> medians = new java.util.TreeMap<>();
      phases.forEach((phase, values) -> medians.put(phase, median(values)));
      return medians;
    }
  }

  record Timed(double seconds, String log) {}

  /**
   * Runs {@code jobs/drift} (with {@code env} added: the baseline runs as another main class on its
   * classpath, so both get the same JVM options) and times it from start to exit.
   */
  static Timed launch(Path log, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of("jobs/drift").toAbsolutePath().toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // the harness's own settings (test classes, its main class, its heap) are not the run's
    builder.environment().keySet().removeAll(List.of("DRIFT_TEST_CLASSES", "DRIFT_MAIN_CLASS", "DRIFT_JAVA_OPTS", "DRIFT_CDS"));
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not finish in " + TIMEOUT_MINUTES + " minutes; see " + log);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(command + " exited " + process.exitValue() + ": " + output);
    }
    return new Timed(seconds, output);
  }

  /** The phases of the run's end-of-run time line ({@code driftlake: ... s in all: start ... s, ...}). */
  public static Map<String, Double> timeLine(String log) {
    String line = log.lines().filter(l -> l.contains(" s in all: ")).reduce((a, b) -> b)
        .orElseThrow(() -> new IllegalStateException("no end-of-run time line in: " + log));
    Map<String, Double> phases = new java.util.TreeMap<>();
    Matcher matcher = PHASE.matcher(line);
    while (matcher.find()) {
      phases.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
    }
    return phases;
  }

  /** The demo file's header and the rows of one year. */
  private static void split(Path target, String year) throws IOException {
    List<String> lines = Files.readAllLines(DEMO, StandardCharsets.UTF_8);
    List<String> kept = new ArrayList<>();
    kept.add(lines.get(0));
    lines.stream().skip(1).filter(l -> l.startsWith(year + "-")).forEach(kept::add);
    Files.createDirectories(target.getParent());
    Files.write(target, kept, StandardCharsets.UTF_8);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
