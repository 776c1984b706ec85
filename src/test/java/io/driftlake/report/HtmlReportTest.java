package io.driftlake.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.config.DriftType;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report rendered from drift rows built in Java (no Spark), checked as text and, in headless
 * Chromium, in the rendered DOM: axes with tick labels, categories labelled, the threshold line, the
 * windows and slices sections, a verdict that counts window-only drift, "not judged" rows.
 */
class HtmlReportTest {
  static final Instant RUN_TS = Instant.parse("2026-01-02T03:04:05Z");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  @TempDir Path dir;

  // ---- rows ----------------------------------------------------------------------------------

  static DriftRecord.Builder row(String column, String kind) {
    return DriftRecord.builder().set(DriftColumns.RUN_ID, "r1").set(DriftColumns.RUN_TS, RUN_TS)
        .set(DriftColumns.RUN_DATE, LocalDate.ofInstant(RUN_TS, ZoneOffset.UTC))
        .set(DriftColumns.REFERENCE, "ref.parquet").set(DriftColumns.CURRENT, "cur.parquet")
        .set(DriftColumns.DRIFT_TYPE, DriftType.BASELINE.name()).set(DriftColumns.COLUMN_NAME, column)
        .set(DriftColumns.KIND, kind).set(DriftColumns.STATUS, "OK")
        .set(DriftColumns.THRESHOLD_METRIC, "js_distance").set(DriftColumns.THRESHOLD, 0.1)
        .set(DriftColumns.ALPHA, 0.01);
  }

  /** A measured row judged by js_distance: drifted is the given verdict (null: not judged, with a message). */
  static DriftRecord.Builder measured(DriftRecord.Builder b, double js, double q, Boolean drifted) {
    b.set(DriftColumns.JS_DISTANCE, js).set(DriftColumns.JS_DIVERGENCE, js * js).set(DriftColumns.PSI, js * 1.3)
        .set(DriftColumns.CHI2_PVALUE, q / 2).set(DriftColumns.Q_VALUE, q).set(DriftColumns.JS_NOISE_FLOOR, 0.0049)
        .set(DriftColumns.DRIFTED, drifted).set(DriftColumns.REF_COUNT, 1000L).set(DriftColumns.CUR_COUNT, 1000L);
    if (drifted == null) {
      b.set(DriftColumns.MESSAGE, "too few rows to judge drift: 40 reference / 31 current non-null values, below --min-rows 100");
    }
    return b;
  }

  static DriftRecord.Builder temp(DriftRecord.Builder b) {
    return b.set(DriftColumns.BIN_EDGES, new double[] {Double.NEGATIVE_INFINITY, 0, 10, 20, 30, Double.POSITIVE_INFINITY})
        .set(DriftColumns.REF_BIN_COUNTS, new long[] {10, 300, 400, 280, 10})
        .set(DriftColumns.CUR_BIN_COUNTS, new long[] {5, 200, 350, 350, 95})
        .set(DriftColumns.TOP_BINS, List.of(List.of("[30, ∞)", 0.01, 0.095, 0.02)));
  }

  static DriftRecord.Builder weather(DriftRecord.Builder b) {
    return b.set(DriftColumns.CATEGORIES, List.of("rain", "sun", "fog", "__other__"))
        .set(DriftColumns.REF_BIN_COUNTS, new long[] {500, 400, 90, 10})
        .set(DriftColumns.CUR_BIN_COUNTS, new long[] {400, 450, 140, 10});
  }

  static DriftRecord city() {
    List<String> names = new ArrayList<>(IntStream.range(0, 100).mapToObj(i -> "city" + i).toList());
    names.add("__other__");
    long[] ref = IntStream.range(0, 101).mapToLong(i -> 200 - i).toArray();
    long[] cur = ref.clone();
    cur[99] = 500; // a small reference city that grew: it must be among the labelled ones
    return measured(row("city", "categorical"), 0.05, 0.5, false).set(DriftColumns.CATEGORIES, names)
        .set(DriftColumns.REF_BIN_COUNTS, ref).set(DriftColumns.CUR_BIN_COUNTS, cur).build();
  }

