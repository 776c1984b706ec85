package io.driftlake.spark;

import io.driftlake.spark.table.DashboardViews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.Driftlake;
import io.driftlake.cli.DriftCli;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Granularity;
import io.driftlake.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Where users meet the drift table: the Databricks notebooks (every SQL cell run against a real drift
 * table), the dashboard views, and the HTML report opened in headless Chromium.
 */
class UserFacingSparkTest {
  static final String WEATHER = Path.of("src/main/resources/demo/seattle-weather.csv").toAbsolutePath().toString();
  static final Path NOTEBOOKS = Path.of("notebooks");
  static SparkSession spark;
  @TempDir static Path dir;
  static String table;

  @BeforeAll
  static void driftTable() {
    spark = SharedSpark.session();
    table = dir.resolve("drift").toString();
    Driftlake.run(spark, DriftConfig.builder().reference(WEATHER).current(WEATHER).output(table)
        .referenceFilter("year(date) = 2012").currentFilter("year(date) = 2015").exclude(List.of("date")).runId("whole").build());
    Driftlake.run(spark, DriftConfig.builder().reference(WEATHER).current(WEATHER).output(table)
        .referenceFilter("year(date) = 2012").currentFilter("year(date) >= 2014")
        .windowColumn("date").granularity(Granularity.parse("1 month")).driftType(DriftType.BOTH)
        .sliceBy(List.of("weather")).maxSlices(2).runId("monthly")
        // a slice-by column is left out of the default features: name it to measure it
        .features(List.of("precipitation", "temp_max", "temp_min", "wind", "weather")).build());
  }

  record Cell(String kind, String text) {}

  /** Cells of a Databricks source notebook: kind "python", "md" or "sql"; MAGIC prefixes removed. */
  static List<Cell> cells(Path notebook) throws IOException {
    String text = Files.readString(notebook);
    assertThat(text).as(notebook.toString()).startsWith("# Databricks notebook source\n");
    List<Cell> cells = new ArrayList<>();
    for (String raw : text.substring(text.indexOf('\n') + 1).split("\n\n# COMMAND ----------\n\n")) {
      String cell = raw.strip();
      if (cell.startsWith("# MAGIC")) {
        List<String> lines = cell.lines().toList();
        assertThat(lines).as("every line of a magic cell starts with # MAGIC").allMatch(l -> l.startsWith("# MAGIC"));
        String body = String.join("\n", lines.stream().map(l -> l.replaceFirst("^# MAGIC ?", "")).toList());
        String kind = body.startsWith("%sql") ? "sql" : body.startsWith("%md") ? "md" : "other";
        assertThat(kind).as("magic cell kind in " + notebook).isNotEqualTo("other");
        cells.add(new Cell(kind, body.substring(body.indexOf('\n') + 1)));
      } else {
        cells.add(new Cell("python", cell));
      }
    }
    return cells;
  }

