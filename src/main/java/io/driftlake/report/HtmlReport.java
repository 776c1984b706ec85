package io.driftlake.report;

import io.driftlake.core.table.DriftRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of the drift table as a single self-contained HTML page: no network fetch, styles and the
 * one small script inline, charts as inline SVG. It shows the run summary, the features ranked by
 * drift (JS distance) with status colours, and per feature the reference vs current histogram and,
 * where the run has time windows, the drift trend. Every name and value from the data is escaped.
 */
public final class HtmlReport {
  private static final int BAR_CHART_WIDTH = 640;
  private static final int BAR_CHART_HEIGHT = 180;
  private static final int TREND_WIDTH = 640;
  private static final int TREND_HEIGHT = 160;

  private HtmlReport() {}

  /** Whether the row compares the whole data with the reference (no window, no slice). */
  private static boolean wholeData(DriftRecord r) {
    return r.windowStart() == null && r.sliceKey() == null && DriftRecord.BASELINE.equals(r.driftType());
  }

  private static boolean tableRow(DriftRecord r) {
    return DriftRecord.TABLE_ROW.equals(r.columnName());
  }

  /** The page for the rows of one run (all its rows: whole data, windows, slices). */
  public static String render(List<DriftRecord> rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no rows to report");
    }
    DriftRecord first = rows.get(0);
    List<DriftRecord> features = rows.stream().filter(r -> wholeData(r) && !tableRow(r))
        .sorted(Comparator.comparing((DriftRecord r) -> r.jsDistance() == null ? -1.0 : r.jsDistance()).reversed()
            .thenComparing(DriftRecord::columnName))
        .toList();
    DriftRecord table = rows.stream().filter(r -> wholeData(r) && tableRow(r)).findFirst().orElse(null);
    long drifted = features.stream().filter(r -> Boolean.TRUE.equals(r.drifted())).count();

    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Drift report ").append(escape(first.runId())).append("</title>\n<style>\n").append(CSS)
        .append("</style>\n</head>\n<body>\n");
    html.append("<header><h1>Drift report</h1>\n<p class=\"run\">run <b>").append(escape(first.runId()))
        .append("</b> at ").append(escape(String.valueOf(first.runTs()))).append("</p>\n<dl>")
        .append("<dt>reference</dt><dd>").append(escape(first.reference())).append("</dd>")
        .append("<dt>current</dt><dd>").append(escape(first.current())).append("</dd>");
    if (table != null) {
      html.append("<dt>rows</dt><dd>").append(table.refCount()).append(" reference, ").append(table.curCount())
          .append(" current</dd>");
    }
    html.append("</dl>\n<p class=\"verdict ").append(drifted > 0 ? "bad" : "good").append("\">")
        .append(drifted).append(" of ").append(features.size()).append(" features drifted</p>\n")
        .append("<p class=\"charts\">charts rendered: <span id=\"chart-count\">0</span></p></header>\n");

