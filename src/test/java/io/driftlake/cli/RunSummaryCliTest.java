package io.driftlake.cli;

import static io.driftlake.testing.CliHarness.drift;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.spark.table.DriftTable;
import io.driftlake.testing.CliHarness.Result;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code drift run} tells its user, from real runs on real Parquet files: the summary names the
 * one slice (or window) that drifted and why the run exits as it does, the progress lines are on
 * stderr unless {@code --quiet}, and the columns the run itself uses (filter, window, slice columns)
 * or cannot measure (array, binary) are left out of the default features with a notice.
 */
class RunSummaryCliTest {
  static final StructType SCHEMA = new StructType()
      .add("origin", DataTypes.StringType)
      .add("x", DataTypes.DoubleType)
      .add("y", DataTypes.DoubleType)
      .add("kind", DataTypes.IntegerType)
      .add("day", DataTypes.DateType)
      .add("tags", DataTypes.createArrayType(DataTypes.StringType))
      .add("blob", DataTypes.BinaryType);
  static final String[] ORIGINS = {"EU", "US", "ASIA"};
  static final int ROWS = 3000; // 1000 a slice, 1000 a month: above --min-rows everywhere

  static SparkSession spark;
  @TempDir static Path dir;
  static String ref;
  static String slicedCur;
  static String windowedCur;

