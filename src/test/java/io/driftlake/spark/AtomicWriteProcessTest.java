package io.driftlake.spark;

import io.driftlake.spark.table.DriftTable;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.testing.SharedSpark;
import io.driftlake.testing.TestData;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift table is only changed by whole Delta transactions: a real `drift run` JVM is killed with
 * SIGKILL between profiling and the commit, and during the write; the table is then exactly as it
 * was (or has the complete run), and a rerun with the same run id leaves one copy of the rows.
 */
class AtomicWriteProcessTest {
  /** Rows per run: i, d, s, b, ts, allnull (the reference's 'gone' is excluded) and the ':table' row. */
  private static final int FEATURES = 6 + 1;
  static SparkSession spark;
  @TempDir static Path dir;
  static String ref;
  static String cur;
  static String table;

  @BeforeAll
  static void setUp() {
    spark = SharedSpark.session();
    ref = dir.resolve("ref").toString();
    cur = dir.resolve("cur").toString();
    table = dir.resolve("drift").toString();
    TestData.frame(spark, TestData.reference(500, 5), TestData.REFERENCE_SCHEMA).write().parquet(ref);
    TestData.frame(spark, TestData.current(400, 6), TestData.CURRENT_SCHEMA).write().parquet(cur);
    Driftlake.run(spark, config("earlier").build());
  }

  private static DriftConfig.Builder config(String runId) {
    return DriftConfig.builder().reference(ref).current(cur).output(table).exclude(List.of("gone")).runId(runId);
  }

  /** Starts `drift run` in a child JVM with the test classpath, pausing before the write (see {@link PausingDriftCli}). */
  private static Process driftProcess(String runId, long pauseMillis) throws Exception {
    return driftProcess(Long.toString(pauseMillis), table, runId);
  }

  /** {@code pause}: milliseconds to sleep before the write, or {@code @FILE} to wait for FILE. */
  private static Process driftProcess(String pause, String output, String runId) throws Exception {
    List<String> command = io.driftlake.testing.ChildJvm.command("-Xmx1g");
    command.addAll(List.of(
        PausingDriftCli.class.getName(), pause, "run", "--reference", ref, "--current", cur, "--output", output,
        "--exclude", "gone", "--run-id", runId, "--master", "local[2]"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /** Reads the child's output until a line contains {@code marker}; returns false if it exits first. */
  private static boolean awaitLine(Process process, String marker) throws Exception {
    BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.contains(marker)) {
        return true;
      }
    }
    return false;
  }

  private static long version() {
    return DeltaTable.forPath(spark, table).history(1).head().<Long>getAs("version");
  }

  @Test
  void killedBetweenProfilingAndCommitLeavesTableUnchanged() throws Exception {
    long versionBefore = version();
    long rowsBefore = Driftlake.read(spark, table, null).count();
    Process process = driftProcess("killed-before-commit", 60_000);
    assertThat(awaitLine(process, "driftlake paused before write")).isTrue();
    process.destroyForcibly();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(137);

    assertThat(version()).isEqualTo(versionBefore);
    assertThat(Driftlake.read(spark, table, null).count()).isEqualTo(rowsBefore);
    assertThat(Driftlake.read(spark, table, "killed-before-commit").count()).isZero();

    Driftlake.run(spark, config("killed-before-commit").build());
    assertThat(Driftlake.read(spark, table, "killed-before-commit").count()).isEqualTo(FEATURES);
    assertThat(Driftlake.read(spark, table, "earlier").count()).isEqualTo(FEATURES);
  }

  @Test
  void killedDuringTheWriteLeavesNoPartialRun() throws Exception {
    for (long delay : new long[] {0, 300, 900}) {
      String runId = "killed-during-write-" + delay;
      Process process = driftProcess(runId, 0);
      assertThat(awaitLine(process, "driftlake phase begin: write")).isTrue();
      Thread.sleep(delay);
      process.destroyForcibly();
      process.waitFor(60, TimeUnit.SECONDS);
      long rows = Driftlake.read(spark, table, runId).count();
      assertThat(rows).as("after a kill %d ms into the write", delay).isIn(0L, (long) FEATURES);

      Driftlake.run(spark, config(runId).build());
      assertThat(Driftlake.read(spark, table, runId).count()).isEqualTo(FEATURES);
    }
    assertThat(Driftlake.read(spark, table, "earlier").count()).isEqualTo(FEATURES);
  }

  /**
   * Two `drift run` JVMs with the same --run-id, released into their writes at the same moment (both
   * wait before the write phase until a gate file appears), into a new table and into an existing
   * one, twice each: exactly one copy of the run's rows each time, never two, never part of one.
   * Before the fix, the new-table race left two copies (see DriftTable.replaceOrCreate).
   */
  @Test
  void twoRunsOfOneIdAtTheSameMomentLeaveOneCopy() throws Exception {
    for (int round = 0; round < 4; round++) {
      boolean fresh = round % 2 == 0;
      String output = fresh ? dir.resolve("race-" + round).toString() : table;
      String runId = "race-" + round;
      Path gate = dir.resolve("gate-" + round);
      List<Process> processes = List.of(driftProcess("@" + gate, output, runId), driftProcess("@" + gate, output, runId));
      for (Process process : processes) {
        assertThat(awaitLine(process, "driftlake paused before write")).isTrue();
      }
      Files.createFile(gate);
      List<Integer> codes = new ArrayList<>();
      for (Process process : processes) {
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        codes.add(process.exitValue());
      }
      assertThat(codes).as("round %d (%s table)", round, fresh ? "new" : "existing").containsOnly(0);
      assertThat(Driftlake.read(spark, output, runId).count()).as("round %d", round).isEqualTo(FEATURES);
    }
    assertThat(Driftlake.read(spark, table, "earlier").count()).isEqualTo(FEATURES);
  }
}
