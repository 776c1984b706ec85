package io.driftlake.cli;

import static io.driftlake.testing.CliHarness.drift;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.driftlake.spark.table.DriftTable;
import io.driftlake.testing.CliHarness.Result;
import io.driftlake.testing.SharedSpark;
import io.driftlake.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process (it reuses the shared session): exit codes, one-line errors, formats. */
class DriftCliTest {
  static SparkSession spark;
  @TempDir static Path dir;
  static String ref;
  static String cur;

  @BeforeAll
  static void inputs() {
    spark = SharedSpark.session();
    ref = dir.resolve("ref.parquet").toString();
    cur = dir.resolve("cur.parquet").toString();
    TestData.frame(spark, TestData.reference(400, 3), TestData.REFERENCE_SCHEMA).write().parquet(ref);
    TestData.frame(spark, TestData.current(300, 4), TestData.CURRENT_SCHEMA).write().parquet(cur);
  }

  /** stderr without the progress lines ({@code driftlake: PHASE ...}) the phases that ended before the error printed. */
  private static String errors(Result result) {
    return String.join("\n", result.err().lines().filter(l -> !l.startsWith("driftlake: ")).toList());
  }

  private static void assertOneLineError(Result result, int code, String expected) {
    assertThat(result.code()).isEqualTo(code);
    assertThat(errors(result).strip()).doesNotContain("\n").doesNotContain("\tat ").isEqualTo(expected);
  }

  @Test
  void everySubcommandHasHelp() {
    for (String command : List.of("run", "show", "demo")) {
      Result help = drift(command, "--help");
      assertThat(help.code()).isZero();
      assertThat(help.out()).startsWith("Usage: drift " + command);
    }
    assertThat(drift("run", "--help").out()).contains("--reference", "--smoothing", "--threshold", "--config");
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    assertOneLineError(drift("run", "--frob"), 2, "drift run: Unknown option: '--frob'. See 'drift run --help'.");
    assertOneLineError(drift("run", "--reference", ref, "--current", cur, "--output", dir.resolve("o").toString(),
        "--bins", "-2"), 2, "drift run: error: invalid value '-2' for --bins: expected a whole number from 1 to 10000");
    assertOneLineError(drift("run", "--reference", ref, "--current", cur, "--output", "x", "--smoothing", "laplace"),
        2, "drift run: error: invalid value 'laplace' for --smoothing: unknown smoothing 'laplace'");
    assertOneLineError(drift("run", "--current", cur, "--output", "x"), 2,
        "drift run: error: missing required option --reference: give it on the command line or in the --config file");
    assertOneLineError(drift("show", "--table", dir.resolve("nothing-here").toString()), 2,
        "drift show: error: no Delta drift table at " + dir.resolve("nothing-here")
            + ". Check --table, or write one with 'drift run --output " + dir.resolve("nothing-here") + "'");
  }

  @Test
  void inputErrorsExitTwoWithOneLine() {
    String out = dir.resolve("drift-errors").toString();
    assertOneLineError(drift("run", "--reference", dir.resolve("missing.parquet").toString(), "--current", cur,
        "--output", out), 2, "drift run: error: reference path does not exist: " + dir.resolve("missing.parquet")
            + ". Check the path, or pass a table name such as db.table");
    Result badFilter = drift("run", "--reference", ref, "--current", cur, "--output", out,
        "--current-filter", "i >>> 3");
    assertThat(badFilter.code()).isEqualTo(2);
    assertThat(errors(badFilter).strip()).startsWith("drift run: error: invalid --current-filter 'i >>> 3': ")
        .endsWith("Give a Spark SQL boolean expression over the current columns").doesNotContain("\n");
    assertOneLineError(drift("run", "--reference", ref, "--current", cur, "--output", out,
        "--reference-filter", "i < 0"), 2, "drift run: error: reference dataset has no rows after --reference-filter:"
            + " nothing was written. Point --reference at non-empty data or loosen the filter");
    Result wrongFormat = drift("run", "--reference", ref, "--reference-format", "csv", "--current", cur,
        "--output", out, "--features", "i");
    assertThat(wrongFormat.code()).isEqualTo(2);
    assertThat(errors(wrongFormat).strip()).startsWith("drift run: error: ").doesNotContain("\n");
    assertThat(Files.exists(Path.of(out))).isFalse();
  }

