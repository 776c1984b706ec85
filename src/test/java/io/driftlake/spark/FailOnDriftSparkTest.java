package io.driftlake.spark;

import io.driftlake.DriftRun;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.testing.SharedSpark;
import io.driftlake.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * failOnDrift is a setting like any other: the API's {@link DriftRun#exitCode()} is the verdict the
 * command line exits with, so notebooks and JAR tasks gate as {@code drift run --fail-on-drift} does.
 */
class FailOnDriftSparkTest {
  static SparkSession spark;
  @TempDir static Path dir;
  static String ref;
  static String cur;
  static String table;

  @BeforeAll
  static void inputs() {
    spark = SharedSpark.session();
    ref = dir.resolve("ref.parquet").toString();
    cur = dir.resolve("cur.parquet").toString();
    table = dir.resolve("gate").toString();
    TestData.frame(spark, TestData.reference(400, 3), TestData.REFERENCE_SCHEMA).write().parquet(ref);
    TestData.frame(spark, TestData.current(300, 4), TestData.CURRENT_SCHEMA).write().parquet(cur);
  }

  private static DriftConfig.Builder config(String current, String runId) {
    return DriftConfig.builder().reference(ref).current(current).output(table).runId(runId).features(List.of("i", "d", "s"));
  }

  @Test
  void theBuilderRunGatesOnDriftAfterWriting() {
    DriftRun gated = Driftlake.run(spark, config(cur, "api-gated").failOnDrift(true).build());
    assertThat(gated.driftDetected()).isTrue();
    assertThat(gated.failOnDrift()).isTrue();
    assertThat(gated.exitCode()).isEqualTo(DriftRun.EXIT_DRIFTED).isEqualTo(3);
    assertThat(Driftlake.read(spark, table, "api-gated").count()).as("written before the verdict").isPositive();

    DriftRun ungated = Driftlake.run(spark, config(cur, "api-ungated").build());
    assertThat(ungated.driftDetected()).isTrue();
    assertThat(ungated.exitCode()).as("failOnDrift is off by default").isZero();

    DriftRun same = Driftlake.run(spark, config(ref, "api-same").failOnDrift(true).build());
    assertThat(same.driftDetected()).isFalse();
    assertThat(same.exitCode()).isZero();
  }

  @Test
  void commandLineArgumentsAndConfigFilesGateThroughTheApiToo() throws Exception {
    List<String> args = List.of("--reference", ref, "--current", cur, "--output", table, "--features", "i,d,s");
    DriftRun flag = Driftlake.runCommandLine(spark, concat(args, "--run-id", "args-gated", "--fail-on-drift"));
    assertThat(flag.exitCode()).isEqualTo(3);
    Path conf = dir.resolve("gate.conf");
    Files.writeString(conf, "driftlake {\n  fail-on-drift = true\n}\n");
    DriftRun file = Driftlake.run(spark, concat(args, "--run-id", "file-gated", "--config", conf.toString())
        .toArray(String[]::new));
    assertThat(file.exitCode()).isEqualTo(3);
    DriftRun overridden = Driftlake.run(spark, concat(args, "--run-id", "flag-over-file", "--config", conf.toString(),
        "--fail-on-drift=false").toArray(String[]::new));
    assertThat(overridden.driftDetected()).isTrue();
    assertThat(overridden.exitCode()).as("command line > config file").isZero();
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new java.util.ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }
}
