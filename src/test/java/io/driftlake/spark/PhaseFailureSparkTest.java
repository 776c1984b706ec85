package io.driftlake.spark;

import io.driftlake.DriftProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.driftlake.core.DriftException;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.testing.CliHarness;
import io.driftlake.testing.SharedSpark;
import java.util.List;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails says in which phase, and over which dataset or table: real Spark and Delta failures
 * (Parquet files corrupted between two phases by the run's own progress listener, a
 * corrupted {@code _delta_log}, a table path that is a plain file), no mocks. Reading or writing the
 * profile table is an input error (exit code 2), never reported as the drift table.
 */
class PhaseFailureSparkTest {
  private final SparkSession spark = SharedSpark.session();
  @TempDir Path dir;
  private String ref;
  private String cur;
  private String out;

  @BeforeEach
  void writeInputs() {
    ref = dir.resolve("ref").toString();
    cur = dir.resolve("cur").toString();
    out = dir.resolve("drift").toString();
    spark.range(300).selectExpr("id % 10 AS x", "CAST(id % 3 AS STRING) AS s").write().parquet(ref);
    spark.range(200).selectExpr("id % 12 AS x", "CAST(id % 4 AS STRING) AS s").write().parquet(cur);
  }

  private DriftConfig.Builder config() {
    return DriftConfig.builder().reference(ref).current(cur).output(out).runId("phases");
  }

  /** Overwrites the data files of a Parquet directory with bytes that are not Parquet (and drops their checksums). */
  private static void corrupt(String location) {
    try (Stream<Path> files = Files.list(Path.of(location))) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".crc")) {
          Files.delete(file);
        } else if (!name.startsWith("_") && !name.startsWith(".")) {
          Files.writeString(file, "not a parquet file");
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The phases in the order a run goes through them. */
  private static final List<String> PHASES = List.of(DriftJob.PHASE_PLAN,
      DriftJob.PHASE_PROFILE_REFERENCE, DriftJob.PHASE_PROFILE_CURRENT, DriftJob.PHASE_COMPARE, DriftJob.PHASE_WRITE);

  /** What happens as each phase ends ({@link DriftProgress}: the run's own listener); none by default. */
  private DriftProgress progress = DriftProgress.NONE;

  /**
   * Corrupts {@code location} just before {@code phase} begins (when the phase before it ends, on the
   * run's thread): the plan read its schema intact.
   */
  private void corruptBefore(String phase, String location) {
    String previous = PHASES.get(PHASES.indexOf(phase) - 1);
    progress = ended -> {
      if (ended.phase().equals(previous)) {
        corrupt(location);
      }
    };
  }

  private DriftException failure(DriftConfig config) {
    Throwable thrown = catchThrowable(() -> DriftJob.run(spark, config, progress));
    assertThat(thrown).isInstanceOf(DriftException.class);
    assertThat(Files.exists(Path.of(out))).as("the drift table is not written").isFalse();
    return (DriftException) thrown;
  }

  @Test
  void aReferenceUnreadableInTheProfileReferencePhaseIsNamed() {
    corruptBefore(DriftJob.PHASE_PROFILE_REFERENCE, ref);
    DriftException e = failure(config().build());
    assertThat(e.kind()).isEqualTo(DriftException.Kind.INPUT);
    assertThat(e.getMessage())
        .startsWith("the profile-reference phase failed while reading the reference (parquet:" + ref + ")")
        .doesNotContain("drift table");
  }

  @Test
  void currentDataUnreadableInTheProfileCurrentPhaseIsNamed() {
    corruptBefore(DriftJob.PHASE_PROFILE_CURRENT, cur);
    DriftException e = failure(config().build());
    assertThat(e.kind()).isEqualTo(DriftException.Kind.INPUT);
    assertThat(e.getMessage())
        .startsWith("the profile-current phase failed while reading the current data (parquet:" + cur + ")")
        .doesNotContain("drift table");
  }

  @Test
  void aCorruptedProfileTableLogFailsTheSafetyCheckBeforeAnythingIsRead() throws IOException {
    Path profiles = dir.resolve("profiles");
    Files.createDirectories(profiles.resolve("_delta_log"));
    Files.writeString(profiles.resolve("_delta_log").resolve("00000000000000000000.json"), "{ not a delta log",
        StandardCharsets.UTF_8);
    DriftException e = failure(DriftConfig.builder().referenceProfile("earlier").profileTable(profiles.toString())
        .current(cur).output(out).runId("phases").build());
    assertThat(e.kind()).isEqualTo(DriftException.Kind.INPUT);
    assertThat(e.exitCode()).isEqualTo(2);
    // the output-safety check fails closed: a log it cannot read stops the run before any read
    assertThat(e.getMessage())
        .startsWith("cannot check --profile-table " + profiles + " before writing: its Delta log could not be read (")
        .doesNotContain("drift table");
    assertThat(Files.exists(Path.of(out))).isFalse();
  }

  @Test
  void aProfileTablePathThatIsAFileIsRefusedBeforeAnythingIsReadWithExitCode2() throws IOException {
    Path profiles = dir.resolve("profiles.txt");
    Files.writeString(profiles, "a plain file, not a Delta table");
    DriftException e = failure(config().profileTable(profiles.toString()).build());
    assertThat(e.kind()).isEqualTo(DriftException.Kind.INPUT);
    assertThat(e.getMessage()).isEqualTo("--profile-table " + profiles + " is a file that is not a Driftlake profile"
        + " table: give a new or empty folder, or an existing profile table");

    CliHarness.Result result = CliHarness.drift("run",
        "--reference", ref, "--current", cur, "--output", out, "--profile-table", profiles.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().strip()).isEqualTo("drift run: error: " + e.getMessage());
    assertThat(Files.exists(Path.of(out))).isFalse();
    assertThat(Files.readString(profiles)).isEqualTo("a plain file, not a Delta table");
  }

  @Test
  void anOutputPathThatIsAFileIsRefusedBeforeAnythingIsRead() throws IOException {
    Files.writeString(Path.of(out), "a plain file, not a Delta table");
    Throwable thrown = catchThrowable(() -> DriftJob.run(spark, config().build()));
    assertThat(thrown).isInstanceOf(DriftException.class);
    DriftException e = (DriftException) thrown;
    assertThat(e.kind()).isEqualTo(DriftException.Kind.INPUT);
    assertThat(e.getMessage()).isEqualTo("--output " + out + " is a file that is not a Driftlake drift table:"
        + " give a new or empty folder, or an existing drift table");
    assertThat(Files.readString(Path.of(out))).isEqualTo("a plain file, not a Delta table");
  }
}