  @Test
  void configFileUnderCommandLineAndJsonlWithInfinity() throws Exception {
    Path conf = dir.resolve("drift.conf");
    String table = dir.resolve("drift-conf").toString();
    Files.writeString(conf, String.join("\n",
        "driftlake {",
        "  reference = \"" + ref + "\"",
        "  current = \"" + cur + "\"",
        "  output = \"" + table + "\"",
        "  bins = 4          # overridden below",
        "  smoothing = none  # KL may be Infinity",
        "  features = [i, s]",
        "}"));
    Result run = drift("run", "--config", conf.toString(), "--bins", "3", "--run-id", "conf-1");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("run conf-1: 2 features");

    Result jsonl = drift("show", "--table", table, "--format", "jsonl", "--run-id", "conf-1");
    assertThat(jsonl.code()).isZero();
    JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    List<String> lines = jsonl.out().lines().toList();
    assertThat(lines).hasSize(3); // i, s and the ':table' row
    assertThat(lines).filteredOn(l -> l.contains("\"column_name\":\":table\"")).hasSize(1);
    for (String line : lines) {
      JsonNode node = mapper.readTree(line);
      assertThat(node.get("smoothing").asText()).isEqualTo("none");
      List<String> fields = new java.util.ArrayList<>();
      node.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactly(DriftTable.SCHEMA.fieldNames());
      if (node.get("column_name").asText().equals("i")) {
        // bins 3 from the command line: 3 quantile bins inside the range + 2 outer bins = 6 edges
        assertThat(node.get("bin_edges")).hasSize(6);
        assertThat(node.get("bin_edges").get(0).asDouble()).isEqualTo(Double.NEGATIVE_INFINITY);
        // the current data has values above the reference max: no smoothing, so KL(Q‖P) is infinite
        assertThat(node.get("kl_cur_ref").asDouble()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(line).contains("\"kl_cur_ref\":Infinity").contains("\"bin_edges\":[-Infinity,");
      }
    }

    Result csv = drift("show", "--table", table, "--format", "csv");
    assertThat(csv.out().lines().findFirst().orElseThrow()).isEqualTo(String.join(",", DriftTable.SCHEMA.fieldNames()));
    Result text = drift("show", "--table", table);
    assertThat(text.out()).contains("conf-1").contains("column_name");
  }

  @Test
  void failOnDriftExitsThreeAfterWritingAndZeroWithoutDriftConfigGivesPerColumnThresholds() throws Exception {
    String table = dir.resolve("gate").toString();
    Result drifted = drift("run", "--reference", ref, "--current", cur, "--output", table, "--run-id", "gate-1",
        "--fail-on-drift");
    assertThat(drifted.code()).as(drifted.err()).isEqualTo(3);
    // stderr: the progress lines, then why it exits 3 (the summary on stdout ends with the same reason)
    assertThat(drifted.err().lines().toList()).last().asString()
        .startsWith("drift run: exit 3: drift found under --fail-on-drift in the whole data (");
    assertThat(drifted.out().lines().toList()).last().asString().startsWith("exit 3: drift found under --fail-on-drift");
    assertThat(DriftTable.read(spark, table, "gate-1").count()).isPositive(); // written before exiting
    Result same = drift("run", "--reference", ref, "--current", ref, "--output", table, "--run-id", "gate-2",
        "--fail-on-drift");
    assertThat(same.code()).as(same.err()).isZero();

    // per-column thresholds from a config file object: d may move by any psi below 1e9, so it never drifts
    Path conf = dir.resolve("thresholds.conf");
    Files.writeString(conf, "column-thresholds { d = \"psi=1e9\", \"s\" = \"js_distance=0.0\" }\n");
    Result run = drift("run", "--config", conf.toString(), "--reference", ref, "--current", cur, "--output", table,
        "--run-id", "gate-3", "--features", "d,s");
    assertThat(run.code()).as(run.err()).isZero();
    List<Row> rows = DriftTable.read(spark, table, "gate-3")
        .where("window_start IS NULL AND slice_key IS NULL AND column_name <> ':table'")
        .orderBy("column_name").select("column_name", "threshold_metric", "threshold").collectAsList();
    assertThat(rows.toString()).isEqualTo("[[d,psi,1.0E9], [s,js_distance,0.0]]");
    assertOneLineError(drift("run", "--reference", ref, "--current", cur, "--output", table, "--column-thresholds", "d=psi"),
        2, "drift run: error: invalid value 'd=psi' for --column-thresholds: expected COLUMN:METRIC=VALUE, e.g. temp_max:psi=0.2");
    assertOneLineError(drift("run", "--reference", ref, "--current", cur, "--output", table, "--drift-type", "consecutive"),
        2, "drift run: error: --drift-type consecutive compares consecutive windows: add --window-column and --granularity");
    assertOneLineError(drift("run", "--reference", ref, "--current", cur, "--output", table, "--window-column", "d",
        "--granularity", "1 day"), 2, "drift run: error: invalid value 'd' for --window-column: it is double: give a date, "
            + "timestamp or timestamp-formatted string column");
  }

  @Test
  void demoRunsTheRealJobAndPrintsTheSummary() {
    Path demo = dir.resolve("demo");
    Result result = drift("demo", "--dir", demo.toString());
    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(1)).startsWith("run ").contains(": 5 features, ");
    assertThat(lines.get(3)).startsWith("judged by js_distance > 0.1 and q_value < alpha 0.01");
    // one line per feature under its verdict (drifted, not drifted), judged by js_distance
    List<String> featureLines = lines.stream().filter(l -> l.matches("  \\S+ +js_distance .*")).toList();
    List<String> features = featureLines.stream().map(l -> l.strip().split("\\s+")[0]).toList();
    assertThat(features).containsExactlyInAnyOrder("precipitation", "temp_max", "temp_min", "wind", "weather");
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("(drifted|not drifted) \\(\\d+\\):")) {
        double[] js = lines.subList(i + 1, lines.size()).stream().takeWhile(l -> l.startsWith("  "))
            .mapToDouble(l -> Double.parseDouble(l.replaceFirst(".*?js_distance (\\S+) .*", "$1"))).toArray();
        double[] sorted = Arrays.stream(js).boxed().sorted(java.util.Comparator.reverseOrder()).mapToDouble(d -> d).toArray();
        assertThat(js).as("most drifted first: " + lines.get(i)).isNotEmpty().containsExactly(sorted);
      }
    }
    assertThat(result.out()).contains("left out, used by the run itself: date (--window-column, --reference-filter,"
        + " --current-filter)");
    assertThat(result.err()).contains("driftlake: profile-current  current data  365 rows  5 features  ");
    List<Row> rows = spark.read().format("delta").load(demo.resolve("drift_table").toString())
        .where("column_name <> ':table' AND window_start IS NULL").collectAsList();
    assertThat(result.out()).contains("HTML report: " + demo.resolve("drift_report.html").toAbsolutePath());
    assertThat(demo.resolve("drift_report.html")).isNotEmptyFile();
    // 12 months x 6 rows (5 features + ':table') baseline, 11 x 6 consecutive
    assertThat(spark.read().format("delta").load(demo.resolve("drift_table").toString())
        .where("window_start IS NOT NULL").count()).isEqualTo(12 * 6 + 11 * 6);
    Row table = spark.read().format("delta").load(demo.resolve("drift_table").toString())
        .where("column_name = ':table' AND window_start IS NULL").head();
    // js_distance crosses 0.1 for all 5 (at 365 rows a side noise alone gives ~0.14), but only weather
    // (chi2 p 3e-18) and temp_max (5e-4) are significant at alpha 0.01 after Benjamini-Hochberg over the
    // run's 120 tested rows (5 whole-data, 12 x 5 monthly, 11 x 5 consecutive); temp_min (p 0.026), wind (0.15) and precipitation (0.13) are not
    assertThat(table.<Double>getAs("drifted_share")).isEqualTo(0.4);
    assertThat(table.<Double>getAs("row_count_change")).isEqualTo(365.0 / 366 - 1);
    assertThat(rows).hasSize(5).allSatisfy(r -> {
      assertThat(r.<String>getAs("status")).isEqualTo("OK");
      assertThat(r.<Long>getAs("ref_count")).isEqualTo(366L); // 2012 is a leap year
      assertThat(r.<Long>getAs("cur_count")).isEqualTo(365L);
    });
  }
}