  static Instant month(int m) {
    return LocalDate.of(2015, m, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  static DriftRecord.Builder window(DriftRecord.Builder b, int m) {
    return b.set(DriftColumns.WINDOW_START, month(m)).set(DriftColumns.WINDOW_END, month(m + 1));
  }

  static DriftRecord table(DriftRecord.Builder b) {
    return b.set(DriftColumns.KIND, "table").set(DriftColumns.THRESHOLD_METRIC, null).set(DriftColumns.THRESHOLD, null)
        .set(DriftColumns.ALPHA, null).set(DriftColumns.REF_COUNT, 1000L).set(DriftColumns.CUR_COUNT, 310L).build();
  }

  /** Whole data stable; temp drifted in July only; weather not judged in August. */
  static List<DriftRecord> windowedRun() {
    List<DriftRecord> rows = new ArrayList<>();
    rows.add(temp(measured(row("temp", "numeric"), 0.08, 0.001, false)).build());
    rows.add(weather(measured(row("weather", "categorical"), 0.06, 0.2, false)).build());
    rows.add(city());
    rows.add(table(row(DriftRecord.TABLE_ROW, "table").set(DriftColumns.DRIFTED, false)));
    for (int m = 6; m <= 8; m++) {
      rows.add(temp(window(measured(row("temp", "numeric"), m == 7 ? 0.31 : 0.07, m == 7 ? 1e-6 : 0.4, m == 7),
          m)).build());
      rows.add(weather(window(measured(row("weather", "categorical"), 0.05 + m / 100.0, 0.3, m == 8 ? null : false),
          m)).build());
      rows.add(table(window(row(DriftRecord.TABLE_ROW, "table"), m)));
    }
    return rows;
  }

  /** The windowed run plus two slices of region: temp drifted in north, weather in south. */
  static List<DriftRecord> slicedRun() {
    List<DriftRecord> rows = new ArrayList<>(windowedRun());
    for (String region : List.of("north", "south")) {
      boolean north = region.equals("north");
      rows.add(temp(measured(row("temp", "numeric"), north ? 0.4 : 0.05, north ? 1e-9 : 0.5, north))
          .set(DriftColumns.SLICE_KEY, "region").set(DriftColumns.SLICE_VALUE, region).build());
      rows.add(weather(measured(row("weather", "categorical"), north ? 0.05 : 0.2, north ? 0.5 : 1e-4, !north))
          .set(DriftColumns.SLICE_KEY, "region").set(DriftColumns.SLICE_VALUE, region).build());
    }
    return rows;
  }

  // ---- text ----------------------------------------------------------------------------------

  @Test
  void theVerdictCountsAWindowOnlyDriftAndSaysWhere() {
    String html = HtmlReport.render(windowedRun());
    String badge = element(html, "div", "verdict");
    assertThat(badge).contains("class=\"verdict bad\"").contains("1 drifted row")
        .contains("0 of 3 features on the whole data").contains("1 of 6 window rows").contains("temp in 2015-07")
        .contains("not judged: 1 row (too few rows to judge drift, below --min-rows 100)");
  }

  @Test
  void noDriftAnywhereIsGreen() {
    List<DriftRecord> stable = windowedRun().stream()
        .map(r -> Boolean.TRUE.equals(r.drifted()) ? r.with(DriftColumns.DRIFTED, false) : r).toList();
    assertThat(element(HtmlReport.render(stable), "div", "verdict")).contains("class=\"verdict good\"")
        .contains("No drift").contains("0 of 6 window rows");
  }

  @Test
  void aDriftedFeatureShowsItsJudgedMetricNoiseFloorQValueAndTopBin() {
    List<DriftRecord> rows = new ArrayList<>(windowedRun());
    rows.set(0, rows.get(0).with(DriftColumns.DRIFTED, true).with(DriftColumns.JS_DISTANCE, 0.231));
    String section = section(HtmlReport.render(rows), "f-temp");
    assertThat(section).contains("js_distance 0.231 &gt; threshold 0.1")
        .contains("JS distance 0.07 expected from sampling alone") // √0.0049
        .contains("0.001 &lt; α 0.01 (significant)")
        .contains("[30, ∞): 1.0% → 9.5%");
  }

  @Test
  void aNoiseFloorStandsBesideAMetricOfItsOwnUnits() {
    // issue 25 item 4: never a floor in bits next to a metric in other units
    List<DriftRecord> rows = new ArrayList<>(windowedRun());
    rows.set(0, rows.get(0).with(DriftColumns.THRESHOLD_METRIC, "psi").with(DriftColumns.THRESHOLD, 0.2));
    assertThat(section(HtmlReport.render(rows), "f-temp")).contains("JS distance 0.07 expected from sampling alone") // √0.0049
        .contains("(js_distance here: ").doesNotContain("bits of JS divergence");
    rows.set(0, rows.get(0).with(DriftColumns.THRESHOLD_METRIC, "js_divergence").with(DriftColumns.THRESHOLD, 0.01));
    assertThat(section(HtmlReport.render(rows), "f-temp")).contains("JS divergence 0.0049 bits expected from sampling alone");
  }

  @Test
  void aRowWithTooFewValuesIsNotJudgedNotOk() {
    List<DriftRecord> rows = new ArrayList<>(windowedRun());
    rows.set(1, rows.get(1).with(DriftColumns.DRIFTED, null)
        .with(DriftColumns.MESSAGE, "too few rows to judge drift: 40 reference / 31 current non-null values, below --min-rows 100"));
    String html = HtmlReport.render(rows);
    assertThat(section(html, "f-weather")).contains("categorical · not judged</small>")
        .contains("<b>not judged</b>: too few rows to judge drift: 40 reference");
    assertThat(html).contains("<td class=\"status\">not judged</td>");
  }

  @Test
  void numbersHaveOneFormat() {
    assertThat(Numbers.format(0.1)).isEqualTo("0.1");
    assertThat(Numbers.format(0.23456)).isEqualTo("0.235");
    assertThat(Numbers.format(1.234e-5)).isEqualTo("1.23e-5");
    assertThat(Numbers.format(2e-18)).isEqualTo("2e-18");
    assertThat(Numbers.format(12.0)).isEqualTo("12");
    assertThat(Numbers.format(null)).isEqualTo("–");
    assertThat(Numbers.format(Double.POSITIVE_INFINITY)).isEqualTo("∞");
    assertThat(Numbers.percent(0.0123)).isEqualTo("1.2%");
    assertThat(Numbers.percent(0.0001)).isEqualTo("<0.1%");
    assertThat(Numbers.tick(0.30000000000000004, 0.1)).isEqualTo("0.3");
    assertThat(Numbers.tick(25, 5)).isEqualTo("25");
    assertThat(Numbers.percentTick(0.15, 0.05)).isEqualTo("15%");
  }

  @Test
  void scalesHaveNiceTicks() {
    assertThat(Scale.of(0, 30, 8, false, 0, 100).ticks()).containsExactly(0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0);
    Scale shares = Scale.of(0, 0.43, 5, true, 200, 0);
    assertThat(shares.ticks()).containsExactly(0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5);
    assertThat(shares.pixel(0)).isEqualTo(200);
    assertThat(shares.pixel(0.5)).isEqualTo(0);
    assertThat(Scale.of(-1.6, 34.4, 8, false, 0, 1).ticks()).containsExactly(0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0);
  }

  // ---- Chromium -------------------------------------------------------------------------------

  @Test
  void chromiumRendersAxesCategoriesThresholdWindowsAndSlices() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) || "1".equals(System.getenv("DRIFTLAKE_REQUIRE_CHROMIUM")),
        "Debian's chromium is not installed (.ci/run installs it)");
    Path page = dir.resolve("report.html");
    Files.writeString(page, HtmlReport.render(slicedRun()), StandardCharsets.UTF_8);
    Browser browser = Browser.open(page, dir.resolve("report.png"));
    String dom = browser.dom();
    assertThat(browser.console()).as("console messages").isEmpty();
    assertThat(dom).doesNotContain("charts rendered").contains("data-charts=\"5\""); // 3 histograms + 2 trends

