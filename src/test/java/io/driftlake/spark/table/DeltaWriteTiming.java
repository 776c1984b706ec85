package io.driftlake.spark.table;

import io.driftlake.spark.FeaturePlan;
import io.driftlake.spark.bins.ReferenceBinner;
import io.driftlake.spark.input.OutputSafety;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Where the write phase's seconds go, for a run of a few hundred drift rows on a local table. Not a test
 * (no assertion, not matched by surefire's default includes): run it explicitly with
 * {@code mvn -o test -Dtest=DeltaWriteTiming -Dsurefire.failIfNoSpecifiedTests=false} and read stdout.
 */
class DeltaWriteTiming {
  private static final SparkSession SPARK = SharedSpark.session();

  private static final AtomicInteger JOBS = new AtomicInteger();

  private static double seconds(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void report(String what, Runnable work) {
    try {
      SPARK.sparkContext().listenerBus().waitUntilEmpty(30_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
    int before = JOBS.get();
    double s = seconds(work);
    try {
      SPARK.sparkContext().listenerBus().waitUntilEmpty(30_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
    System.out.println(String.format(Locale.ROOT, "driftlake timing: %-48s %6.2f s  %3d jobs", what, s, JOBS.get() - before));
  }

  @Test
  void writePhase() throws Exception {
    SPARK.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart event) {
        JOBS.incrementAndGet();
        if (Boolean.getBoolean("timing.jobs")) {
          String description = event.properties() == null ? null : event.properties().getProperty("spark.job.description");
          System.out.println("driftlake timing:     job " + event.jobId() + " " + description + " | "
              + (event.stageInfos().isEmpty() ? "" : event.stageInfos().last().name()));
        }
      }
    });
    Path dir = Files.createTempDirectory("driftlake-write-timing");
    int features = Integer.getInteger("timing.features", 300);
    List<Column> columns = new ArrayList<>();
    for (int j = 0; j < features; j++) {
      columns.add(rand(j).multiply(j + 1).as("f" + j));
    }
    SPARK.range(2000).select(columns.toArray(Column[]::new)).write().parquet(dir.resolve("ref").toString());
    SPARK.range(2000).select(columns.toArray(Column[]::new)).write().parquet(dir.resolve("cur").toString());
    String output = dir.resolve("drift").toString();
    DriftConfig.Builder config = DriftConfig.builder().reference(dir.resolve("ref").toString())
        .current(dir.resolve("cur").toString()).output(output).jointMaxFeatures(0);

    // whole runs: the write phase as the progress line reports it
    for (int run = 0; run < 4; run++) {
      String id = "run" + run;
      report("whole run " + id + " (see write phase below)", () -> Driftlake.run(SPARK, config.runId(id).build(),
          phase -> System.out.println("driftlake timing:   " + phase.line())));
    }
    List<DriftRecord> records = Driftlake.run(SPARK, config.runId("template").build()).records();
    System.out.println("driftlake timing: " + records.size() + " drift rows per run");

    // the write phase's calls, one by one, on an existing table and on a new one
    String fresh = dir.resolve("fresh").toString();
    for (String table : List.of(output, fresh)) {
      report("isDeltaTable " + (table.equals(fresh) ? "(new)" : "(existing)"),
          () -> io.delta.tables.DeltaTable.isDeltaTable(SPARK, table));
      report("OutputSafety.check", () -> OutputSafety.check(SPARK, config.output(table).runId("x1").build()));
      report("DriftTable.write", () -> DriftTable.write(SPARK, table, "template", records));
      report("DriftTable.write again (same id)", () -> DriftTable.write(SPARK, table, "template", records));
      report("DriftTable.write again (same id)", () -> DriftTable.write(SPARK, table, "template", records));
      report("toDataFrame + count", () -> DriftTable.toDataFrame(SPARK, records).count());
      report("read run rows (count)", () -> DriftTable.read(SPARK, table, "template").count());
    }
    // the bins phase, three scans against the one-scan sketch
    var reference = SPARK.read().parquet(dir.resolve("ref").toString());
    DriftConfig binConfig = config.output(output).build();
    FeaturePlan plan = FeaturePlan.of(reference.schema(), reference.schema(), binConfig);
    for (int i = 0; i < 2; i++) {
      report("bins: ReferenceBinner.freeze (three scans)", () -> io.driftlake.spark.bins.ThreeScanBins.freeze(reference, plan.features(), List.of(), binConfig));
      report("bins: sketch + freeze(sketch) (one scan)", () -> ReferenceBinner.freeze(
          ReferenceBinner.sketch(reference, plan.features(), List.of()), reference, plan.features(), List.of(), binConfig));
    }
    System.out.println("driftlake timing: versions " + SPARK.sql("describe history delta.`" + output + "`").count());
    SPARK.sql("describe history delta.`" + output + "`").select(col("version"), col("operation"),
        col("operationMetrics")).show(30, false);
  }

  @Test
  void writeJobs() throws Exception {
    if (!Boolean.getBoolean("timing.jobs")) {
      return;
    }
    java.util.Map<Integer, Long> started = new java.util.concurrent.ConcurrentHashMap<>();
    SPARK.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd event) {
        System.out.println(String.format(Locale.ROOT, "driftlake timing:       job %d took %.3f s", event.jobId(),
            (event.time() - started.getOrDefault(event.jobId(), event.time())) / 1e3));
      }

      @Override
      public void onJobStart(SparkListenerJobStart event) {
        started.put(event.jobId(), event.time());
        JOBS.incrementAndGet();
        String description = event.properties() == null ? null : event.properties().getProperty("spark.job.description");
        System.out.println("driftlake timing:     job " + event.jobId() + " " + description + " | "
            + (event.stageInfos().isEmpty() ? "" : event.stageInfos().last().name()));
      }
    });
    Path dir = Files.createTempDirectory("driftlake-write-jobs");
    List<Column> columns = new ArrayList<>();
    for (int j = 0; j < 300; j++) {
      columns.add(rand(j).multiply(j + 1).as("f" + j));
    }
    SPARK.range(500).select(columns.toArray(Column[]::new)).write().parquet(dir.resolve("ref").toString());
    String output = dir.resolve("drift").toString();
    DriftConfig.Builder config = DriftConfig.builder().reference(dir.resolve("ref").toString())
        .current(dir.resolve("ref").toString()).output(output).jointMaxFeatures(0);
    List<DriftRecord> records = Driftlake.run(SPARK, config.runId("template").build()).records();
    Thread main = Thread.currentThread();
    java.util.Map<String, Integer> inclusive = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(false);
    java.util.concurrent.atomic.AtomicInteger samples = new java.util.concurrent.atomic.AtomicInteger();
    Thread sampler = new Thread(() -> {
      while (true) {
        if (sampling.get()) {
          samples.incrementAndGet();
          java.util.Set<String> seen = new java.util.HashSet<>();
          for (StackTraceElement frame : main.getStackTrace()) {
            String name = frame.getClassName() + "." + frame.getMethodName();
            if (seen.add(name)) {
              inclusive.merge(name, 1, Integer::sum);
            }
          }
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    for (int i = 0; i < Integer.getInteger("timing.writes", 12); i++) {
      sampling.set(i >= 2);
      report("DriftTable.write #" + i, () -> DriftTable.write(SPARK, output, "template", records));
    }
    sampling.set(false);
    sampler.interrupt();
    System.out.println("driftlake timing: " + samples.get() + " samples of the writing thread");
    inclusive.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
        .filter(e -> !e.getKey().startsWith("java.") && !e.getKey().startsWith("jdk.") && !e.getKey().startsWith("org.junit")
            && !e.getKey().startsWith("scala.") && !e.getKey().startsWith("org.apache.maven"))
        .limit(150).forEach(e -> System.out.println("driftlake sample: " + e.getValue() + " " + e.getKey()));
  }

  /** Alternates today's write with variants, same JVM and table, so the box's noise hits both alike. */
  @Test
  void writeVariants() throws Exception {
    if (!Boolean.getBoolean("timing.variants")) {
      return;
    }
    Path dir = Files.createTempDirectory("driftlake-write-variants");
    List<Column> columns = new ArrayList<>();
    for (int j = 0; j < 300; j++) {
      columns.add(rand(j).multiply(j + 1).as("f" + j));
    }
    SPARK.range(500).select(columns.toArray(Column[]::new)).write().parquet(dir.resolve("ref").toString());
    String output = dir.resolve("drift").toString();
    DriftConfig.Builder config = DriftConfig.builder().reference(dir.resolve("ref").toString())
        .current(dir.resolve("ref").toString()).output(output).jointMaxFeatures(0);
    List<DriftRecord> records = Driftlake.run(SPARK, config.runId("template").build()).records();
    String metrics = "spark.databricks.delta.replaceWhere.dataColumns.metrics.enabled";
    java.util.Map<String, List<Double>> times = new java.util.LinkedHashMap<>();
    for (int i = 0; i < Integer.getInteger("timing.writes", 8); i++) {
      times.computeIfAbsent("today", k -> new ArrayList<>()).add(seconds(() -> DriftTable.write(SPARK, output, "template", records)));
      times.computeIfAbsent("coalesce(1)", k -> new ArrayList<>()).add(seconds(() -> DriftTable.createThenReplace(SPARK, output,
          DriftTable.toDataFrame(SPARK, records).coalesce(1), "run_id = 'template'", DriftTable.PARTITION_COLUMN)));
      SPARK.conf().set(metrics, "false");
      times.computeIfAbsent("metrics off", k -> new ArrayList<>()).add(seconds(() -> DriftTable.write(SPARK, output, "template", records)));
      SPARK.conf().unset(metrics);
    }
    times.forEach((variant, list) -> {
      List<Double> sorted = list.stream().skip(2).sorted().toList();
      System.out.println(String.format(Locale.ROOT, "driftlake variant: %-14s median %.2f s  min %.2f s  all %s", variant,
          sorted.get(sorted.size() / 2), sorted.get(0), list));
    });
  }

  /**
   * The write options of issue 24 side by side, interleaved in one JVM so the box's noise hits each
   * alike: a new id into a new table, a new id into a table of {@code timing.runs} earlier runs (one
   * commit of that many files, then 30 small commits, so the log has a checkpoint and a tail), and a
   * rerun of an id the table holds. {@code -Dtiming.options=true -Dtiming.writes=7}.
   */
  @Test
  void writeOptions() throws Exception {
    if (!Boolean.getBoolean("timing.options")) {
      return;
    }
    Path dir = Files.createTempDirectory("driftlake-write-options");
    List<Column> columns = new ArrayList<>();
    for (int j = 0; j < 25; j++) {
      columns.add(rand(j).multiply(j + 1).as("f" + j));
    }
    SPARK.range(500).select(columns.toArray(Column[]::new)).write().parquet(dir.resolve("ref").toString());
    DriftConfig.Builder config = DriftConfig.builder().reference(dir.resolve("ref").toString())
        .current(dir.resolve("ref").toString()).output(dir.resolve("template").toString()).jointMaxFeatures(0);
    List<DriftRecord> template = Driftlake.run(SPARK, config.runId("template").build()).records();
    System.out.println("driftlake options: " + template.size() + " drift rows per run");
    String big = dir.resolve("big").toString();
    int earlier = Integer.getInteger("timing.runs", 1000);
    var many = DriftTable.toDataFrame(SPARK, template).withColumn("k", org.apache.spark.sql.functions.explode(
        org.apache.spark.sql.functions.sequence(org.apache.spark.sql.functions.lit(0), org.apache.spark.sql.functions.lit(earlier - 1))))
        .withColumn("run_id", org.apache.spark.sql.functions.concat(org.apache.spark.sql.functions.lit("old-"), col("k").cast("string")))
        .drop("k").repartition(earlier, col("run_id"));
    many.write().format("delta").partitionBy(DriftTable.PARTITION_COLUMN).save(big);
    for (int i = 0; i < 30; i++) {
      DriftTable.createThenReplace(SPARK, big, DriftTable.toDataFrame(SPARK, records(template, "tail-" + i)).coalesce(1),
          "run_id = 'tail-" + i + "'", DriftTable.PARTITION_COLUMN);
    }
    System.out.println("driftlake options: big table " + SPARK.read().format("delta").load(big).inputFiles().length + " files");
    AtomicInteger n = new AtomicInteger();
    java.util.Map<String, java.util.function.BiConsumer<String, String>> options = new java.util.LinkedHashMap<>();
    options.put("before: create commit + replaceWhere", (table, id) -> DriftTable.createThenReplace(SPARK, table,
        frame(template, id), "run_id = '" + id + "'", DriftTable.PARTITION_COLUMN));
    options.put("one replaceWhere commit (creates)", (table, id) -> DeltaCommits.withRetry(table, () -> frame(template, id)
        .write().format("delta").option("mergeSchema", "true").mode("overwrite").option("replaceWhere", "run_id = '" + id + "'")
        .partitionBy(DriftTable.PARTITION_COLUMN).save(table)));
    options.put("Spark: Kernel log check + append/replaceWhere", (table, id) -> DriftTable.replaceOrCreate(SPARK, table,
        frame(template, id), "run_id", id, DriftTable.PARTITION_COLUMN));
    options.put("now: DriftTable.write (Kernel append of a new id)", (table, id) -> DriftTable.write(SPARK, table, id,
        records(template, id)));
    options.put("floor: blind append, no check", (table, id) -> frame(template, id).write().format("delta")
        .option("mergeSchema", "true").mode("append").partitionBy(DriftTable.PARTITION_COLUMN).save(table));
    options.put("  (Kernel log check alone)", (table, id) -> KeyedRows.of(SPARK, table, "run_id", id));
    // -Dtiming.skip=before,one leaves out the options whose names start with those words
    for (String skipped : System.getProperty("timing.skip", "").split(",")) {
      if (!skipped.isBlank()) {
        options.keySet().removeIf(name -> name.startsWith(skipped.strip()));
      }
    }
    java.util.Map<String, List<Double>> times = new java.util.LinkedHashMap<>();
    java.util.Map<String, List<Integer>> jobs = new java.util.LinkedHashMap<>();
    AtomicInteger started = new AtomicInteger();
    SPARK.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart event) {
        started.incrementAndGet();
      }
    });
    java.util.function.BiFunction<String, Runnable, Double> timed = (key, work) -> {
      try {
        SPARK.sparkContext().listenerBus().waitUntilEmpty(30_000);
        int before = started.get();
        double s = seconds(work);
        SPARK.sparkContext().listenerBus().waitUntilEmpty(30_000);
        jobs.computeIfAbsent(key, k -> new ArrayList<>()).add(started.get() - before);
        return s;
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException(e);
      }
    };
    for (int i = 0; i < Integer.getInteger("timing.writes", 7); i++) {
      for (var option : options.entrySet()) {
        String fresh = dir.resolve("new-" + n.incrementAndGet()).toString();
        String key = option.getKey() + " | new table";
        times.computeIfAbsent(key, k -> new ArrayList<>()).add(timed.apply(key, () -> option.getValue().accept(fresh, "r1")));
        String id = "new-" + n.incrementAndGet();
        String keyBig = option.getKey() + " | " + earlier + " runs, new id";
        times.computeIfAbsent(keyBig, k -> new ArrayList<>()).add(timed.apply(keyBig, () -> option.getValue().accept(big, id)));
        if (!option.getKey().startsWith("floor")) {
          String keyRerun = option.getKey() + " | " + earlier + " runs, rerun";
          times.computeIfAbsent(keyRerun, k -> new ArrayList<>())
              .add(timed.apply(keyRerun, () -> option.getValue().accept(big, "old-7")));
        }
      }
    }
    times.forEach((variant, list) -> {
      List<Double> sorted = list.stream().skip(1).sorted().toList(); // the first of each warms up
      List<Integer> jobCounts = jobs.get(variant).stream().skip(1).sorted().toList();
      System.out.println(String.format(Locale.ROOT, "driftlake option: %-70s median %.2f s  min %.2f s  (n=%d)  Spark jobs %d",
          variant, sorted.get(sorted.size() / 2), sorted.get(0), sorted.size(), jobCounts.get(jobCounts.size() / 2)));
    });
  }

  private static List<DriftRecord> records(List<DriftRecord> template, String id) {
    return template.stream().map(r -> DriftRecord.of(r.row().toBuilder()
        .set(io.driftlake.core.table.DriftColumns.RUN_ID, id).build())).toList();
  }

  private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame(List<DriftRecord> template, String id) {
    return DriftTable.toDataFrame(SPARK, records(template, id)).coalesce(1);
  }
}
