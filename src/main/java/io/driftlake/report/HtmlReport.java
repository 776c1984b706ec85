package io.driftlake.report;

import static io.driftlake.report.Numbers.format;
import static io.driftlake.report.Numbers.percent;

import io.driftlake.core.config.Metric;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.DriftStatus;
import io.driftlake.core.verdict.BinContribution;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One run of the drift table as a single self-contained HTML page: no network fetch, styles and the
 * one small script inline, charts as hand-drawn inline SVG with value axes. Top to bottom: the run, a
 * verdict that counts every drifted row (whole data, windows, slices) and says where; the features
 * ranked by JS distance; a windows grid and the drifted slices; then per feature why it was judged as
 * it was (judged metric vs threshold, noise floor, q-value, top bin), its reference vs current
 * histogram and, for windowed runs, its judged metric per window against the threshold. Every name
 * and value from the data is escaped.
 */
public final class HtmlReport {
  /** The largest categories a categorical chart labels; the rest share one "other" bar. */
  static final int CATEGORY_LIMIT = 24;
  /** The drifted slice rows listed at most (the largest first). */
  static final int SLICE_LIMIT = 50;

  private static final int CHART_WIDTH = 900;
  private static final int HIST_HEIGHT = 260;
  private static final int TREND_HEIGHT = 220;
  private static final int LEFT = 56;
  private static final int RIGHT = 16;
  private static final int TOP = 12;
  private static final int OUTER_WIDTH = 22;
  private static final int OUTER_GAP = 14;

  private HtmlReport() {}

  private static boolean wholeData(DriftRecord r) {
    return r.windowStart() == null && r.sliceKey() == null && DriftRecord.BASELINE.equals(r.driftType());
  }

  private static boolean tableRow(DriftRecord r) {
    return DriftRecord.TABLE_ROW.equals(r.columnName());
  }

  private static boolean windowRow(DriftRecord r) {
    return r.windowStart() != null && r.sliceKey() == null;
  }

  private static boolean drifted(DriftRecord r) {
    return Boolean.TRUE.equals(r.drifted());
  }