    // the numeric histogram: x ticks by value, y ticks as shares, the open outer bins at the ends
    String temp = section(dom, "f-temp");
    List<String> xTicks = texts(temp, "tick x");
    assertThat(xTicks).contains("0", "5", "10", "15", "20", "25", "30");
    assertThat(texts(temp, "tick y")).contains("0%", "10%", "20%", "30%", "40%");
    assertThat(texts(temp, "tick x outer")).containsExactly("< 0", "> 30");
    // the trend: the threshold line and its label
    assertThat(temp).contains("class=\"threshold\"").contains("threshold 0.1");
    assertThat(texts(temp, "tick x")).contains("2015-06", "2015-07", "2015-08");

    // a small categorical labels every category
    assertThat(texts(section(dom, "f-weather"), "tick x cat")).containsExactly("rain", "sun", "fog", "__other__");
    // 101 categories: the largest 24 labelled (the grown city99 among them), the rest in one bar naming all
    String city = section(dom, "f-city");
    List<String> cityLabels = texts(city, "tick x cat");
    assertThat(cityLabels).hasSize(HtmlReport.CATEGORY_LIMIT + 1).contains("city0", "city99")
        .last().isEqualTo("other (77 bins)");
    assertThat(city).contains("city50, city51").contains("city98, __other__");
    // the grouped bar (70.6% of the reference) is under the share axis' top
    assertThat(texts(city, "tick y")).last().isEqualTo("80%");

