package io.driftlake.spark.input;

import io.driftlake.spark.table.DriftTable;
import io.driftlake.spark.table.ProfileTable;

import static io.driftlake.testing.CliHarness.drift;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.driftlake.testing.CliHarness.Result;
import io.driftlake.testing.SharedSpark;
import io.driftlake.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output} and {@code --profile-table} are checked before anything is read: a folder of the
 * user's own files, a Delta table of user data, a catalog table that is not a drift table, or the
 * same place as an input exit 2 with one line, and what was there is byte-for-byte as it was.
 */
class OutputSafetySparkTest {
  static final String WEATHER = Path.of("src/main/resources/demo/seattle-weather.csv").toAbsolutePath().toString();
  static SparkSession spark;
  @TempDir static Path dir;
  static String ref;
  static String cur;

  static Result run(String output, String... more) {
    String[] args = {"run", "--reference", ref, "--current", cur, "--output", output, "--exclude", "gone"};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return drift(all);
  }

  @BeforeAll
  static void inputs() {
    spark = SharedSpark.session();
    ref = dir.resolve("ref").toString();
    cur = dir.resolve("cur").toString();
    TestData.frame(spark, TestData.reference(300, 1), TestData.REFERENCE_SCHEMA).write().parquet(ref);
    TestData.frame(spark, TestData.current(300, 2), TestData.CURRENT_SCHEMA).write().parquet(cur);
  }

