package io.driftlake.cli;

import static io.driftlake.testing.CliHarness.drift;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.table.DriftRecord;
import io.driftlake.spark.table.DriftTable;
import io.driftlake.testing.CliHarness.Result;
import io.driftlake.testing.DriftTables;
import io.driftlake.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drift show}, {@code drift runs} and {@code drift report} on a drift table written by the
 * real job: a path is read without Spark (checked in a child JVM), a table name through Spark, and
 * show's filters keep exactly the rows they name.
 */
class ShowRunsCliTest {
  static SparkSession spark;
  static String table;
  static List<DriftRecord> all;
  @TempDir static Path dir;

  @BeforeAll
  static void table() {
    spark = SharedSpark.session();
    table = DriftTables.windowedAndSliced(spark);
    all = DriftTable.records(DriftTable.read(spark, table, null).collectAsList());
  }

  /** The jsonl lines of {@code drift show} with {@code filters}, as the column_name|window|type|slice of each row. */
  private static List<String> shown(String... filters) {
    List<String> args = new ArrayList<>(List.of("show", "--table", table, "--format", "csv"));
    args.addAll(List.of(filters));
    Result result = drift(args.toArray(String[]::new));
    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(String.join(",", DriftTable.SCHEMA.fieldNames()));
    return lines.subList(1, lines.size());
  }

  private static long count(java.util.function.Predicate<DriftRecord> keep) {
    return all.stream().filter(keep).count();
  }

  @Test
  void showFiltersKeepExactlyTheRowsTheyName() {
    assertThat(shown()).hasSize(all.size());
    assertThat(shown("--feature", "d")).hasSize((int) count(r -> r.columnName().equals("d")))
        .allSatisfy(line -> assertThat(line.split(",")[10]).isEqualTo("d"));
    long drifted = count(r -> Boolean.TRUE.equals(r.drifted()));
    assertThat(drifted).isPositive();
    assertThat(shown("--drifted")).hasSize((int) drifted);
    Instant week = all.stream().map(DriftRecord::windowStart).filter(w -> w != null).sorted().skip(1).findFirst().orElseThrow();
    assertThat(shown("--window", week.toString())).hasSize((int) count(r -> week.equals(r.windowStart())));
    assertThat(shown("--window", week.toString().substring(0, 10), "--run-id", DriftTables.WINDOWED_RUN))
        .hasSize((int) count(r -> week.equals(r.windowStart())));
    long sliced = count(r -> "b".equals(r.sliceKey()) && "true".equals(r.sliceValue()));
    assertThat(sliced).isPositive();
    assertThat(shown("--slice", "b=true")).hasSize((int) sliced);
    assertThat(shown("--slice", "true")).hasSize((int) sliced);
    assertThat(shown("--slice", "other=true")).isEmpty();
    assertThat(shown("--feature", "d", "--slice", "b=false", "--window", week.toString()))
        .hasSize((int) count(r -> r.columnName().equals("d") && "false".equals(r.sliceValue()) && week.equals(r.windowStart())));
    assertThat(shown("--run-id", DriftTables.WHOLE_RUN)).hasSize((int) count(r -> r.runId().equals(DriftTables.WHOLE_RUN)));

    Result bad = drift("show", "--table", table, "--window", "last week");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("drift show: error: invalid value 'last week' for --window: expected a date "
        + "such as 2012-03-01 or a timestamp such as 2012-03-01T06:00:00Z (UTC when no offset)");
  }

  @Test
  void theDefaultTableTellsEveryRowApart() {
    Result text = drift("show", "--table", table, "--run-id", DriftTables.WINDOWED_RUN, "--feature", "d", "--slice", "b=true");
    assertThat(text.code()).as(text.err()).isZero();
    List<String> lines = text.out().lines().toList();
    assertThat(lines.get(0).split("\\s+")).containsExactly("run_id", "window_start", "window_end", "drift_type", "slice",
        "column_name", "kind", "status", "metric", "value", "threshold", "drifted", "noise", "q_value",
        "top_bin", "message");
    List<String> rows = lines.subList(1, lines.size());
    assertThat(rows).hasSize((int) count(r -> r.runId().equals(DriftTables.WINDOWED_RUN) && r.columnName().equals("d")
        && "true".equals(r.sliceValue())));
    // (window, drift type) tells these rows apart, and each shows its slice and judged metric
    assertThat(rows.stream().map(l -> String.join(" ", List.of(l.split("\\s+")).subList(1, 4))).distinct()).hasSize(rows.size());
    assertThat(rows).allSatisfy(l -> assertThat(l).contains(" b=true ", " js_distance ", " \u2192 "));
  }