    html.append("<section><h2>Features ranked by drift</h2>\n<table class=\"ranking\">\n<thead><tr>")
        .append("<th>feature</th><th>kind</th><th>JS distance</th><th>PSI</th><th>KL(ref‖cur)</th>")
        .append("<th>χ² p-value</th><th>threshold</th><th>status</th></tr></thead>\n<tbody>\n");
    for (DriftRecord r : features) {
      html.append("<tr class=\"").append(statusClass(r)).append("\"><td><a href=\"#").append(anchor(r.columnName()))
          .append("\">").append(escape(r.columnName())).append("</a></td><td>").append(escape(r.kind()))
          .append("</td><td class=\"num\">").append(number(r.jsDistance())).append("</td><td class=\"num\">")
          .append(number(r.psi())).append("</td><td class=\"num\">").append(number(r.klRefCur()))
          .append("</td><td class=\"num\">").append(number(r.chi2Pvalue())).append("</td><td>")
          .append(escape(r.thresholdMetric() == null ? "" : r.thresholdMetric() + " " + number(r.threshold())))
          .append("</td><td>").append(escape(statusText(r))).append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");

    Map<String, List<DriftRecord>> trends = trends(rows);
    for (DriftRecord r : features) {
      html.append("<section class=\"feature ").append(statusClass(r)).append("\" id=\"").append(anchor(r.columnName()))
          .append("\"><h2>").append(escape(r.columnName())).append(" <small>").append(escape(r.kind()))
          .append(" · ").append(escape(statusText(r))).append("</small></h2>\n");
      if (r.message() != null) {
        html.append("<p class=\"message\">").append(escape(r.message())).append("</p>\n");
      }
      if (r.refBinCounts() != null && r.curBinCounts() != null) {
        html.append(histogram(r));
      }
      List<DriftRecord> trend = trends.getOrDefault(r.columnName(), List.of());
      if (!trend.isEmpty()) {
        html.append(trend(r.columnName(), trend));
      }
      html.append("</section>\n");
    }
    html.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  /** Per feature, its unsliced window rows (both drift types), by window start. */
  private static Map<String, List<DriftRecord>> trends(List<DriftRecord> rows) {
    Map<String, List<DriftRecord>> trends = new LinkedHashMap<>();
    rows.stream().filter(r -> r.windowStart() != null && r.sliceKey() == null && !tableRow(r) && r.jsDistance() != null)
        .sorted(Comparator.comparing(DriftRecord::windowStart))
        .forEach(r -> trends.computeIfAbsent(r.columnName(), k -> new ArrayList<>()).add(r));
    return trends;
  }

  /** Grouped bars: reference and current share of each bin. */
  private static String histogram(DriftRecord r) {
    List<String> labels = binLabels(r);
    double[] ref = shares(r.refBinCounts());
    double[] cur = shares(r.curBinCounts());
    double max = 0;
    for (int i = 0; i < ref.length; i++) {
      max = Math.max(max, Math.max(ref[i], cur[i]));
    }
    max = max == 0 ? 1 : max;
    int bins = ref.length;
    double slot = (BAR_CHART_WIDTH - 40.0) / bins;
    double bar = Math.max(1, slot * 0.4);
    StringBuilder svg = new StringBuilder();
    svg.append("<figure><svg class=\"chart histogram\" role=\"img\" viewBox=\"0 0 ").append(BAR_CHART_WIDTH).append(' ')
        .append(BAR_CHART_HEIGHT + 20).append("\" width=\"").append(BAR_CHART_WIDTH).append("\" height=\"")
        .append(BAR_CHART_HEIGHT + 20).append("\"><title>").append(escape(r.columnName()))
        .append(": reference vs current share per bin</title>\n");
    svg.append("<line class=\"axis\" x1=\"30\" y1=\"").append(BAR_CHART_HEIGHT).append("\" x2=\"").append(BAR_CHART_WIDTH - 10)
        .append("\" y2=\"").append(BAR_CHART_HEIGHT).append("\"/>\n");
    for (int i = 0; i < bins; i++) {
      double x = 30 + i * slot;
      appendBar(svg, "ref", x + slot * 0.1, bar, ref[i] / max, labels.get(i) + ": reference " + percent(ref[i]));
      appendBar(svg, "cur", x + slot * 0.1 + bar, bar, cur[i] / max, labels.get(i) + ": current " + percent(cur[i]));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"30\" y=\"%d\" class=\"tick\">%s</text>", BAR_CHART_HEIGHT + 14,
        escape(labels.get(0))));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">%s</text>",
        BAR_CHART_WIDTH - 10, BAR_CHART_HEIGHT + 14, escape(labels.get(bins - 1))));
    svg.append("</svg><figcaption><span class=\"key ref\"></span> reference (").append(r.refCount())
        .append(" values) <span class=\"key cur\"></span> current (").append(r.curCount())
        .append(" values); hover a bar for its bin</figcaption></figure>\n");
    return svg.toString();
  }

  private static void appendBar(StringBuilder svg, String side, double x, double width, double height, String title) {
    double h = height * (BAR_CHART_HEIGHT - 10);
    svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s</title></rect>%n",
        side, x, BAR_CHART_HEIGHT - h, width, h, escape(title)));
  }

  /** JS distance per window: a line per drift type. */
  private static String trend(String column, List<DriftRecord> rows) {
    List<DriftRecord> baseline = rows.stream().filter(r -> "BASELINE".equals(r.driftType())).toList();
    List<DriftRecord> consecutive = rows.stream().filter(r -> "CONSECUTIVE".equals(r.driftType())).toList();
    long first = rows.get(0).windowStart().getEpochSecond();
    long last = rows.get(rows.size() - 1).windowStart().getEpochSecond();
    double span = Math.max(1, last - first);
    double max = rows.stream().mapToDouble(DriftRecord::jsDistance).max().orElse(1);
    max = max == 0 ? 1 : max;
    StringBuilder svg = new StringBuilder();
    svg.append("<figure><svg class=\"chart trend\" role=\"img\" viewBox=\"0 0 ").append(TREND_WIDTH).append(' ')
        .append(TREND_HEIGHT + 20).append("\" width=\"").append(TREND_WIDTH).append("\" height=\"").append(TREND_HEIGHT + 20)
        .append("\"><title>").append(escape(column)).append(": JS distance per window</title>\n");
    svg.append("<line class=\"axis\" x1=\"30\" y1=\"").append(TREND_HEIGHT).append("\" x2=\"").append(TREND_WIDTH - 10)
        .append("\" y2=\"").append(TREND_HEIGHT).append("\"/>\n");
    for (List<DriftRecord> line : List.of(baseline, consecutive)) {
      if (line.isEmpty()) {
        continue;
      }
      StringBuilder points = new StringBuilder();
      for (DriftRecord r : line) {
        double x = 30 + (r.windowStart().getEpochSecond() - first) / span * (TREND_WIDTH - 50);
        double y = TREND_HEIGHT - r.jsDistance() / max * (TREND_HEIGHT - 10);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        svg.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"><title>%s %s: %s</title></circle>%n",
            line == baseline ? "baseline" : "consecutive", x, y, escape(String.valueOf(r.windowStart())),
            escape(r.driftType().toLowerCase(Locale.ROOT)), number(r.jsDistance())));
      }
      svg.append("<polyline class=\"").append(line == baseline ? "baseline" : "consecutive").append("\" points=\"")
          .append(points.toString().trim()).append("\"/>\n");
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"30\" y=\"%d\" class=\"tick\">%s</text>", TREND_HEIGHT + 14,
        escape(String.valueOf(rows.get(0).windowStart()).substring(0, 10))));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">%s</text>",
        TREND_WIDTH - 10, TREND_HEIGHT + 14, escape(String.valueOf(rows.get(rows.size() - 1).windowStart()).substring(0, 10))));
    svg.append("</svg><figcaption>JS distance per window: <span class=\"key baseline\"></span> vs reference")
        .append(consecutive.isEmpty() ? "" : " <span class=\"key consecutive\"></span> vs previous window")
        .append(" (max ").append(number(max)).append(")</figcaption></figure>\n");
    return svg.toString();
  }

  static List<String> binLabels(DriftRecord r) {
    List<String> labels = new ArrayList<>();
    if (r.categories() != null) {
      labels.addAll(r.categories());
    } else if (r.binEdges() != null) {
      double[] e = r.binEdges();
      for (int i = 0; i + 1 < e.length; i++) {
        labels.add("[" + shortNumber(e[i]) + ", " + shortNumber(e[i + 1]) + ")");
      }
    }
    while (labels.size() < r.refBinCounts().length) {
      labels.add("bin " + labels.size());
    }
    return labels;
  }

  private static double[] shares(long[] counts) {
    double total = Arrays.stream(counts).sum();
    return Arrays.stream(counts).mapToDouble(c -> total == 0 ? 0 : c / total).toArray();
  }

  private static String statusClass(DriftRecord r) {
    if (!"OK".equals(r.status())) {
      return r.status() == null ? "skipped" : r.status().toLowerCase(Locale.ROOT);
    }
    return Boolean.TRUE.equals(r.drifted()) ? "drifted" : "stable";
  }

  private static String statusText(DriftRecord r) {
    if (!"OK".equals(r.status())) {
      return String.valueOf(r.status());
    }
    return Boolean.TRUE.equals(r.drifted()) ? "drifted" : r.drifted() == null ? "measured" : "stable";
  }

  private static String anchor(String column) {
    StringBuilder id = new StringBuilder("f-");
    for (char c : column.toCharArray()) {
      id.append(Character.isLetterOrDigit(c) && c < 128 ? String.valueOf(c) : "_" + Integer.toHexString(c));
    }
    return id.toString();
  }

  private static String number(Double value) {
    if (value == null) {
      return "–";
    }
    if (value.isNaN() || value.isInfinite()) {
      return value.toString();
    }
    return Math.abs(value) != 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6)
        ? String.format(Locale.ROOT, "%.3g", value) : String.format(Locale.ROOT, "%.4f", value);
  }

  private static String shortNumber(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : "−∞";
    }
    return String.format(Locale.ROOT, "%.4g", value);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** HTML-escapes text for element content and attribute values. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:980px;padding:16px 24px;color:#1d2330;background:#fff}
      h1{margin:0 0 4px;font-size:24px}h2{font-size:18px;margin:24px 0 8px}h2 small{font-weight:normal;color:#5b6475;font-size:13px}
      header dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dt{color:#5b6475}dd{margin:0;word-break:break-all}
      .verdict{font-size:18px;font-weight:600;padding:6px 10px;border-radius:6px;display:inline-block}
      .verdict.bad{background:#fde8e8;color:#9b1c1c}.verdict.good{background:#e6f4ea;color:#1e6b35}
      .charts{color:#8a93a5;font-size:12px}
      table.ranking{border-collapse:collapse;width:100%}table.ranking th,table.ranking td{padding:4px 8px;border-bottom:1px solid #e3e6ec;text-align:left}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      tr.drifted td:last-child{color:#b42318;font-weight:600}tr.stable td:last-child{color:#1e6b35}
      tr.failed td:last-child{color:#b54708;font-weight:600}tr.skipped td:last-child{color:#667085}
      section.feature{border-left:4px solid #d0d5dd;padding-left:12px;margin-top:20px}
      section.feature.drifted{border-color:#d92d20}section.feature.stable{border-color:#32a852}section.feature.failed{border-color:#f79009}
      .message{color:#5b6475;font-style:italic}
      svg.chart{max-width:100%;height:auto;background:#fafbfc;border:1px solid #eef0f4}
      svg .ref{fill:#8098c0}svg .cur{fill:#e07b39}svg .axis{stroke:#98a2b3}svg .tick{font-size:10px;fill:#5b6475}
      svg polyline{fill:none;stroke-width:1.5}svg polyline.baseline{stroke:#3559a8}svg polyline.consecutive{stroke:#c4320a;stroke-dasharray:4 3}
      svg circle.baseline{fill:#3559a8}svg circle.consecutive{fill:#c4320a}
      figure{margin:8px 0}figcaption{font-size:12px;color:#5b6475}
      .key{display:inline-block;width:10px;height:10px;margin:0 3px 0 8px;vertical-align:middle}
      .key.ref{background:#8098c0}.key.cur{background:#e07b39}.key.baseline{background:#3559a8}.key.consecutive{background:#c4320a}
      """;

  /** Counts the charts (the report test reads it) and highlights a feature's section when its ranking link is used. */
  private static final String SCRIPT = """
      (function () {
        var charts = document.querySelectorAll('svg.chart');
        document.getElementById('chart-count').textContent = String(charts.length);
        document.body.setAttribute('data-charts', String(charts.length));
      })();
      """;
}