  /**
   * Seeded rows: origin cycles through EU, US, ASIA; day cycles through January, February and March
   * 2024; x and y standard normal. {@code shiftEu} moves x of the EU rows by 3σ, {@code shiftMarch}
   * moves x of the March rows by 3σ.
   */
  static List<Row> rows(long seed, boolean shiftEu, boolean shiftMarch) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < ROWS; r++) {
      String origin = ORIGINS[r % 3];
      int month = 1 + (r / 3) % 3;
      LocalDate day = LocalDate.of(2024, month, 1 + random.nextInt(28));
      double x = random.nextGaussian();
      if ((shiftEu && origin.equals("EU")) || (shiftMarch && month == 3)) {
        x += 3;
      }
      rows.add(RowFactory.create(origin, x, random.nextGaussian(), random.nextInt(5), Date.valueOf(day),
          List.of("t" + random.nextInt(3)), new byte[] {(byte) random.nextInt(4)}));
    }
    return rows;
  }

  static String write(String name, List<Row> rows) {
    String path = dir.resolve(name).toString();
    spark.createDataFrame(rows, SCHEMA).write().parquet(path);
    return path;
  }

  @BeforeAll
  static void inputs() {
    spark = SharedSpark.session();
    ref = write("ref.parquet", rows(1, false, false));
    slicedCur = write("sliced.parquet", rows(2, true, false));
    windowedCur = write("windowed.parquet", rows(3, false, true));
  }

  private static List<String> features(String table, String runId) {
    return DriftTable.read(spark, table, runId)
        .where("window_start IS NULL AND slice_key IS NULL AND column_name <> ':table'")
        .orderBy("column_name").select("column_name").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void aSlicedRunNamesTheOneSliceThatDriftedTheExitReasonAndPrintsProgressOnStderr() {
    String table = dir.resolve("sliced-drift").toString();
    Result run = drift("run", "--reference", ref, "--current", slicedCur, "--output", table, "--run-id", "sliced",
        "--slice-by", "origin", "--current-filter", "kind >= 0", "--fail-on-drift");
    assertThat(run.code()).as(run.err()).isEqualTo(3);
    String out = run.out();
    assertThat(out).contains("rows: reference 3000 rows (", "current 3000 rows (");
    assertThat(out).contains("judged by js_distance > 0.1 and q_value < alpha 0.01");
    // x drifted in the whole data (a third of it moved by 3σ), y and day did not; judged by js_distance
    assertThat(out).containsPattern("\\ndrifted \\(1\\):\\n  x +js_distance 0\\.\\d+ > 0\\.1 \\(noise 0\\.\\d+, q \\S+\\)  \\S+.*: "
        + "\\d+\\.\\d% → \\d+\\.\\d%\\n");
    assertThat(out).containsPattern("\\nnot drifted \\(2\\):\\n(  \\S+ +js_distance 0\\.\\d+ ≤ 0\\.1 \\(noise 0\\.\\d+, q \\S+\\)\\n){2}");
    assertThat(out).containsPattern("\\n  y +js_distance").containsPattern("\\n  day +js_distance");
    // only the EU slice drifted: named, the others counted
    assertThat(out).contains("slices by origin: 1 of 3 drifted");
    assertThat(out).containsPattern("drifted windows and slices, most drifted first:\\n  origin=EU  1 of 3 features drifted: x js_distance");
    assertThat(out).doesNotContain("origin=US  ").doesNotContain("origin=ASIA  ");
    assertThat(out).contains("list every drifted row: jobs/drift show --table " + table + " --run-id sliced --drifted");
    // the slice column and the filter's column are not measured by default; arrays and binaries neither
    assertThat(out).contains("left out, used by the run itself: origin (--slice-by), kind (--current-filter);"
        + " name them in --features to measure them");
    assertThat(out).contains("left out, types not measured: tags (array<string>), blob (binary);");
    assertThat(features(table, "sliced")).containsExactly("day", "x", "y");
    String exit = "exit 3: drift found under --fail-on-drift in the whole data (x) and 1 slice (origin=EU)";
    assertThat(out.lines().toList()).last().isEqualTo(exit);

    // stderr: one line per phase as it ends, the line of where the whole time went, then the exit reason
    List<String> err = run.err().lines().toList();
    assertThat(err).last().isEqualTo("drift run: " + exit);
    List<String> phases = err.stream().filter(l -> l.startsWith("driftlake: ") && !l.contains(" s in all: "))
        .map(l -> l.split("  ")[0].substring("driftlake: ".length())).toList();
    assertThat(err).filteredOn(l -> l.contains(" s in all: ")).singleElement().asString()
        .matches("driftlake: \\d+\\.\\d s in all: start \\d+\\.\\d s \\(JVM and Spark\\), plan \\d+\\.\\d s, read \\d+\\.\\d s"
            + " \\(profiles\\), compare \\d+\\.\\d s, write \\d+\\.\\d s");
    assertThat(phases).containsExactly("plan", "profile-reference", "profile-current", "compare", "write");
    assertThat(err).anySatisfy(l -> assertThat(l)
        .matches("driftlake: profile-current  current data  3000 rows  3 features  udaf engine \\(not columnar: its plan has"
            + " Filter between scan and count \\(a filter the scan cannot apply by itself\\)\\)  \\d+\\.\\d s"));
    assertThat(err).anySatisfy(l -> assertThat(l)
        .matches("driftlake: profile-reference  reference  3000 rows  3 features  columnar engine  \\d+\\.\\d s"));
  }

  @Test
  void aWindowedRunNamesTheOneWindowThatDriftedAndQuietPrintsNoProgress() {
    String table = dir.resolve("windowed-drift").toString();
    Result run = drift("run", "--reference", ref, "--current", windowedCur, "--output", table, "--run-id", "windowed",
        "--window-column", "day", "--granularity", "1 month", "--features", "x,y", "--fail-on-drift", "--quiet");
    assertThat(run.code()).as(run.err()).isEqualTo(3);
    assertThat(run.out()).contains("windows vs the reference: 1 of 3 drifted");
    assertThat(run.out()).containsPattern("drifted windows and slices, most drifted first:\\n  2024-03  1 of 2 features drifted: x ");
    assertThat(run.out()).doesNotContain("  2024-01  ").doesNotContain("  2024-02  ");
    assertThat(run.out()).doesNotContain("left out");
    String exit = "exit 3: drift found under --fail-on-drift in the whole data (x) and 1 window (2024-03)";
    assertThat(run.out().lines().toList()).last().isEqualTo(exit);
    // --quiet: no progress lines, only the exit reason
    assertThat(run.err().strip()).isEqualTo("drift run: " + exit);
  }

  @Test
  void columnsTheRunUsesAreMeasuredWhenNamedAndTheWindowColumnIsLeftOutByDefault() {
    String table = dir.resolve("named-drift").toString();
    Result named = drift("run", "--reference", ref, "--current", slicedCur, "--output", table, "--run-id", "named",
        "--slice-by", "origin", "--current-filter", "kind >= 0", "--features", "x,origin,kind,day,tags", "--quiet");
    assertThat(named.code()).as(named.err()).isZero();
    assertThat(named.out()).doesNotContain("left out");
    Map<String, String> status = DriftTable.read(spark, table, "named")
        .where("window_start IS NULL AND slice_key IS NULL AND column_name <> ':table'")
        .select("column_name", "status").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    assertThat(status).containsOnly(Map.entry("x", "OK"), Map.entry("origin", "OK"), Map.entry("kind", "OK"),
        Map.entry("day", "OK"), Map.entry("tags", "FAILED"));
    assertThat(named.out()).containsPattern("not measured \\(1\\):\\n  tags +FAILED: unsupported type array<string>");
    assertThat(named.out().lines().toList()).last()
        .isEqualTo("exit 0: drift found in the whole data (x) and 1 slice (origin=EU); --fail-on-drift would make it exit 3");

    Result windowed = drift("run", "--reference", ref, "--current", windowedCur, "--output", table, "--run-id", "by-day",
        "--window-column", "day", "--granularity", "1 month", "--reference-filter", "y > -100", "--exclude", "tags,blob",
        "--quiet");
    assertThat(windowed.code()).as(windowed.err()).isZero();
    assertThat(windowed.out()).contains("left out, used by the run itself: y (--reference-filter), day (--window-column);"
        + " name them in --features to measure them");
    assertThat(windowed.out()).doesNotContain("types not measured");
    assertThat(features(table, "by-day")).containsExactly("kind", "origin", "x");
  }
}