  @Test
  void runsListsOneLinePerRunNewestFirst() {
    Result runs = drift("runs", "--table", table);
    assertThat(runs.code()).as(runs.err()).isZero();
    List<String> lines = runs.out().lines().toList();
    assertThat(lines.get(0).split("\\s+")).containsExactly("run_id", "run_ts", "reference", "current", "rows",
        "features", "drifted");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).startsWith(DriftTables.WINDOWED_RUN + " ");
    assertThat(lines.get(2)).startsWith(DriftTables.WHOLE_RUN + " ");
    for (String line : lines.subList(1, 3)) {
      String[] cells = line.split("\\s+");
      DriftRecord tableRow = all.stream().filter(r -> r.runId().equals(cells[0]) && r.columnName().equals(":table")
          && r.windowStart() == null && r.sliceKey() == null).findFirst().orElseThrow();
      long drifted = count(r -> r.runId().equals(cells[0]) && r.windowStart() == null && r.sliceKey() == null
          && !r.columnName().equals(":table") && Boolean.TRUE.equals(r.drifted()));
      assertThat(cells[1]).isEqualTo(tableRow.runTs().toString());
      assertThat(cells[2]).isEqualTo(tableRow.reference());
      assertThat(cells[3]).isEqualTo(tableRow.current());
      assertThat(cells[4]).isEqualTo("400/300");
      assertThat(cells[5]).isEqualTo("3");
      assertThat(cells[6]).isEqualTo(Long.toString(drifted));
    }
  }

  @Test
  void aTableNameStillGoesThroughSpark() {
    spark.sql("CREATE TABLE IF NOT EXISTS kernel_cli_drift USING delta LOCATION '" + table + "'");
    Result byName = drift("show", "--table", "kernel_cli_drift", "--format", "jsonl");
    Result byPath = drift("show", "--table", table, "--format", "jsonl");
    assertThat(byName.code()).as(byName.err()).isZero();
    assertThat(byName.out()).isEqualTo(byPath.out());
    assertThat(drift("runs", "--table", "kernel_cli_drift").out()).isEqualTo(drift("runs", "--table", table).out());
  }

  @Test
  void viewsSayPlainlyWhenTheyAreSessionLocal() {
    Result views = drift("views", "--table", table);
    assertThat(views.code()).as(views.err()).isZero();
    assertThat(views.out()).contains("CREATE OR REPLACE VIEW drift_latest AS", "delta.`" + table + "`")
        .contains("created 5 views in this session only: it has no metastore (spark.sql.catalogImplementation=in-memory)")
        .contains("run the statements above in Databricks SQL");
  }

  @Test
  void showRunsAndReportOnAPathStartNoSparkSession() throws Exception {
    // a child JVM with nothing else in it; Spark would log "SparkContext: Running Spark version" at INFO
    Path log = dir.resolve("log4j2-info.properties");
    Files.writeString(log, String.join("\n", "rootLogger.level = info", "rootLogger.appenderRef.stderr.ref = console",
        "appender.console.type = Console", "appender.console.name = console", "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %p %c{1}: %m%n", ""));
    Path report = dir.resolve("report.html");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dlog4j2.configurationFile=" + log, "-cp", System.getProperty("java.class.path"), NoSparkCli.class.getName(),
        "show", "--table", table, ";;", "runs", "--table", table, ";;",
        "report", "--table", table, "--run-id", DriftTables.WHOLE_RUN, "--out", report.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // until it exits
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("spark sessions: none").doesNotContain("SparkContext").doesNotContain("SparkSession")
        .contains("report of run " + DriftTables.WHOLE_RUN).contains(DriftTables.WINDOWED_RUN + " ");
    assertThat(Files.readString(report)).contains("Drift report").contains(DriftTables.WHOLE_RUN);
  }
}
