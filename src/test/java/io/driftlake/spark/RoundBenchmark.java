package io.driftlake.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.io.output.TeeOutputStream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code jobs/bench --round}: the round's targets (issues 23 and 24) from one invocation on one machine,
 * appended to the report as one section with a summary table and the harness's own lines. The
 * in-process sections run first (whole job at two sizes, the cells pass, the wide table); then this
 * JVM's session stops and the whole-process sections (stored profiles, fixed costs) run alone.
 */
public final class RoundBenchmark {
  private static final int WIDE_COLUMNS = 10_000;
  private static final long WIDE_ROWS = 20_000;

  private RoundBenchmark() {}

  public static void run(SparkSession spark, DriftBenchmark.Options options, long bigRows, int runs, int fixedCostRuns,
      String childMaster, Path report, PrintStream console) throws IOException, InterruptedException {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new TeeOutputStream(console, captured), true, StandardCharsets.UTF_8);
    long started = System.nanoTime();
    out.printf(Locale.ROOT, "driftlake round benchmark: %,d and %,d rows x %d features, %d bins, medians of %d after a"
        + " warm-up; %d cores, max heap %d MiB%n", options.rows(), bigRows, options.features(), options.bins(), runs,
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    double[] job = DriftBenchmark.wholeJob(spark, options, out);
    double[] cells = DriftBenchmark.cells(spark, options, out);
    DriftBenchmark.Options once = new DriftBenchmark.Options(options.rows(), options.features(), options.bins(), 1,
        false, false, options.dataDir(), options.report(), false);
    Map<String, Double> wide = DriftBenchmark.wide(spark, once, WIDE_COLUMNS, WIDE_ROWS, out);
    Map<String, Double> wider = DriftBenchmark.wide(spark, once, 1_500, 100_000, out);
    DriftBenchmark.Options big = new DriftBenchmark.Options(bigRows, options.features(), options.bins(), 1,
        false, false, options.dataDir(), options.report(), true);
    double[] bigJob = DriftBenchmark.wholeJob(spark, big, out);
    List<String> data = DriftBenchmark.generated(spark, options);
    spark.stop(); // whole processes from here: no session in this JVM beside them
    StoredProfileBenchmark.Result stored = StoredProfileBenchmark.run(options.dataDir().resolve("stored-profiles"),
        data.get(0), data.get(1), runs, childMaster, out);
    stored.lines().forEach(out::println);
    FixedCostBenchmark.Result fixed = FixedCostBenchmark.run(options.dataDir().resolve("fixed-costs"), fixedCostRuns,
        childMaster, out);
    fixed.lines().forEach(out::println);
    double minutes = (System.nanoTime() - started) / 60e9;

    StringBuilder section = new StringBuilder();
    section.append(String.format(Locale.ROOT, "%n## %s: the round's targets from one invocation (`jobs/bench --round`, %.0f min)%n%n",
        LocalDate.now(), minutes));
    section.append("| target | measured | goal |\n|---|---|---|\n");
    section.append(String.format(Locale.ROOT, "| whole job / scan floor of both, %,d x %d | %.2f (%.1f s / %.1f s) | ≤ 1.3 |%n",
        options.rows(), options.features(), job[2], job[1], job[0]));
    section.append(String.format(Locale.ROOT, "| whole job / scan floor of both, %,d x %d (one run after a warm-up) | %.2f (%.1f s / %.1f s) | ≤ 1.2 |%n",
        bigRows, options.features(), bigJob[2], bigJob[1], bigJob[0]));
    section.append(String.format(Locale.ROOT, "| columnar universal cells (as a run) / scan floor | %.2f (%.2f s / %.2f s; without joint moments %.2f; the frozen-bin pass %.2f) | ≤ 1.1 |%n",
        cells[2], cells[1], cells[0], cells[3], cells[4]));
    section.append(String.format(Locale.ROOT, "| run from two stored profiles / scan run (whole processes) | %.2f (%.2f s / %.2f s) | ≤ 0.25 |%n",
        stored.ratio(), stored.stored(), stored.scan()));
    section.append(String.format(Locale.ROOT, "| %,d columns x %,d rows: cells / scan floor; whole job / floor of both (one run, cold) | %.2f; %.2f (%.1f s / %.1f s) | completes |%n",
        WIDE_COLUMNS, WIDE_ROWS, wide.get("profile-columnar-ratio"), wide.get("whole-job-ratio"), wide.get("whole-job"),
        wide.get("scan-floor-both")));
    section.append(String.format(Locale.ROOT, "| 1,500 columns x 100,000 rows: cells / scan floor; whole job / floor of both (one run, cold) | %.2f; %.2f (%.1f s / %.1f s) | completes |%n",
        wider.get("profile-columnar-ratio"), wider.get("whole-job-ratio"), wider.get("whole-job"), wider.get("scan-floor-both")));
    section.append(String.format(Locale.ROOT, "| fixed costs: demo data run / bare Spark + Delta program (whole processes) | %.2f (%.2f s / %.2f s) | ≤ 1.25 |%n",
        fixed.ratio(), fixed.drift(), fixed.baseline()));
    section.append(String.format(Locale.ROOT, "| fixed costs: phases of that run, without the archive (medians) | %s | plan ≤ 1.0 s, write ≤ 1.0 s |%n",
        fixed.phases()));
    section.append(String.format(Locale.ROOT, "| fixed costs: phases as users run it, with jobs/drift's class-data archive (medians; whole run %.2f s) | %s | plan ≤ 1.0 s, write ≤ 1.0 s |%n",
        fixed.archived(), fixed.archivedPhases()));
    section.append("\nThe harness's lines:\n\n");
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      section.append("    ").append(line).append('\n');
    }
    Files.writeString(report, section.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    console.printf(Locale.ROOT, "round section appended to %s%n", report);
  }
}