  /** Every file under {@code root} with its size and content hash: what "unchanged" is compared on. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.size(p) + ":" + java.util.Arrays.hashCode(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  private static void assertOneLine(Result result, String expected) {
    assertThat(result.code()).as(result.err()).isEqualTo(2);
    assertThat(result.err().strip()).doesNotContain("\n").isEqualTo("drift run: error: " + expected);
  }

  @Test
  void aFolderOfTheUsersParquetFilesIsRefusedAndLeftUntouched() throws IOException {
    Path folder = dir.resolve("user-files");
    spark.read().option("header", "true").option("inferSchema", "true").csv(WEATHER).coalesce(2).write()
        .parquet(folder.toString());
    Files.writeString(folder.resolve("readme.txt"), "our weather export; do not delete\n");
    Map<String, String> before = snapshot(folder);
    long parts = before.keySet().stream().filter(f -> f.endsWith(".parquet")).count();
    assertThat(parts).isPositive();

    Result result = run(folder.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().strip()).doesNotContain("\n")
        .startsWith("drift run: error: --output " + folder + " is a folder with " + before.size() + " files (")
        .endsWith("that is not a Driftlake drift table: give a new or empty folder, or an existing drift table");
    assertThat(snapshot(folder)).isEqualTo(before);
    assertThat(folder.resolve("_delta_log")).doesNotExist();

    // the same folder as --profile-table
    Result profile = run(dir.resolve("fine-output").toString(), "--profile-table", folder.toString());
    assertThat(profile.err().strip()).startsWith("drift run: error: --profile-table " + folder + " is a folder with ")
        .endsWith("that is not a Driftlake profile table: give a new or empty folder, or an existing profile table");
    assertThat(snapshot(folder)).isEqualTo(before);
    assertThat(dir.resolve("fine-output")).doesNotExist();
  }

  @Test
  void aDeltaTableOfUserDataIsRefusedAndKeepsItsVersionAndFiles() throws IOException {
    Path table = dir.resolve("user-delta");
    spark.read().option("header", "true").option("inferSchema", "true").csv(WEATHER).write().format("delta")
        .save(table.toString());
    spark.read().option("header", "true").option("inferSchema", "true").csv(WEATHER).limit(10).write().format("delta")
        .mode("append").save(table.toString());
    Map<String, String> before = snapshot(table);
    long version = DeltaTable.forPath(spark, table.toString()).history(1).head().<Long>getAs("version");

    assertOneLine(run(table.toString()), "--output " + table + " is a Delta table with columns (date, precipitation,"
        + " temp_max, temp_min, ...) that is not a Driftlake drift table: give a new or empty folder, or an existing drift table");
    assertThat(snapshot(table)).isEqualTo(before);
    assertThat(DeltaTable.forPath(spark, table.toString()).history(1).head().<Long>getAs("version")).isEqualTo(version);

    // a catalog table of user data, Delta or Parquet, likewise
    spark.read().option("header", "true").option("inferSchema", "true").csv(WEATHER).write().format("parquet")
        .saveAsTable("user_weather_parquet");
    long rows = spark.table("user_weather_parquet").count();
    assertOneLine(run("user_weather_parquet"), "--output user_weather_parquet is a parquet table with columns (date,"
        + " precipitation, temp_max, temp_min, ...) that is not a Driftlake drift table: give a new table name, or an existing drift table");
    assertThat(spark.table("user_weather_parquet").count()).isEqualTo(rows);
  }

  @Test
  void anOutputThatIsAnInputIsRefusedHoweverThePathIsWritten() throws IOException {
    Map<String, String> before = snapshot(Path.of(ref));
    String parent = Path.of(ref).getParent().toString();
    for (String same : new String[] {ref + "/", "file:" + ref, "file://" + ref + "/", parent + "/x/../" + Path.of(ref).getFileName()}) {
      assertOneLine(run(same), "--output " + same + " is the same location as --reference: one location cannot be"
          + " both. Give --output a new or empty folder, or an existing Driftlake table");
    }
    assertThat(snapshot(Path.of(ref))).isEqualTo(before);

    // table names through the catalog: default.t and t are one table; so is its location
    spark.read().parquet(cur).write().format("delta").saveAsTable("cur_as_table");
    assertOneLine(drift("run", "--reference", ref, "--current", "cur_as_table", "--output", "default.cur_as_table",
        "--exclude", "gone"), "--output default.cur_as_table is the same location as --current: one location cannot"
            + " be both. Give --output a new or empty folder, or an existing Driftlake table");
    String location = DeltaTable.forName(spark, "cur_as_table").detail().select("location").head().getString(0);
    Result byPath = drift("run", "--reference", ref, "--current", "cur_as_table", "--output", location, "--exclude", "gone");
    assertThat(byPath.code()).isEqualTo(2);
    assertThat(byPath.err()).contains("is the same location as --current");

    // the profile table and the drift table cannot be one table either
    String drift = dir.resolve("one-table").toString();
    assertOneLine(run(drift, "--profile-table", drift + "/"), "--profile-table " + drift + "/ is the same location as"
        + " --output: one location cannot be both. Give --profile-table a new or empty folder, or an existing Driftlake table");
  }

  @Test
  void aNewPathAnEmptyFolderAndAnExistingDriftTableAreAccepted() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty-folder"));
    Result first = run(empty.toString(), "--run-id", "one");
    assertThat(first.code()).as(first.err()).isZero();
    Result again = run(empty.toString(), "--run-id", "two", "--profile-table", dir.resolve("profiles").toString());
    assertThat(again.code()).as(again.err()).isZero();
    Result profilesAgain = run(empty.toString(), "--run-id", "three", "--profile-table", dir.resolve("profiles").toString());
    assertThat(profilesAgain.code()).as(profilesAgain.err()).isZero();
    assertThat(DriftTable.read(spark, empty.toString(), null).select("run_id").distinct().count()).isEqualTo(3);
  }

  @Test
  void compatibleMeansOurColumnsOfOurTypesWithTheIdColumn() {
    assertThat(OutputSafety.compatible(DriftTable.SCHEMA, DriftTable.SCHEMA)).isTrue();
    var older = new org.apache.spark.sql.types.StructType(java.util.Arrays.copyOf(DriftTable.SCHEMA.fields(), 42));
    assertThat(OutputSafety.compatible(older, DriftTable.SCHEMA)).isTrue();
    assertThat(OutputSafety.compatible(ProfileTable.SCHEMA, DriftTable.SCHEMA)).isFalse();
    assertThat(OutputSafety.compatible(DriftTable.SCHEMA.add("extra", "int"), DriftTable.SCHEMA)).isFalse();
    var retyped = new org.apache.spark.sql.types.StructType().add("run_id", "int");
    assertThat(OutputSafety.compatible(retyped, DriftTable.SCHEMA)).isFalse();
  }
}