    // windows: a grid with a row per window and the July drift marked
    String windows = section(dom, "windows");
    assertThat(windows).contains("2015-06", "2015-07", "2015-08");
    assertThat(windows).containsPattern("<td class=\"cell drifted\" title=\"temp 2015-07: drifted[^\"]*\">0.31 ▲</td>");
    assertThat(windows).containsPattern("<td class=\"cell notjudged\" title=\"weather 2015-08: not judged[^\"]*too few rows");

    // slices: the drifted slices, the furthest over the threshold first
    String slices = section(dom, "slices");
    assertThat(slices).contains("2 of 4 slice rows drifted");
    assertThat(slices.indexOf("region=north")).isLessThan(slices.indexOf("region=south")).isPositive();

    // the badge: window and slice drift counted although the whole data did not drift
    String badge = element(dom, "div", "verdict");
    assertThat(badge).contains("verdict bad").contains("3 drifted rows").contains("0 of 3 features on the whole data")
        .contains("1 of 6 window rows").contains("2 of 4 slice rows").contains("temp in region=north");
    assertThat(Files.size(dir.resolve("report.png"))).isGreaterThan(20_000);
    Files.createDirectories(Path.of("target"));
    Files.copy(dir.resolve("report.png"), Path.of("target", "report-unit-screenshot.png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(page, Path.of("target", "report-unit-sample.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** The element {@code <tag ... id="id">…</tag>} (first closing tag of the same name at depth 0). */
  static String element(String html, String tag, String id) {
    Matcher m = Pattern.compile("<" + tag + "\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(html);
    assertThat(m.find()).as("element #" + id).isTrue();
    Matcher tags = Pattern.compile("<(/?)" + tag + "\\b[^>]*>").matcher(html);
    int depth = 0;
    tags.region(m.start(), html.length());
    while (tags.find()) {
      depth += tags.group(1).isEmpty() ? 1 : -1;
      if (depth == 0) {
        return html.substring(m.start(), tags.end());
      }
    }
    return html.substring(m.start());
  }

  static String section(String html, String id) {
    return element(html, "section", id);
  }

  /** The text (without a nested title) of every SVG text element whose class is exactly {@code cls}. */
  static List<String> texts(String html, String cls) {
    Matcher m = Pattern.compile("<text class=\"" + Pattern.quote(cls) + "\"[^>]*>([^<]*)").matcher(html);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
    }
    return out;
  }

  /** Headless Chromium: the DOM after load, a screenshot, and what the page wrote to its console. */
  record Browser(String dom, List<String> console) {
    static Browser open(Path page, Path screenshot) throws Exception {
      Path profile = Files.createTempDirectory("chromium-profile");
      List<String> base = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--window-size=1280,2000");
      String[] dom = run(concat(base, "--dump-dom", page.toUri().toString()));
      String[] shot = run(concat(base, "--screenshot=" + screenshot, page.toUri().toString()));
      List<String> console = Arrays.stream((dom[1] + "\n" + shot[1]).split("\n"))
          .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught")).collect(Collectors.toList());
      return new Browser(dom[0], console);
    }

    private static List<String> concat(List<String> base, String... more) {
      List<String> all = new ArrayList<>(base);
      all.addAll(Arrays.asList(more));
      return all;
    }

    private static String[] run(List<String> command) throws Exception {
      Path out = Files.createTempFile("chromium", ".out");
      Path err = Files.createTempFile("chromium", ".err");
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("chromium did not finish in 60 s: " + command);
      }
      return new String[] {Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8)};
    }
  }
}
