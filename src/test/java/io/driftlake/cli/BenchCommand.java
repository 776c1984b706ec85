package io.driftlake.cli;

import io.driftlake.Driftlake;
import io.driftlake.spark.DriftBenchmark;
import io.driftlake.spark.FixedCostBenchmark;
import io.driftlake.spark.RoundBenchmark;
import io.driftlake.spark.StoredProfileBenchmark;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jobs/bench}: the benchmark harness's command line. Test scope, so neither it nor
 * {@link DriftBenchmark} ships in the jar; {@code jobs/bench} runs {@link #main} from
 * {@code target/test-classes} with the launcher's classpath.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the profile pass against the scan floor and a naive MLlib baseline; writes docs/BENCHMARKS.md.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--rows", defaultValue = "10000000", description = "Rows per dataset (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--features", defaultValue = "25", description = "Features; every 5th is categorical (default: ${DEFAULT-VALUE}).")
  int features;

  @Option(names = "--bins", defaultValue = "20", description = "Numeric bins (default: ${DEFAULT-VALUE}).")
  int bins;

  @Option(names = "--runs", defaultValue = "3", description = "Timed runs per variant after a warm-up; the median is reported (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--no-warm-up", description = "Time each variant cold, without the warm-up run (for a case too long"
      + " to run twice, e.g. --wide-only --wide-columns 10000 --wide-rows 20000 --runs 1).")
  boolean noWarmUp;

  @Option(names = "--quick", description = "1M rows and a short scaling series: a smoke test CI may run.")
  boolean quick;

  @Option(names = "--no-scaling", description = "Skip the scaling series (rows 1M/10M/50M, features 5/25/100, bins 10/100).")
  boolean noScaling;

  @Option(names = "--memory-check", description = "Only profile --rows x --features with this JVM's heap (jobs/bench runs it with 1 GiB).")
  boolean memoryCheck;

  @Option(names = "--wide-only", description = "Only a wide case (default 1,500 columns x 100,000 rows): the columnar"
      + " universal cells pass against the scan floor, the whole job against the scan floor of both datasets.")
  boolean wideOnly;

  @Option(names = "--wide-columns", defaultValue = "1500", description = "Columns of --wide-only (default: ${DEFAULT-VALUE}; issue 23's wide feature table: 10000).")
  int wideColumns;

  @Option(names = "--wide-rows", defaultValue = "100000", description = "Rows of --wide-only (default: ${DEFAULT-VALUE}; issue 23's wide feature table: 20000).")
  long wideRows;

  @Option(names = "--stored-only", description = "Only a run from two stored profiles against a scan run of the same"
      + " --rows x --features data, as whole `jobs/drift run` processes in turn (medians of --runs).")
  boolean storedOnly;

  @Option(names = "--job-only", description = "Only time the scan floors and the whole job (auto engine) with its phases at --rows x --features.")
  boolean jobOnly;

  @Option(names = "--classifier-only", description = "Only time the whole job without and with --domain-classifier at --rows x --features.")
  boolean classifierOnly;

  @Option(names = "--engines-only", description = "Only time the udaf and builtin engines' profile passes, without and with joint moments.")
  boolean enginesOnly;

  @Option(names = "--fixed-costs-only", description = "Only the fixed costs: a whole `jobs/drift run` of the demo data"
      + " (Seattle weather 2012 vs 2015) against a bare Spark + Delta program, as whole processes, in turn.")
  boolean fixedCostsOnly;

  @Option(names = "--fixed-cost-runs", defaultValue = "5", description = "Counted pairs of the fixed-costs section (default: ${DEFAULT-VALUE}).")
  int fixedCostRuns;

  @Option(names = "--watch-only", description = "Only a continuous drift watch over the --rows x --features current data"
      + " (a Parquet file stream, about 8 micro-batches) against the scan floor: rows/s (issue 26).")
  boolean watchOnly;

  @Option(names = "--round", description = "The round's targets in one invocation (issues 23 and 24), appended to the"
      + " report as one section: the whole job at --rows x --features and at --round-big-rows x --features, the"
      + " columnar cells pass, the 10,000 x 20,000 wide table, a run from two stored profiles, the fixed costs.")
  boolean round;

  @Option(names = "--round-big-rows", defaultValue = "50000000", description = "Rows of --round's second whole-job case (default: ${DEFAULT-VALUE}).")
  long roundBigRows;

  @Option(names = "--cells-only", description = "Only time the columnar engine's frozen-bin and universal-cell passes against the scan floor (issue 23).")
  boolean cellsOnly;

  @Option(names = "--data-dir", defaultValue = "target/bench-data", description = "Generated data cache (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--report", description = "Markdown report to write (default: docs/BENCHMARKS.md, or target/BENCHMARKS-quick.md with --quick).")
  Path report;

  @Mixin SessionOptions session;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long effectiveRows = quick ? 1_000_000 : rows;
    Path effectiveReport = report != null ? report : Path.of(quick ? "target/BENCHMARKS-quick.md" : "docs/BENCHMARKS.md");
    DriftBenchmark.Options options = new DriftBenchmark.Options(effectiveRows, features, bins, runs, quick, !noScaling,
        dataDir, effectiveReport, !noWarmUp);
    String childMaster = session.master != null ? session.master : "local[*]";
    if (fixedCostsOnly) {
      // child processes only: no session in this JVM competing with them
      FixedCostBenchmark.run(dataDir.resolve("fixed-costs"), fixedCostRuns, childMaster, System.out).lines()
          .forEach(System.out::println);
      return 0;
    }
    var spark = Driftlake.session(session.master);
    if (round) {
      RoundBenchmark.run(spark, options, roundBigRows, runs, fixedCostRuns, childMaster, effectiveReport, System.out);
      return 0;
    }
    if (storedOnly) {
      List<String> data = DriftBenchmark.generated(spark, options);
      spark.stop(); // child processes only from here: no session in this JVM competing with them
      StoredProfileBenchmark.run(dataDir.resolve("stored-profiles"), data.get(0), data.get(1), runs, childMaster, System.out)
          .lines().forEach(System.out::println);
      return 0;
    }
    if (wideOnly) {
      DriftBenchmark.wide(spark, options, wideColumns, wideRows, System.out);
    } else if (classifierOnly) {
      DriftBenchmark.classifier(spark, options, System.out);
    } else if (jobOnly) {
      DriftBenchmark.wholeJob(spark, options, System.out);
    } else if (watchOnly) {
      DriftBenchmark.watch(spark, options, System.out);
    } else if (cellsOnly) {
      DriftBenchmark.cells(spark, options, System.out);
    } else if (enginesOnly) {
      DriftBenchmark.engines(spark, options, System.out);
    } else if (memoryCheck) {
      System.out.println(DriftBenchmark.memoryCheck(spark, options));
    } else {
      DriftBenchmark.run(spark, options, System.out);
      List<String> fixed = FixedCostBenchmark.run(dataDir.resolve("fixed-costs"), fixedCostRuns, childMaster, System.out).lines();
      fixed.forEach(System.out::println);
      Files.writeString(effectiveReport, "\n## Fixed costs (small data, whole process)\n\n`jobs/bench --fixed-costs-only`:\n\n"
          + String.join("\n", fixed.stream().map(l -> "    " + l).toList()) + "\n", StandardOpenOption.APPEND);
    }
    return 0;
  }
}
