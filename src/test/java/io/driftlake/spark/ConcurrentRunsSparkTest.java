package io.driftlake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.DriftRun;
import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.testing.SharedSpark;
import io.driftlake.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six scheduled jobs at midnight: six runs of different ids against one drift table, held before
 * their write phase until all six are there and then released together (threads of one JVM sharing
 * one session and one local table path), into a new table and into an existing one. Every run
 * lands, exactly once, in its own file, and none fails on a commit conflict.
 */
class ConcurrentRunsSparkTest {
  /** Rows per run: i, d, s, b, ts, allnull (the reference's 'gone' is excluded) and the ':table' row. */
  private static final int ROWS_PER_RUN = 6 + 1;
  private static final int RUNS = 6;
  static SparkSession spark;
  @TempDir static Path dir;
  static String ref;
  static String cur;

  @BeforeAll
  static void setUp() {
    spark = SharedSpark.session();
    ref = dir.resolve("ref").toString();
    cur = dir.resolve("cur").toString();
    TestData.frame(spark, TestData.reference(300, 5), TestData.REFERENCE_SCHEMA).write().parquet(ref);
    TestData.frame(spark, TestData.current(300, 6), TestData.CURRENT_SCHEMA).write().parquet(cur);
  }

  private static DriftConfig config(String table, String runId) {
    return DriftConfig.builder().reference(ref).current(cur).output(table).exclude(List.of("gone")).runId(runId)
        .jointMaxFeatures(0).build();
  }

  /** Runs the six, released into their writes together; returns their ids. */
  private static List<String> sixAtOnce(String table, String prefix) throws Exception {
    CyclicBarrier gate = new CyclicBarrier(RUNS);
    ExecutorService pool = Executors.newFixedThreadPool(RUNS);
    List<String> ids = new ArrayList<>();
    List<Future<DriftRun>> runs = new ArrayList<>();
    // the run's own progress listener: compare is the phase before write, on the run's thread
    io.driftlake.DriftProgress meetBeforeWrite = phase -> {
      if (phase.phase().equals(DriftJob.PHASE_COMPARE)) {
        try {
          gate.await(120, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("the six runs never met at the write phase", e);
        }
      }
    };
    try {
      for (int i = 0; i < RUNS; i++) {
        String id = prefix + i;
        ids.add(id);
        runs.add(pool.submit(() -> Driftlake.run(spark, config(table, id), meetBeforeWrite)));
      }
      for (Future<DriftRun> run : runs) {
        assertThat(run.get(300, TimeUnit.SECONDS).records()).hasSize(ROWS_PER_RUN); // a lost race would throw here
      }
    } finally {
      pool.shutdownNow();
    }
    return ids;
  }

  private static void assertEachExactlyOnce(String table, List<String> ids) {
    var rows = spark.read().format("delta").load(table);
    for (String id : ids) {
      assertThat(rows.where("run_id = '" + id + "'").count()).as("rows of %s", id).isEqualTo(ROWS_PER_RUN);
      assertThat(rows.where("run_id = '" + id + "'").inputFiles()).as("files of %s", id).hasSize(1);
    }
  }

  @Test
  void sixRunsOfDifferentIdsIntoANewTableAllLandOnce() throws Exception {
    String table = dir.resolve("new").toString();
    List<String> ids = sixAtOnce(table, "midnight-");
    assertEachExactlyOnce(table, ids);
    assertThat(spark.read().format("delta").load(table).count()).isEqualTo((long) RUNS * ROWS_PER_RUN);
    // one commit per run: the first creates the table with its rows, no separate create commit
    assertThat(spark.sql("describe history delta.`" + table + "`").count()).isEqualTo(RUNS);
  }

  @Test
  void sixRunsOfDifferentIdsIntoAnExistingTableAllLandOnceAndLeaveOthersUntouched() throws Exception {
    String table = dir.resolve("existing").toString();
    Driftlake.run(spark, config(table, "earlier"));
    List<String> earlierFiles = Arrays.asList(spark.read().format("delta").load(table).inputFiles());
    List<String> ids = sixAtOnce(table, "nightly-");
    assertEachExactlyOnce(table, ids);
    var after = spark.read().format("delta").load(table);
    assertThat(after.where("run_id = 'earlier'").inputFiles()).containsExactlyElementsOf(earlierFiles);
    assertThat(after.count()).isEqualTo((long) (RUNS + 1) * ROWS_PER_RUN);
    List<Row> operations = spark.sql("describe history delta.`" + table + "`").select("operation").collectAsList();
    assertThat(operations).hasSize(RUNS + 1);
  }
}
