package io.driftlake.spark.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.spark.table.DriftTable;
import io.driftlake.testing.SharedSpark;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once under {@code kill -9} (#26): a {@code drift watch} process over a Delta table of 24
 * monthly commits (one micro-batch each) is killed at random points, 20 times, and restarted; a last
 * start runs to the end. The drift rows must then equal a batch run over the same data (nothing counted
 * twice, nothing lost), and the profile table must hold each window's rows exactly once.
 */
class WatchKillProcessTest {
  static SparkSession spark;
  @TempDir static Path dir;
  static final int KILLS = 20;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  private static Process watchProcess(String current, String checkpoint, String output) throws Exception {
    // C1 only and the serial collector: a short JVM starts about twice as fast (as jobs/drift's Kernel commands)
    List<String> command = io.driftlake.testing.ChildJvm.command("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    command.addAll(List.of(
        "io.driftlake.cli.DriftCli", "watch",
        "--reference", WatchSparkTest.WEATHER, "--reference-filter", "year(date) = 2012", "--current", current,
        "--window-column", "date", "--granularity", "1 month", "--drift-type", "both",
        "--current-read-option", "maxFilesPerTrigger=1", "--checkpoint", checkpoint, "--output", output,
        "--master", "local[2]"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /** Phase lines of a micro-batch, in order (the first micro-batch profiles the reference too). */
  static final List<String> PHASES = List.of("plan", "profile-current", "compare", "write", "write", "write");

  /** Commits in a Delta table's log (0 when there is none yet). */
  private static long commits(String table) throws java.io.IOException {
    Path log = Path.of(table, "_delta_log");
    if (!Files.isDirectory(log)) {
      return 0;
    }
    try (var files = Files.list(log)) {
      return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).count();
    }
  }

  @Test
  void killedAtRandomPointsAndRestartedTheWatchEqualsABatchRun() throws Exception {
    String current = dir.resolve("stream").toString();
    for (int month = 1; month <= 24; month++) { // one commit, one file, one micro-batch per month
      spark.read().option("header", "true").option("inferSchema", "true").csv(WatchSparkTest.WEATHER)
          .where("year(date) = " + (2012 + (month + 11) / 12) + " AND month(date) = " + ((month - 1) % 12 + 1))
          .coalesce(1).write().format("delta").mode("append").save(current);
    }
    String checkpoint = dir.resolve("checkpoint").toString();
    String output = dir.resolve("drift").toString();
    Random random = new Random(26);
    int killed = 0;
    List<String> log = new ArrayList<>();
    int betweenCommits = 0;
    while (killed < KILLS) {
      Process process = watchProcess(current, checkpoint, output);
      AtomicInteger batches = new AtomicInteger();
      List<String> phasesOfBatch = java.util.Collections.synchronizedList(new ArrayList<>());
      StringBuilder out = new StringBuilder();
      Thread reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = lines.readLine()) != null) {
            synchronized (out) {
              out.append(line).append('\n');
            }
            if (line.startsWith("drift watch: batch")) {
              phasesOfBatch.clear();
              batches.incrementAndGet();
            } else if (line.startsWith("driftlake: ")) {
              phasesOfBatch.add(line.substring("driftlake: ".length()).split(" ")[0]);
            }
          }
        } catch (java.io.IOException ignored) {
          // the process was killed
        }
      });
      reader.start();
      // a random point inside the first or second micro-batch of this start: after one of its phase lines
      // ("write" ends with the profile table committed and the drift table not yet: the case a replay must
      // not count twice), plus up to 2.5 s (into the drift commit, or past it into the next batch)
      int waitBatches = random.nextInt(2);
      String phase = PHASES.get(random.nextInt(PHASES.size()));
      long extraMillis = random.nextInt(2500);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (process.isAlive() && System.nanoTime() < deadline
          && !(batches.get() >= waitBatches && phasesOfBatch.contains(phase))) {
        Thread.sleep(5);
      }
      Thread.sleep(extraMillis);
      if (process.isAlive()) {
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block
        process.waitFor(60, TimeUnit.SECONDS);
        killed++;
        long profileCommits = commits(checkpoint + "-profiles");
        long driftCommits = commits(output);
        boolean between = profileCommits > driftCommits;
        betweenCommits += between ? 1 : 0;
        log.add("kill " + killed + " in batch " + waitBatches + " of the start, after its " + phase + " line + "
            + extraMillis + " ms (exit " + process.exitValue() + "; commits: profile table " + profileCommits
            + ", drift table " + driftCommits + (between ? ", between the two" : "") + ")");
      } else {
        synchronized (out) {
          assertThat(process.exitValue()).as(out.toString()).isZero();
        }
        break; // everything measured before 20 kills
      }
      reader.join(10_000);
    }
    // the last start runs to the end
    Process last = watchProcess(current, checkpoint, output);
    String lastOut = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(last.exitValue()).as(lastOut).isZero();
    System.out.println("WatchKillProcessTest: " + betweenCommits + " of " + killed
        + " kills fell between a batch's profile commit and its drift commit\n  " + String.join("\n  ", log));

    assertThat(killed).as(String.join("\n", log)).isEqualTo(KILLS);
    String watchId = "watch-checkpoint";
    List<DriftRecord> watched = DriftTable.records(Driftlake.read(spark, output, watchId).collectAsList());
    List<DriftRecord> batch = Driftlake.run(spark, DriftConfig.builder().reference(WatchSparkTest.WEATHER)
        .referenceFilter("year(date) = 2012").current(current).windowColumn("date")
        .granularity(Granularity.parse("1 month")).driftType(DriftType.BOTH)
        .output(dir.resolve("batch-drift").toString()).runId("batch").build()).records();
    assertThat(watched).hasSameSizeAs(batch);
    assertThat(WatchSparkTest.differences(WatchSparkTest.content(watched), WatchSparkTest.content(batch))).isEmpty();
    // every window counted once: 2013 and 2014 by month, 365 + 365 rows in all
    assertThat(watched.stream().filter(r -> r.windowStart() == null && r.columnName().equals("temp_max")).findFirst()
        .orElseThrow().curCount()).isEqualTo(730);
    // the profile table holds each window once: one :table row per window, the window's rows in it
    List<org.apache.spark.sql.Row> windows = spark.read().format("delta").load(checkpoint + "-profiles")
        .where("column_name = ':table' AND window_start IS NOT NULL").groupBy("window_start")
        .agg(org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.sum("row_count")).collectAsList();
    assertThat(windows).hasSize(24);
    assertThat(windows).allSatisfy(r -> assertThat(r.getLong(1)).isEqualTo(1));
    assertThat(windows.stream().mapToLong(r -> r.getLong(2)).sum()).isEqualTo(730);
    assertThat(Files.exists(Path.of(checkpoint))).isTrue();
  }
}