  /** Measured, but without a verdict (too few values, metric does not apply): shown as "not judged". */
  private static boolean notJudged(DriftRecord r) {
    return r.driftStatus() == DriftStatus.OK && r.drifted() == null;
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
    List<DriftRecord> windows = rows.stream().filter(r -> windowRow(r) && !tableRow(r)).toList();
    List<DriftRecord> slices = rows.stream().filter(r -> r.sliceKey() != null && !tableRow(r)).toList();
    WindowLabels labels = new WindowLabels(rows);

    StringBuilder html = new StringBuilder(128 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Drift report ").append(escape(first.runId())).append("</title>\n<style>\n").append(CSS)
        .append("</style>\n</head>\n<body>\n");
    html.append("<header><h1>Drift report</h1>\n<p class=\"run\">run <b>").append(escape(first.runId()))
        .append("</b> at ").append(escape(String.valueOf(first.runTs()))).append("</p>\n<dl>")
        .append("<dt>reference</dt><dd>").append(escape(first.reference())).append("</dd>")
        .append("<dt>current</dt><dd>").append(escape(first.current())).append("</dd>");
    if (table != null) {
      html.append("<dt>rows</dt><dd>").append(Numbers.count(table.refCount())).append(" reference, ")
          .append(Numbers.count(table.curCount())).append(" current</dd>");
    }
    html.append("</dl>\n").append(verdict(features, windows, slices, rows, labels)).append("</header>\n");

    html.append(ranking(features, windows, slices));
    if (!windows.isEmpty()) {
      html.append(windowGrid(features, windows, rows, labels));
    }
    if (!slices.isEmpty()) {
      html.append(sliceList(slices, labels));
    }
    Map<String, List<DriftRecord>> trends = new LinkedHashMap<>();
    windows.stream().sorted(Comparator.comparing(DriftRecord::windowStart))
        .forEach(r -> trends.computeIfAbsent(r.columnName(), k -> new ArrayList<>()).add(r));
    for (DriftRecord r : features) {
      html.append(featureSection(r, trends.getOrDefault(r.columnName(), List.of()), windows, slices, labels));
    }
    // a probe for tests (the script's chart count), not shown to readers
    html.append("<div hidden><span id=\"chart-count\">0</span></div>\n");
    html.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  // ---- verdict -------------------------------------------------------------------------------

  /** The badge: every drifted row counted, by where (whole data, windows, slices), and where they are. */
  private static String verdict(List<DriftRecord> features, List<DriftRecord> windows, List<DriftRecord> slices,
      List<DriftRecord> rows, WindowLabels labels) {
    long wholeDrifted = features.stream().filter(HtmlReport::drifted).count();
    long windowDrifted = windows.stream().filter(HtmlReport::drifted).count();
    long sliceDrifted = slices.stream().filter(HtmlReport::drifted).count();
    long total = wholeDrifted + windowDrifted + sliceDrifted;
    List<String> parts = new ArrayList<>();
    parts.add(wholeDrifted + " of " + features.size() + " features on the whole data");
    if (!windows.isEmpty()) {
      parts.add(windowDrifted + " of " + windows.size() + " window rows");
    }
    if (!slices.isEmpty()) {
      parts.add(sliceDrifted + " of " + slices.size() + " slice rows");
    }
    StringBuilder out = new StringBuilder();
    out.append("<div class=\"verdict ").append(total > 0 ? "bad" : "good").append("\" id=\"verdict\"><b>")
        .append(total == 0 ? "No drift" : total + (total == 1 ? " drifted row" : " drifted rows")).append("</b>: ")
        .append(escape(String.join(" · ", parts)));
    List<String> where = new ArrayList<>();
    features.stream().filter(HtmlReport::drifted).forEach(r -> where.add(r.columnName() + " (whole data)"));
    where.addAll(places(windows.stream().filter(HtmlReport::drifted).toList(), labels));
    where.addAll(places(slices.stream().filter(HtmlReport::drifted).toList(), labels));
    if (!where.isEmpty()) {
      out.append("<div class=\"where\">where: ").append(escape(String.join("; ", where))).append("</div>");
    }
    List<DriftRecord> unjudged = rows.stream().filter(r -> !tableRow(r) && notJudged(r)).toList();
    if (!unjudged.isEmpty()) {
      out.append("<div class=\"where\">not judged: ").append(unjudged.size()).append(unjudged.size() == 1 ? " row" : " rows")
          .append(" (").append(escape(reasons(unjudged))).append(")</div>");
    }
    return out.append("</div>\n").toString();
  }

  /**
   * Why rows were not judged, most common first: each message up to its first ':' (the verdict's
   * reason without its counts), with the --min-rows bar when the message names it.
   */
  private static String reasons(List<DriftRecord> unjudged) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (DriftRecord r : unjudged) {
      String message = r.message() == null ? "no verdict" : r.message();
      String reason = message.contains(":") ? message.substring(0, message.indexOf(':')) : message;
      java.util.regex.Matcher bar = java.util.regex.Pattern.compile("--min-rows \\d+").matcher(message);
      if (bar.find()) {
        reason += ", below " + bar.group();
      }
      counts.merge(reason, 1, Integer::sum);
    }
    return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .map(e -> counts.size() == 1 ? e.getKey() : e.getValue() + " " + e.getKey()).collect(Collectors.joining("; "));
  }

  /** "feature in place, place, …" per feature, at most 4 places each and 6 features. */
  private static List<String> places(List<DriftRecord> drifted, WindowLabels labels) {
    Map<String, Set<String>> byFeature = new LinkedHashMap<>();
    drifted.stream().sorted(Comparator.comparing(DriftRecord::columnName).thenComparing(r -> place(r, labels)))
        .forEach(r -> byFeature.computeIfAbsent(r.columnName(), k -> new LinkedHashSet<>()).add(place(r, labels)));
    List<String> out = new ArrayList<>();
    int shown = 0;
    for (Map.Entry<String, Set<String>> e : byFeature.entrySet()) {
      if (shown++ == 6) {
        out.add("… " + (byFeature.size() - 6) + " more features");
        break;
      }
      List<String> p = new ArrayList<>(e.getValue());
      String list = String.join(", ", p.subList(0, Math.min(4, p.size())))
          + (p.size() > 4 ? " and " + (p.size() - 4) + " more" : "");
      out.add(e.getKey() + " in " + list);
    }
    return out;
  }

  /** Where a row is: its slice, its window and, for consecutive rows, "vs previous". */
  private static String place(DriftRecord r, WindowLabels labels) {
    List<String> parts = new ArrayList<>();
    if (r.sliceKey() != null) {
      parts.add(r.sliceKey() + "=" + r.sliceValue());
    }
    if (r.windowStart() != null) {
      parts.add(labels.label(r.windowStart()));
    }
    String text = String.join(" ", parts);
    return DriftRecord.CONSECUTIVE.equals(r.driftType()) ? text + " vs previous" : text;
  }

  // ---- ranking ---------------------------------------------------------------------------------

  private static String ranking(List<DriftRecord> features, List<DriftRecord> windows, List<DriftRecord> slices) {
    StringBuilder html = new StringBuilder();
    html.append("<section><h2>Features ranked by drift</h2>\n<table class=\"ranking\">\n<thead><tr>")
        .append("<th>feature</th><th>kind</th><th class=\"num\">JS distance</th>")
        .append("<th class=\"num\" title=\"the JS distance expected from sampling alone\">noise floor</th>")
        .append("<th class=\"num\">PSI</th><th class=\"num\">χ² p-value</th><th class=\"num\">q-value</th>")
        .append("<th>judged by</th><th>status</th><th>drifted elsewhere</th></tr></thead>\n<tbody>\n");
    for (DriftRecord r : features) {
      long inWindows = windows.stream().filter(w -> drifted(w) && w.columnName().equals(r.columnName())).count();
      long inSlices = slices.stream().filter(s -> drifted(s) && s.columnName().equals(r.columnName())).count();
      List<String> elsewhere = new ArrayList<>();
      if (inWindows > 0) {
        elsewhere.add(inWindows + (inWindows == 1 ? " window row" : " window rows"));
      }
      if (inSlices > 0) {
        elsewhere.add(inSlices + (inSlices == 1 ? " slice row" : " slice rows"));
      }
      html.append("<tr class=\"").append(statusClass(r)).append("\"><td><a href=\"#").append(anchor(r.columnName()))
          .append("\">").append(escape(r.columnName())).append("</a></td><td>").append(escape(r.kind()))
          .append("</td><td class=\"num\">").append(format(r.jsDistance()))
          .append("</td><td class=\"num\">").append(format(r.jsNoiseFloor() == null ? null : Math.sqrt(r.jsNoiseFloor())))
          .append("</td><td class=\"num\">").append(format(r.psi()))
          .append("</td><td class=\"num\">").append(format(r.chi2Pvalue()))
          .append("</td><td class=\"num\">").append(format(r.qValue()))
          .append("</td><td class=\"rule\">").append(escape(ruleText(r)))
          .append("</td><td class=\"status\">").append(escape(statusText(r)))
          .append("</td><td>").append(escape(String.join(", ", elsewhere))).append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
    Double alpha = features.stream().map(DriftRecord::alpha).filter(a -> a != null).findFirst().orElse(null);
    html.append("<p class=\"note\">drifted = the judged metric over its threshold")
        .append(alpha == null ? "" : " and q-value (χ² p-value adjusted over every row of the run) &lt; α "
            + format(alpha)).append("; noise floor: the JS distance two samples of one distribution of these sizes")
        .append(" typically have; not judged: too few values, or the metric does not apply.</p></section>\n");
    return html.toString();
  }

  /** "js_distance &gt; 0.1" (or "&lt;" for chi2_pvalue). */
  private static String ruleText(DriftRecord r) {
    if (r.thresholdMetric() == null) {
      return "";
    }
    return r.thresholdMetric() + " " + comparisonSymbol(r) + " " + format(r.threshold());
  }

  /** "js_distance &gt; 0.1" (or "&lt;" for chi2_pvalue), with "q &lt; α" when the run has an alpha. */
  private static String thresholdText(DriftRecord r) {
    if (r.thresholdMetric() == null) {
      return "";
    }
    String text = ruleText(r);
    return r.alpha() == null || judgedByPValue(r) ? text : text + ", q < " + format(r.alpha());
  }

  /** The {@link Metric#comparisonSymbol()} of the row's threshold metric; "&gt;" for a metric this version does not know. */
  private static String comparisonSymbol(DriftRecord r) {
    Metric metric = Metric.fromColumn(r.thresholdMetric());
    return metric == null ? ">" : metric.comparisonSymbol();
  }

  /** Whether the row was judged by a p-value ({@link Metric#isPValue()}). */
  private static boolean judgedByPValue(DriftRecord r) {
    Metric metric = Metric.fromColumn(r.thresholdMetric());
    return metric != null && metric.isPValue();
  }

  /** The value of the row's threshold metric; null when it has none (or it does not apply). */
  static Double judgedValue(DriftRecord r) {
    Metric metric = Metric.fromColumn(r.thresholdMetric());
    return metric == null ? null : r.get(DriftColumns.metric(metric));
  }

  // ---- windows ---------------------------------------------------------------------------------

  /** One row per window, one column per feature and drift type: the judged metric, drifted cells marked. */
  private static String windowGrid(List<DriftRecord> features, List<DriftRecord> windows, List<DriftRecord> rows,
      WindowLabels labels) {
    List<String> columns = new ArrayList<>();
    features.stream().map(DriftRecord::columnName)
        .filter(c -> windows.stream().anyMatch(w -> w.columnName().equals(c))).forEach(columns::add);
    windows.forEach(w -> {
      if (!columns.contains(w.columnName())) {
        columns.add(w.columnName());
      }
    });
    List<String> types = new ArrayList<>();
    for (String type : List.of(DriftRecord.BASELINE, DriftRecord.CONSECUTIVE)) {
      if (windows.stream().anyMatch(w -> type.equals(w.driftType()))) {
        types.add(type);
      }
    }
    TreeSet<Instant> starts = windows.stream().map(DriftRecord::windowStart).collect(Collectors.toCollection(TreeSet::new));
    Map<String, DriftRecord> cells = new LinkedHashMap<>();
    windows.forEach(w -> cells.put(w.columnName() + "\u0000" + w.driftType() + "\u0000" + w.windowStart(), w));
    Map<Instant, Long> windowRows = new LinkedHashMap<>();
    rows.stream().filter(r -> windowRow(r) && tableRow(r) && DriftRecord.BASELINE.equals(r.driftType()))
        .forEach(r -> windowRows.put(r.windowStart(), r.curCount()));
    Set<String> metrics = windows.stream().map(DriftRecord::thresholdMetric).filter(m -> m != null)
        .collect(Collectors.toCollection(TreeSet::new));

    StringBuilder html = new StringBuilder();
    html.append("<section id=\"windows\"><h2>Windows</h2>\n<p class=\"note\">Each cell is the judged metric (")
        .append(escape(String.join(", ", metrics))).append(") of one feature in one window")
        .append(types.contains(DriftRecord.CONSECUTIVE) ? ", against the reference and against the previous window" : "")
        .append(". <span class=\"cell drifted\">red: drifted</span> <span class=\"cell notjudged\">grey: not judged</span>;")
        .append(" hover a cell for its threshold, q-value and message.</p>\n")
        .append("<div class=\"scroll\"><table class=\"grid\">\n<thead><tr><th rowspan=\"")
        .append(types.size() > 1 ? 2 : 1).append("\">window</th><th rowspan=\"").append(types.size() > 1 ? 2 : 1)
        .append("\" class=\"num\">rows</th>");
    for (String column : columns) {
      html.append("<th colspan=\"").append(types.size()).append("\" class=\"feature\">").append(escape(column)).append("</th>");
    }
    html.append("</tr>\n");
    if (types.size() > 1) {
      html.append("<tr>");
      for (int i = 0; i < columns.size(); i++) {
        for (String type : types) {
          html.append("<th class=\"sub\">").append(DriftRecord.BASELINE.equals(type) ? "vs ref" : "vs prev").append("</th>");
        }
      }
      html.append("</tr>\n");
    }
    html.append("</thead>\n<tbody>\n");
    for (Instant start : starts) {
      html.append("<tr><th>").append(escape(labels.label(start))).append("</th><td class=\"num\">")
          .append(Numbers.count(windowRows.get(start))).append("</td>");
      for (String column : columns) {
        for (String type : types) {
          DriftRecord r = cells.get(column + "\u0000" + type + "\u0000" + start);
          html.append(cell(r, labels));
        }
      }
      html.append("</tr>\n");
    }
    return html.append("</tbody></table></div></section>\n").toString();
  }

  private static String cell(DriftRecord r, WindowLabels labels) {
    if (r == null) {
      return "<td class=\"cell none\"></td>";
    }
    boolean measured = r.driftStatus() == DriftStatus.OK;
    String cls = drifted(r) ? "drifted" : notJudged(r) ? "notjudged" : measured ? "stable" : "skipped";
    String value = measured ? format(judgedValue(r)) : "–";
    StringBuilder title = new StringBuilder(r.columnName() + " " + place(r, labels) + ": " + statusText(r));
    if (measured) {
      title.append("; ").append(r.thresholdMetric()).append(' ').append(value).append(" (").append(thresholdText(r))
          .append("), q-value ").append(format(r.qValue()));
    }
    if (r.message() != null) {
      title.append("; ").append(r.message());
    }
    return "<td class=\"cell " + cls + "\" title=\"" + escape(title.toString()) + "\">" + escape(value)
        + (drifted(r) ? " ▲" : "") + "</td>";
  }

  // ---- slices ----------------------------------------------------------------------------------

  /** How far a row is over its threshold (value ÷ threshold, or threshold ÷ p-value): the slice ranking. */
  private static double severity(DriftRecord r) {
    Double value = judgedValue(r);
    if (value == null || r.threshold() == null || r.threshold() == 0) {
      return 0;
    }
    return judgedByPValue(r) ? r.threshold() / Math.max(value, Double.MIN_NORMAL) : value / r.threshold();
  }

  private static String sliceList(List<DriftRecord> slices, WindowLabels labels) {
    List<DriftRecord> drifted = slices.stream().filter(HtmlReport::drifted)
        .sorted(Comparator.comparingDouble(HtmlReport::severity).reversed()
            .thenComparing(DriftRecord::columnName).thenComparing(r -> place(r, labels)))
        .toList();
    Set<String> sliceNames = slices.stream().map(r -> r.sliceKey() + "=" + r.sliceValue())
        .collect(Collectors.toCollection(TreeSet::new));
    StringBuilder html = new StringBuilder();
    html.append("<section id=\"slices\"><h2>Slices</h2>\n<p class=\"note\">").append(drifted.size()).append(" of ")
        .append(slices.size()).append(" slice rows drifted, over ").append(sliceNames.size())
        .append(sliceNames.size() == 1 ? " slice (" : " slices (").append(escape(String.join(", ", sliceNames)))
        .append(").");
    if (drifted.isEmpty()) {
      return html.append(" No slice drifted.</p></section>\n").toString();
    }
    html.append(" Drifted slice rows, the furthest over their threshold first:</p>\n")
        .append("<table class=\"ranking slices\">\n<thead><tr><th>slice</th><th>window</th><th>against</th>")
        .append("<th>feature</th><th class=\"num\">judged metric</th><th>threshold</th><th class=\"num\">q-value</th>")
        .append("<th>top bin</th></tr></thead>\n<tbody>\n");
    for (DriftRecord r : drifted.subList(0, Math.min(SLICE_LIMIT, drifted.size()))) {
      html.append("<tr class=\"drifted\"><td>").append(escape(r.sliceKey() + "=" + r.sliceValue())).append("</td><td>")
          .append(r.windowStart() == null ? "whole data" : escape(labels.label(r.windowStart()))).append("</td><td>")
          .append(DriftRecord.CONSECUTIVE.equals(r.driftType()) ? "previous window" : "reference").append("</td><td>")
          .append(escape(r.columnName())).append("</td><td class=\"num\">").append(format(judgedValue(r)))
          .append("</td><td class=\"rule\">").append(escape(ruleText(r))).append("</td><td class=\"num\">")
          .append(format(r.qValue())).append("</td><td>").append(escape(topBinText(r))).append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
    if (drifted.size() > SLICE_LIMIT) {
      html.append("<p class=\"note\">and ").append(drifted.size() - SLICE_LIMIT).append(" more drifted slice rows ")
          .append("(the drift table has them all).</p>\n");
    }
    return html.append("</section>\n").toString();
  }

  // ---- per feature -----------------------------------------------------------------------------

  private static String featureSection(DriftRecord r, List<DriftRecord> trend, List<DriftRecord> windows,
      List<DriftRecord> slices, WindowLabels labels) {
    StringBuilder html = new StringBuilder();
    html.append("<section class=\"feature ").append(statusClass(r)).append("\" id=\"").append(anchor(r.columnName()))
        .append("\"><h2>").append(escape(r.columnName())).append(" <small>").append(escape(r.kind()))
        .append(" · ").append(escape(statusText(r))).append("</small></h2>\n");
    if (notJudged(r)) {
      html.append("<p class=\"message notjudged\"><b>not judged</b>: ").append(escape(r.message())).append("</p>\n");
    } else if (Boolean.FALSE.equals(r.drifted()) && r.message() != null && r.qValue() != null && r.alpha() != null
        && r.qValue() >= r.alpha()) {
      // the verdict's own message repeats the numbers in another format: say it in words, the numbers follow
      html.append("<p class=\"message\">Over the threshold but not significant: a difference this size is expected")
          .append(" from sampling noise at ").append(Numbers.count(r.refCount())).append(" / ")
          .append(Numbers.count(r.curCount())).append(" values.</p>\n");
    } else if (r.message() != null) {
      html.append("<p class=\"message\">").append(escape(r.message())).append("</p>\n");
    }
    if (r.driftStatus() == DriftStatus.OK) {
      html.append(why(r));
    }
    List<String> elsewhere = new ArrayList<>();
    for (DriftRecord w : windows) {
      if (drifted(w) && w.columnName().equals(r.columnName())) {
        elsewhere.add(place(w, labels) + " (" + format(judgedValue(w)) + ")");
      }
    }
    for (DriftRecord s : slices) {
      if (drifted(s) && s.columnName().equals(r.columnName())) {
        elsewhere.add(place(s, labels) + " (" + format(judgedValue(s)) + ")");
      }
    }
    if (!elsewhere.isEmpty()) {
      html.append("<p class=\"elsewhere\"><b>drifted in</b> ").append(escape(String.join(", ", elsewhere))).append("</p>\n");
    }
    if (r.refBinCounts() != null && r.curBinCounts() != null && r.refBinCounts().length > 0) {
      html.append(histogram(r));
    }
    if (!trend.isEmpty()) {
      html.append(trend(r, trend, labels));
    }
    return html.append("</section>\n").toString();
  }

  /** Judged metric vs threshold, noise floor, q-value vs alpha, top bin, new values. */
  private static String why(DriftRecord r) {
    StringBuilder html = new StringBuilder("<dl class=\"why\">");
    Double value = judgedValue(r);
    if (r.thresholdMetric() != null) {
      html.append("<dt>judged metric</dt><dd>").append(escape(r.thresholdMetric())).append(' ').append(format(value))
          .append(value == null ? "" : " " + escape(relation(r, value)) + " ")
          .append("threshold ").append(format(r.threshold())).append("</dd>");
    }
    if (r.jsNoiseFloor() != null) {
      html.append("<dt>noise floor</dt><dd>");
      if (Metric.JS_DISTANCE.column().equals(r.thresholdMetric())) {
        html.append("JS distance ").append(format(Math.sqrt(r.jsNoiseFloor())))
            .append(" expected from sampling alone (√ of ").append(format(r.jsNoiseFloor())).append(" bits)");
      } else {
        html.append(format(r.jsNoiseFloor())).append(" bits of JS divergence expected from sampling alone")
            .append(" (js_divergence here: ").append(format(r.jsDivergence())).append(" bits)");
      }
      html.append("</dd>");
    }
    if (r.qValue() != null) {
      html.append("<dt>q-value</dt><dd>").append(format(r.qValue()));
      if (r.alpha() != null) {
        html.append(r.qValue() < r.alpha() ? " &lt; " : " ≥ ").append("α ").append(format(r.alpha()))
            .append(r.qValue() < r.alpha() ? " (significant)" : " (not significant)");
      }
      html.append("</dd>");
    }
    String top = topBinText(r);
    if (!top.isEmpty()) {
      html.append("<dt>top bin</dt><dd>").append(escape(top)).append("</dd>");
    }
    if (r.newValueShare() != null && r.newValueShare() > 0) {
      html.append("<dt>new values</dt><dd>").append(percent(r.newValueShare()))
          .append(" of the current values are outside what the reference had</dd>");
    }
    return html.append("</dl>\n").toString();
  }

  /**
   * How the judged {@code value} stands to the row's threshold ({@link Metric#relation}); without a
   * threshold it does not cross one (NaN crosses nothing); "≤" for a metric this version does not know.
   */
  private static String relation(DriftRecord r, double value) {
    Metric metric = Metric.fromColumn(r.thresholdMetric());
    return metric == null ? "≤" : metric.relation(value, r.threshold() == null ? Double.NaN : r.threshold());
  }

  /** "[30.6, ∞): 1.2% → 9.8%", the bin contributing most to the JS divergence; "" when none. */
  static String topBinText(DriftRecord r) {
    List<BinContribution> top = r.topBins();
    if (top.isEmpty()) {
      return "";
    }
    BinContribution bin = top.get(0);
    return bin.label() + ": " + percent(bin.refShare()) + " → " + percent(bin.curShare());
  }

  // ---- histogram -------------------------------------------------------------------------------

  /** Reference vs current share per bin: numeric bins on a value axis, categories labelled. */
  private static String histogram(DriftRecord r) {
    double[] ref = shares(r.refBinCounts());
    double[] cur = shares(r.curBinCounts());
    double[] edges = r.binEdges();
    boolean valueAxis = r.categories() == null && edges != null && edges.length == ref.length + 1 && ref.length >= 3
        && Double.isFinite(edges[1]) && Double.isFinite(edges[edges.length - 2]) && edges[edges.length - 2] > edges[1];
    int bottom = valueAxis ? 50 : 96;
    int height = HIST_HEIGHT + bottom;
    StringBuilder svg = new StringBuilder();
    svg.append("<figure><svg class=\"chart histogram\" role=\"img\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ')
        .append(height).append("\" width=\"").append(CHART_WIDTH).append("\" height=\"").append(height)
        .append("\"><title>").append(escape(r.columnName())).append(": reference vs current share per bin</title>\n");
    double max = 0;
    for (int i = 0; i < ref.length; i++) {
      max = Math.max(max, Math.max(ref[i], cur[i]));
    }
    if (!valueAxis) {
      double refOther = 0;
      double curOther = 0;
      for (int i : groupedBins(r, ref, cur)) {
        refOther += ref[i];
        curOther += cur[i];
      }
      max = Math.max(max, Math.max(refOther, curOther));
    }
    Scale y = Scale.of(0, max == 0 ? 1 : max, 5, true, TOP + HIST_HEIGHT, TOP);
    yAxis(svg, y, true, "share of values");
    if (valueAxis) {
      numericBars(svg, r, edges, ref, cur, y);
    } else {
      slotBars(svg, r, ref, cur, y);
    }
    svg.append("</svg><figcaption><span class=\"key ref\"></span> reference (").append(Numbers.count(r.refCount()))
        .append(" values) <span class=\"key cur\"></span> current (").append(Numbers.count(r.curCount()))
        .append(" values)");
    if (valueAxis) {
      svg.append(" drawn over each other; a bar spans its bin on the value axis").append(unitNote(r))
          .append(" and its height is the bin's share of values (a wide bin is not a larger share); the dash-outlined bars")
          .append(" at the ends are the open bins below the reference's minimum and above its maximum");
    }
    return svg.append("; hover a bin for its range and shares</figcaption></figure>\n").toString();
  }

  private static String unitNote(DriftRecord r) {
    String type = r.dataType() == null ? "" : r.dataType().toLowerCase(Locale.ROOT);
    return type.equals("date") ? " (dates)" : type.startsWith("timestamp") ? " (dates, UTC)" : "";
  }

  /** A value axis label: a date for date and timestamp features (binned as days / seconds since the epoch). */
  private static String valueTick(DriftRecord r, double value, double step) {
    String type = r.dataType() == null ? "" : r.dataType().toLowerCase(Locale.ROOT);
    if (type.equals("date")) {
      return LocalDate.ofEpochDay(Math.round(value)).toString();
    }
    if (type.startsWith("timestamp")) {
      return LocalDate.ofInstant(Instant.ofEpochSecond(Math.round(value)), ZoneOffset.UTC).toString();
    }
    return Numbers.tick(value, step);
  }

  /** An edge as a label: a date for date and timestamp features, else 4 significant digits. */
  private static String edgeTick(DriftRecord r, double edge) {
    String type = r.dataType() == null ? "" : r.dataType().toLowerCase(Locale.ROOT);
    return type.equals("date") || type.startsWith("timestamp") ? valueTick(r, edge, 1) : Numbers.significant(edge, 4);
  }

  private static void numericBars(StringBuilder svg, DriftRecord r, double[] edges, double[] ref, double[] cur, Scale y) {
    int k = ref.length;
    double lo = edges[1];
    double hi = edges[k - 1];
    double left = LEFT + OUTER_WIDTH + OUTER_GAP;
    double right = CHART_WIDTH - RIGHT - OUTER_WIDTH - OUTER_GAP;
    Scale x = Scale.of(lo, hi, 8, false, left, right);
    double base = y.pixel(0);
    for (double t : x.ticks()) {
      double px = x.pixel(t);
      svg.append(String.format(Locale.ROOT, "<line class=\"tickmark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
          px, base, px, base + 5));
      svg.append(String.format(Locale.ROOT, "<text class=\"tick x\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
          px, base + 17, escape(valueTick(r, t, x.step()))));
    }
    for (int i = 0; i < k; i++) {
      double x0;
      double x1;
      if (i == 0) {
        x0 = LEFT + 2;
        x1 = x0 + OUTER_WIDTH;
      } else if (i == k - 1) {
        x1 = CHART_WIDTH - RIGHT - 2;
        x0 = x1 - OUTER_WIDTH;
      } else {
        x0 = x.pixel(edges[i]);
        x1 = x.pixel(edges[i + 1]);
      }
      binGroup(svg, binLabel(edges, i), r, i, x0, x1, ref[i], cur[i], y, i == 0 || i == k - 1, true);
    }
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n",
        LEFT, base, CHART_WIDTH - RIGHT, base));
    svg.append(String.format(Locale.ROOT, "<text class=\"tick x outer\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">&lt; %s</text>%n",
        LEFT + 2 + OUTER_WIDTH / 2.0, base + 32, escape(edgeTick(r, lo))));
    svg.append(String.format(Locale.ROOT, "<text class=\"tick x outer\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">&gt; %s</text>%n",
        CHART_WIDTH - RIGHT - 2 - OUTER_WIDTH / 2.0, base + 32, escape(edgeTick(r, hi))));
  }

  /** Bins in equal slots, each labelled below: categories (the largest N, the rest grouped), or numeric bins without a range. */
  private static void slotBars(StringBuilder svg, DriftRecord r, double[] ref, double[] cur, Scale y) {
    List<String> labels = binLabels(r);
    int k = ref.length;
    List<Integer> grouped = groupedBins(r, ref, cur);
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      if (!grouped.contains(i)) {
        shown.add(i);
      }
    }
    int slots = shown.size() + (grouped.isEmpty() ? 0 : 1);
    double slot = (CHART_WIDTH - LEFT - RIGHT) / (double) slots;
    double base = y.pixel(0);
    int n = 0;
    for (int i : shown) {
      double x0 = LEFT + n * slot;
      binGroup(svg, labels.get(i), r, i, x0, x0 + slot, ref[i], cur[i], y, false, false);
      slotLabel(svg, labels.get(i), x0 + slot / 2, base, labels.get(i));
      n++;
    }
    if (!grouped.isEmpty()) {
      double x0 = LEFT + n * slot;
      double refSum = 0;
      double curSum = 0;
      List<String> names = new ArrayList<>();
      for (int i : grouped) {
        refSum += ref[i];
        curSum += cur[i];
        names.add(labels.get(i));
      }
      String label = "other (" + grouped.size() + " bins)";
      String title = label + ": " + String.join(", ", names);
      binGroup(svg, title, r, -1, x0, x0 + slot, refSum, curSum, y, false, false);
      slotLabel(svg, label, x0 + slot / 2, base, title);
    }
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n",
        LEFT, base, CHART_WIDTH - RIGHT, base));
  }

  /**
   * The bins a categorical chart groups into one "other" bar: none up to {@link #CATEGORY_LIMIT}
   * categories, else every category but the {@code CATEGORY_LIMIT} with the largest share on either
   * side, and the "other" bin.
   */
  private static List<Integer> groupedBins(DriftRecord r, double[] ref, double[] cur) {
    int k = ref.length;
    if (r.categories() == null || k <= CATEGORY_LIMIT + 1) {
      return List.of();
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < k - 1; i++) { // the last category bin is "other"
      order.add(i);
    }
    order.sort(Comparator.<Integer>comparingDouble(i -> Math.max(ref[i], cur[i])).reversed().thenComparing(i -> i));
    Set<Integer> keep = new TreeSet<>(order.subList(0, CATEGORY_LIMIT));
    List<Integer> grouped = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      if (!keep.contains(i)) {
        grouped.add(i);
      }
    }
    return grouped;
  }

  private static void slotLabel(StringBuilder svg, String label, double x, double base, String title) {
    String text = label.length() > 18 ? label.substring(0, 17) + "…" : label;
    svg.append(String.format(Locale.ROOT,
        "<text class=\"tick x cat\" transform=\"translate(%.1f,%.1f) rotate(-40)\" text-anchor=\"end\">%s<title>%s</title></text>%n",
        x + 3, base + 12, escape(text), escape(title)));
  }

  /** One bin: a hover target over its slot, the reference bar and the current bar side by side. */
  private static void binGroup(StringBuilder svg, String label, DriftRecord r, int bin, double x0, double x1,
      double ref, double cur, Scale y, boolean outer, boolean overlay) {
    double width = Math.max(0.8, x1 - x0);
    double pad = width > 6 ? width * 0.08 : 0;
    double bar = Math.max(0.4, (width - 2 * pad) / 2);
    String refCount = bin >= 0 ? " (" + Numbers.count(r.refBinCounts()[bin]) + ")" : "";
    String curCount = bin >= 0 ? " (" + Numbers.count(r.curBinCounts()[bin]) + ")" : "";
    svg.append("<g class=\"bin").append(outer ? " outer" : "").append("\"><title>").append(escape(label))
        .append(": reference ").append(percent(ref)).append(escape(refCount)).append(" → current ").append(percent(cur))
        .append(escape(curCount)).append("</title>");
    svg.append(String.format(Locale.ROOT, "<rect class=\"hit\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
        x0, TOP, width, HIST_HEIGHT));
    if (overlay) {
      // on a value axis both sides span the whole bin: halves side by side would put the current
      // values in the upper half of a wide bin. The current side is see-through, with its top drawn.
      double gap = width > 3 ? 0.6 : 0;
      bar(svg, "ref", x0 + gap / 2, width - gap, ref, y, outer);
      bar(svg, "cur see-through", x0 + gap / 2, width - gap, cur, y, outer);
      svg.append(String.format(Locale.ROOT, "<line class=\"cur-top\" x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\"/>",
          x0, y.pixel(cur), x0 + width, y.pixel(cur)));
    } else {
      bar(svg, "ref", x0 + pad, bar, ref, y, outer);
      bar(svg, "cur", x0 + pad + bar, bar, cur, y, outer);
    }
    svg.append("</g>\n");
  }

  private static void bar(StringBuilder svg, String side, double x, double width, double share, Scale y, boolean outer) {
    double top = y.pixel(share);
    svg.append(String.format(Locale.ROOT, "<rect class=\"%s%s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\"/>",
        side, outer ? " outer" : "", x, top, width, y.pixel(0) - top));
  }

  /** Horizontal gridlines and tick labels of a vertical axis (share as %, or the metric). */
  private static void yAxis(StringBuilder svg, Scale y, boolean share, String title) {
    for (double t : y.ticks()) {
      double py = y.pixel(t);
      svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
          LEFT, py, CHART_WIDTH - RIGHT, py));
      svg.append(String.format(Locale.ROOT, "<text class=\"tick y\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
          LEFT - 6, py + 3.5, share ? Numbers.percentTick(t, y.step()) : Numbers.tick(t, y.step())));
    }
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
        LEFT, y.from(), LEFT, y.to()));
    svg.append(String.format(Locale.ROOT,
        "<text class=\"axis-title\" transform=\"translate(12,%.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
        (y.from() + y.to()) / 2, escape(title)));
  }

  static List<String> binLabels(DriftRecord r) {
    List<String> labels = new ArrayList<>();
    if (r.categories() != null) {
      labels.addAll(r.categories());
    } else if (r.binEdges() != null) {
      double[] e = r.binEdges();
      for (int i = 0; i + 1 < e.length; i++) {
        labels.add(binLabel(e, i));
      }
    }
    while (labels.size() < r.refBinCounts().length) {
      labels.add("bin " + labels.size());
    }
    return labels;
  }

  /** "[a, b)", with open ends "(−∞, a)" and "[b, ∞)"; edges with up to 6 significant digits. */
  private static String binLabel(double[] edges, int i) {
    String lower = Double.isInfinite(edges[i]) ? "(" + Numbers.significant(edges[i], 6) : "[" + Numbers.significant(edges[i], 6);
    return lower + ", " + Numbers.significant(edges[i + 1], 6) + ")";
  }

  private static double[] shares(long[] counts) {
    double total = Arrays.stream(counts).sum();
    return Arrays.stream(counts).mapToDouble(c -> total == 0 ? 0 : c / total).toArray();
  }

  // ---- trend -----------------------------------------------------------------------------------

  /** The judged metric per window (JS distance when judged by a p-value), the threshold as a line. */
  private static String trend(DriftRecord feature, List<DriftRecord> rows, WindowLabels labels) {
    String metric = feature.thresholdMetric() != null ? feature.thresholdMetric() : rows.get(0).thresholdMetric();
    Metric judged = Metric.fromColumn(metric);
    boolean pValue = metric == null || judged != null && judged.isPValue();
    Double threshold = pValue ? null : feature.threshold();
    java.util.function.Function<DriftRecord, Double> value = pValue ? DriftRecord::jsDistance : HtmlReport::judgedValue;
    String shown = pValue ? "js_distance" : metric;
    List<DriftRecord> points = rows.stream().filter(r -> value.apply(r) != null && Double.isFinite(value.apply(r))).toList();
    if (points.isEmpty()) {
      return "";
    }
    List<Instant> starts = rows.stream().map(DriftRecord::windowStart).distinct().sorted().toList();
    double max = points.stream().mapToDouble(value::apply).max().orElse(1);
    if (threshold != null) {
      max = Math.max(max, threshold);
    }
    int bottom = 44;
    int height = TREND_HEIGHT + bottom;
    Scale y = Scale.of(0, max == 0 ? 1 : max * 1.05, 5, true, TOP + TREND_HEIGHT, TOP);
    double slot = (CHART_WIDTH - LEFT - RIGHT) / (double) starts.size();
    Map<Instant, Double> xs = new LinkedHashMap<>();
    for (int i = 0; i < starts.size(); i++) {
      xs.put(starts.get(i), LEFT + slot * (i + 0.5));
    }
    StringBuilder svg = new StringBuilder();
    svg.append("<figure><svg class=\"chart trend\" role=\"img\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ')
        .append(height).append("\" width=\"").append(CHART_WIDTH).append("\" height=\"").append(height)
        .append("\"><title>").append(escape(feature.columnName())).append(": ").append(escape(shown))
        .append(" per window</title>\n");
    yAxis(svg, y, false, shown);
    double base = y.pixel(0);
    int every = (int) Math.ceil(starts.size() / 16.0);
    for (int i = 0; i < starts.size(); i++) {
      double px = xs.get(starts.get(i));
      svg.append(String.format(Locale.ROOT, "<line class=\"tickmark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
          px, base, px, base + 4));
      if (i % every == 0) {
        svg.append(String.format(Locale.ROOT, "<text class=\"tick x\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
            px, base + 17, escape(labels.label(starts.get(i)))));
      }
    }
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n",
        LEFT, base, CHART_WIDTH - RIGHT, base));
    if (threshold != null) {
      double py = y.pixel(threshold);
      svg.append(String.format(Locale.ROOT, "<line class=\"threshold\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
          LEFT, py, CHART_WIDTH - RIGHT, py));
      svg.append(String.format(Locale.ROOT, "<text class=\"threshold-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">threshold %s</text>%n",
          CHART_WIDTH - RIGHT - 4, py - 4, escape(format(threshold))));
    }
    boolean consecutive = false;
    for (String type : List.of(DriftRecord.BASELINE, DriftRecord.CONSECUTIVE)) {
      List<DriftRecord> line = points.stream().filter(r -> type.equals(r.driftType())).toList();
      if (line.isEmpty()) {
        continue;
      }
      String cls = DriftRecord.BASELINE.equals(type) ? "baseline" : "consecutive";
      consecutive |= !DriftRecord.BASELINE.equals(type);
      StringBuilder coords = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (DriftRecord r : line) {
        double px = xs.get(r.windowStart());
        double py = y.pixel(value.apply(r));
        coords.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        String state = drifted(r) ? " drifted" : notJudged(r) ? " notjudged" : "";
        dots.append(String.format(Locale.ROOT, "<circle class=\"%s%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%s\"><title>%s</title></circle>%n",
            cls, state, px, py, drifted(r) ? "4.5" : "3", escape(labels.label(r.windowStart()) + " vs "
                + (DriftRecord.BASELINE.equals(type) ? "reference" : "previous window") + ": " + shown + " "
                + format(value.apply(r)) + ", " + statusText(r) + (r.message() == null ? "" : " (" + r.message() + ")"))));
      }
      svg.append("<polyline class=\"").append(cls).append("\" points=\"").append(coords.toString().trim()).append("\"/>\n")
          .append(dots);
    }
    svg.append("</svg><figcaption>").append(escape(shown)).append(" per window: <span class=\"key baseline\"></span> vs reference")
        .append(consecutive ? " <span class=\"key consecutive\"></span> vs previous window" : "")
        .append(threshold != null ? " <span class=\"key threshold\"></span> threshold" : "")
        .append("; large red dots: drifted")
        .append(points.stream().anyMatch(HtmlReport::notJudged) ? "; hollow dots: not judged (hover for why)" : "")
        .append(pValue && metric != null ? " (judged by " + escape(metric) + ", not drawn)" : "")
        .append("</figcaption></figure>\n");
    return svg.toString();
  }

  // ---- shared ----------------------------------------------------------------------------------

  private static String statusClass(DriftRecord r) {
    if (r.driftStatus() != DriftStatus.OK) {
      return r.status() == null ? "skipped" : r.status().toLowerCase(Locale.ROOT);
    }
    return drifted(r) ? "drifted" : r.drifted() == null ? "notjudged" : "stable";
  }

  private static String statusText(DriftRecord r) {
    if (r.driftStatus() != DriftStatus.OK) {
      return String.valueOf(r.status());
    }
    return drifted(r) ? "drifted" : r.drifted() == null ? "not judged" : "stable";
  }

  private static String anchor(String column) {
    StringBuilder id = new StringBuilder("f-");
    for (char c : column.toCharArray()) {
      id.append(Character.isLetterOrDigit(c) && c < 128 ? String.valueOf(c) : "_" + Integer.toHexString(c));
    }
    return id.toString();
  }

  /**
   * Short window names: "2015-07" when every window is a calendar month, "2015-07-04" when windows
   * start at midnight, else the minute (UTC).
   */
  private static final class WindowLabels {
    private final String pattern;

    WindowLabels(List<DriftRecord> rows) {
      boolean months = true;
      boolean days = true;
      boolean any = false;
      for (DriftRecord r : rows) {
        if (r.windowStart() == null) {
          continue;
        }
        any = true;
        ZonedDateTime start = r.windowStart().atZone(ZoneOffset.UTC);
        boolean midnight = start.toLocalTime().toSecondOfDay() == 0;
        days &= midnight;
        months &= midnight && start.getDayOfMonth() == 1
            && (r.windowEnd() == null || r.windowEnd().equals(start.plusMonths(1).toInstant()));
      }
      pattern = !any ? "" : months ? "month" : days ? "day" : "minute";
    }

    String label(Instant start) {
      String text = start.toString();
      return switch (pattern) {
        case "month" -> text.substring(0, 7);
        case "day" -> text.substring(0, 10);
        default -> text.length() >= 16 ? text.substring(0, 16).replace('T', ' ') : text;
      };
    }
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
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:960px;padding:16px 24px;color:#1d2330;background:#fff}
      h1{margin:0 0 4px;font-size:24px}h2{font-size:18px;margin:24px 0 8px}h2 small{font-weight:normal;color:#5b6475;font-size:13px}
      header dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dt{color:#5b6475}dd{margin:0;word-break:break-all}
      .verdict{font-size:16px;padding:8px 12px;border-radius:6px;margin:8px 0}.verdict b{font-size:18px}
      .verdict .where{font-size:13px;margin-top:2px}
      .verdict.bad{background:#fde8e8;color:#9b1c1c}.verdict.good{background:#e6f4ea;color:#1e6b35}
      table.ranking{border-collapse:collapse;width:100%;font-size:13px}table.ranking th,table.ranking td{padding:4px 6px;border-bottom:1px solid #e3e6ec;text-align:left}
      .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.rule{white-space:nowrap}th.num{text-align:right}
      tr.drifted td.status{color:#b42318;font-weight:600}tr.stable td.status{color:#1e6b35}tr.notjudged td.status{color:#667085;font-style:italic}
      tr.failed td.status{color:#b54708;font-weight:600}tr.skipped td.status{color:#667085}
      .note{color:#5b6475;font-size:13px}
      .scroll{overflow-x:auto}
      table.grid{border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums}
      table.grid th,table.grid td{padding:2px 6px;border:1px solid #e3e6ec}table.grid th{background:#f5f6f8;text-align:left;white-space:nowrap}
      table.grid th.sub{font-weight:normal;color:#5b6475;text-align:right}table.grid th.feature{text-align:center}
      td.cell{text-align:right;white-space:nowrap}
      .cell.drifted{background:#fde8e8;color:#9b1c1c;font-weight:600}.cell.notjudged{background:#f2f4f7;color:#667085;font-style:italic}
      .cell.skipped{color:#98a2b3}
      span.cell{padding:0 4px;border-radius:3px}
      section.feature{border-left:4px solid #d0d5dd;padding-left:12px;margin-top:24px}
      section.feature.drifted{border-color:#d92d20}section.feature.stable{border-color:#32a852}section.feature.failed{border-color:#f79009}
      section.feature.notjudged{border-color:#98a2b3}
      .message{color:#5b6475;font-style:italic}.message.notjudged{font-style:normal;background:#f2f4f7;padding:4px 8px;border-radius:4px}
      dl.why{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px;margin:6px 0;font-size:13px}
      .elsewhere{font-size:13px;color:#9b1c1c}
      svg.chart{max-width:100%;height:auto;background:#fafbfc;border:1px solid #eef0f4}
      svg .ref{fill:#8098c0}svg .cur{fill:#e07b39}svg .cur.see-through{fill-opacity:.5}svg .cur-top{stroke:#c4571a;stroke-width:1.5}svg rect.outer{stroke:#344054;stroke-width:1;stroke-dasharray:2 2}svg .hit{fill:transparent}svg g.bin:hover .hit{fill:#e8ecf3}
      svg .axis{stroke:#667085}svg .tickmark{stroke:#667085}svg .grid{stroke:#e3e6ec}
      svg .tick{font-size:11px;fill:#475467}svg .axis-title{font-size:11px;fill:#5b6475}svg .tick.outer{fill:#8a93a5;font-size:10px}
      svg .threshold{stroke:#d92d20;stroke-dasharray:6 4;stroke-width:1.2}svg .threshold-label{font-size:11px;fill:#b42318}
      svg polyline{fill:none;stroke-width:1.5}svg polyline.baseline{stroke:#3559a8}svg polyline.consecutive{stroke:#7a5af8;stroke-dasharray:4 3}
      svg circle.baseline{fill:#3559a8}svg circle.consecutive{fill:#7a5af8}svg circle.drifted{fill:#d92d20;stroke:#fff}
      svg circle.notjudged{fill:#fff;stroke:#98a2b3}
      figure{margin:8px 0}figcaption{font-size:12px;color:#5b6475}
      .key{display:inline-block;width:10px;height:10px;margin:0 3px 0 8px;vertical-align:middle}
      .key.ref{background:#8098c0}.key.cur{background:#e07b39}.key.baseline{background:#3559a8}.key.consecutive{background:#7a5af8}
      .key.threshold{height:0;border-top:2px dashed #d92d20}
      """;

  /** Counts the charts into the hidden probe and the body's data-charts (the report tests read them). */
  private static final String SCRIPT = """
      (function () {
        var charts = document.querySelectorAll('svg.chart');
        document.getElementById('chart-count').textContent = String(charts.length);
        document.body.setAttribute('data-charts', String(charts.length));
      })();
      """;
}