  static Set<String> widgets(List<Cell> cells) {
    Set<String> names = new java.util.LinkedHashSet<>();
    Matcher m = Pattern.compile("dbutils\\.widgets\\.(?:text|dropdown)\\(\"(\\w+)\"")
        .matcher(String.join("\n", cells.stream().map(Cell::text).toList()));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void theWatchNotebookPassesOnlyOptionsOfDriftWatchThroughTheApi() throws IOException {
    List<Cell> cells = cells(NOTEBOOKS.resolve("watch_drift.py"));
    String code = String.join("\n", cells.stream().filter(c -> c.kind().equals("python")).map(Cell::text).toList());
    assertThat(code).contains("spark._jvm.io.driftlake.Driftlake.watchCommandLine(spark._jsparkSession, args)");
    Set<String> options = new CommandLine(new DriftCli()).getSubcommands().get("watch").getCommandSpec().optionsMap().keySet();
    Matcher option = Pattern.compile("\"(--[a-z-]+)\"").matcher(code);
    int seen = 0;
    while (option.find()) {
      assertThat(options).as("watch_drift passes " + option.group(1)).contains(option.group(1));
      seen++;
    }
    assertThat(seen).isGreaterThanOrEqualTo(8);
    Matcher read = Pattern.compile("w\\(\"(\\w+)\"\\)").matcher(code);
    while (read.find()) {
      assertThat(widgets(cells)).as("widget " + read.group(1) + " is declared").contains(read.group(1));
    }
  }

  @Test
  void everyNotebookSqlCellRunsAgainstTheDriftTableAndReturnsRows() throws IOException {
    List<Cell> cells = cells(NOTEBOOKS.resolve("explore_drift.py"));
    assertThat(widgets(cells)).containsExactly("drift_table", "feature");
    Map<String, String> values = Map.of("drift_table", DashboardViews.source(table), "feature", "temp_max");
    List<Cell> sql = cells.stream().filter(c -> c.kind().equals("sql")).toList();
    assertThat(sql).hasSize(4);
    List<List<Row>> results = new ArrayList<>();
    for (Cell cell : sql) {
      Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(cell.text());
      StringBuilder statement = new StringBuilder();
      while (m.find()) {
        assertThat(values).as("widget " + m.group(1) + " is declared").containsKey(m.group(1));
        m.appendReplacement(statement, Matcher.quoteReplacement(values.get(m.group(1))));
      }
      m.appendTail(statement);
      List<Row> rows = spark.sql(statement.toString()).collectAsList();
      assertThat(rows).as(cell.text()).isNotEmpty();
      results.add(rows);
    }
    // latest run per feature: the 5 weather features, from the later (monthly) run
    assertThat(results.get(0)).hasSize(5).allSatisfy(r -> assertThat(r.<String>getAs("run_id")).isEqualTo("monthly"));
    // 24 months x (baseline + consecutive) - the first month has no consecutive row
    assertThat(results.get(1)).hasSize(24 + 23);
    // histogram shares sum to 1 on each side
    assertThat(results.get(2).stream().mapToDouble(r -> r.<Double>getAs("ref_share")).sum()).isCloseTo(1.0, within(1e-9));
    assertThat(results.get(2).stream().mapToDouble(r -> r.<Double>getAs("cur_share")).sum()).isCloseTo(1.0, within(1e-9));
    assertThat(results.get(3)).hasSize(2);

    // run_drift: its options are real `drift run` options and every widget it reads is declared
    List<Cell> run = cells(NOTEBOOKS.resolve("run_drift.py"));
    String code = String.join("\n", run.stream().filter(c -> c.kind().equals("python")).map(Cell::text).toList());
    assertThat(code).contains("spark._jvm.io.driftlake.Driftlake.runCommandLine(spark._jsparkSession, args)");
    Set<String> options = new CommandLine(new DriftCli()).getSubcommands().get("run").getCommandSpec().optionsMap().keySet();
    Matcher option = Pattern.compile("\"(--[a-z-]+)\"").matcher(code);
    int seen = 0;
    while (option.find()) {
      assertThat(options).as("run_drift passes " + option.group(1)).contains(option.group(1));
      seen++;
    }
    assertThat(seen).isGreaterThanOrEqualTo(10);
    Matcher read = Pattern.compile("w\\(\"(\\w+)\"\\)").matcher(code);
    while (read.find()) {
      assertThat(widgets(run)).contains(read.group(1));
    }
  }

  @Test
  void dashboardViewsAreCreatedAndQueryable() {
    List<String> statements = Driftlake.createViews(spark, table, null);
    assertThat(statements).hasSize(5);
    assertThat(spark.sql("SELECT * FROM drift_latest").collectAsList()).hasSize(5)
        .allSatisfy(r -> assertThat(r.<String>getAs("run_id")).isEqualTo("monthly"));
    assertThat(spark.sql("SELECT * FROM drift_runs ORDER BY run_ts").collectAsList())
        .extracting(r -> r.<String>getAs("run_id")).containsExactly("whole", "monthly");
    assertThat(spark.sql("SELECT DISTINCT period_start FROM drift_trend WHERE run_id = 'monthly' AND window_start IS NOT NULL")
        .count()).isEqualTo(24);
    // data quality: one row per feature of each run's whole data, plus its :table row with the column changes
    List<Row> quality = spark.sql("SELECT * FROM drift_quality WHERE run_id = 'monthly'").collectAsList();
    assertThat(quality).hasSize(6);
    assertThat(quality).filteredOn(r -> r.<String>getAs("column_name").equals("temp_max")).singleElement()
        .satisfies(r -> assertThat(r.<Double>getAs("mean_change")).isEqualTo(
            r.<Double>getAs("cur_mean") - r.<Double>getAs("ref_mean")));
    assertThat(quality).filteredOn(r -> r.<String>getAs("column_name").equals(":table")).singleElement()
        .satisfies(r -> assertThat(r.getList(r.fieldIndex("columns_added"))).isEmpty());
    // per histogram, the reference shares sum to 1
    List<Row> sums = spark.sql("SELECT run_id, window_start, slice_value, drift_type, column_name, sum(ref_share) AS s "
        + "FROM drift_histogram_bins GROUP BY ALL").collectAsList();
    assertThat(sums).isNotEmpty().allSatisfy(r -> assertThat(r.<Double>getAs("s")).isCloseTo(1.0, within(1e-9)));
  }

  @Test
  void theReportIsOneSelfContainedEscapedFileThatChromiumRendersWithoutConsoleErrors() throws Exception {
    // a table whose names and values are hostile HTML
    String hostile = dir.resolve("hostile").toString();
    StructType schema = new StructType().add("<img src=x onerror=alert(1)>", DataTypes.StringType)
        .add("x", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(RowFactory.create(i % 3 == 0 ? "<script>alert('v')</script>" : "plain & \"quoted\"", (double) i));
    }
    String data = dir.resolve("hostile.parquet").toString();
    spark.createDataFrame(rows, schema).write().parquet(data);
    Driftlake.run(spark, DriftConfig.builder().reference(data).current(data).output(hostile).runId("hostile").build());
    Path hostileReport = dir.resolve("hostile.html");
    Driftlake.report(spark, hostile, null, hostileReport);
    String hostileHtml = Files.readString(hostileReport);
    assertThat(hostileHtml).doesNotContain("<img src=x", "<script>alert").contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("&lt;script&gt;alert(&#39;v&#39;)&lt;/script&gt;");

    Path report = dir.resolve("report.html");
    assertThat(Driftlake.report(spark, table, "monthly", report)).isEqualTo("monthly");
    String html = Files.readString(report);
    assertThat(html).doesNotContainPattern("(?i)<(link|img|iframe|object|embed)\\b")
        .doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"(?!#)")
        .doesNotContainPattern("(?i)url\\(")
        .contains("<style>", "<script>");
    // 5 histograms + 5 trends
    assertThat(Pattern.compile("<svg class=\"chart").matcher(html).results().count()).isEqualTo(10);

    Path chromium = Path.of("/usr/bin/chromium");
    if (!Files.isExecutable(chromium)) {
      assertThat(System.getenv("DRIFTLAKE_REQUIRE_CHROMIUM")).as("chromium is required (.ci/run installs it)").isNotEqualTo("1");
      Assumptions.abort("Debian's chromium is not installed (.ci/run installs it); skipping the browser check");
    }
    Browser page = Browser.open(chromium, report, dir.resolve("report.png"));
    assertThat(page.dom()).contains("data-charts=\"10\"").contains("<span id=\"chart-count\">10</span>");
    assertThat(page.consoleLines()).as("console messages").isEmpty();
    assertThat(Files.size(dir.resolve("report.png"))).isGreaterThan(20_000);
    Files.copy(dir.resolve("report.png"), Path.of("target", "report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(report, Path.of("target", "report-sample.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    // the console check can fail: a page with a script error is caught
    Path broken = dir.resolve("broken.html");
    Files.writeString(broken, "<!DOCTYPE html><html><body><script>notDefined();</script></body></html>");
    assertThat(Browser.open(chromium, broken, dir.resolve("broken.png")).consoleLines())
        .anyMatch(line -> line.contains("notDefined"));
  }

  /** Headless Chromium: the DOM after load, a screenshot, and what the page wrote to its console. */
  record Browser(String dom, List<String> consoleLines) {
    static Browser open(Path chromium, Path page, Path screenshot) throws Exception {
      Path profile = Files.createTempDirectory("chromium-profile");
      List<String> base = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--window-size=1280,2400");
      Result dom = run(concat(base, "--dump-dom", page.toUri().toString()));
      Result shot = run(concat(base, "--screenshot=" + screenshot, page.toUri().toString()));
      List<String> console = new ArrayList<>();
      for (String line : (dom.err() + "\n" + shot.err()).split("\n")) {
        if (line.contains("CONSOLE") || line.contains("Uncaught")) {
          console.add(line);
        }
      }
      return new Browser(dom.out(), console);
    }

    private static List<String> concat(List<String> base, String... more) {
      List<String> all = new ArrayList<>(base);
      all.addAll(Arrays.asList(more));
      return all;
    }

    record Result(String out, String err) {}

    private static Result run(List<String> command) throws Exception {
      Path out = Files.createTempFile("chromium", ".out");
      Path err = Files.createTempFile("chromium", ".err");
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("chromium did not finish in 60 s: " + command);
      }
      return new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
  }
}
