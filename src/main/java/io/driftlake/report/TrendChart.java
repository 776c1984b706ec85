package io.driftlake.report;

import io.driftlake.core.config.DriftType;
import static io.driftlake.report.Axes.CHART_WIDTH;
import static io.driftlake.report.Axes.LEFT;
import static io.driftlake.report.Axes.RIGHT;
import static io.driftlake.report.Axes.TOP;
import static io.driftlake.report.Axes.TREND_HEIGHT;
import static io.driftlake.report.Axes.yAxis;
import static io.driftlake.report.Html.escape;
import static io.driftlake.report.Numbers.format;
import static io.driftlake.report.Rows.drifted;
import static io.driftlake.report.Rows.notJudged;
import static io.driftlake.report.Rows.statusText;

import io.driftlake.core.config.Metric;
import io.driftlake.core.table.DriftRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A feature's judged metric per window as an inline SVG line chart, the threshold as a line. */
final class TrendChart {
  private TrendChart() {}

  /** The judged metric per window (JS distance when judged by a p-value), the threshold as a line. */
  static String trend(DriftRecord feature, List<DriftRecord> rows, WindowLabels labels) {
    String metric = feature.thresholdMetric() != null ? feature.thresholdMetric() : rows.get(0).thresholdMetric();
    Metric judged = Metric.fromColumn(metric);
    boolean pValue = metric == null || judged != null && judged.isPValue();
    Double threshold = pValue ? null : feature.threshold();
    java.util.function.Function<DriftRecord, Double> value = pValue ? DriftRecord::jsDistance : Rows::judgedValue;
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
    for (DriftType type : List.of(DriftType.BASELINE, DriftType.CONSECUTIVE)) {
      List<DriftRecord> line = points.stream().filter(r -> r.driftTypeValue() == type).toList();
      if (line.isEmpty()) {
        continue;
      }
      String cls = type == DriftType.BASELINE ? "baseline" : "consecutive";
      consecutive |= type != DriftType.BASELINE;
      StringBuilder coords = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (DriftRecord r : line) {
        double px = xs.get(r.windowStart());
        double py = y.pixel(value.apply(r));
        coords.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        String state = drifted(r) ? " drifted" : notJudged(r) ? " notjudged" : "";
        dots.append(String.format(Locale.ROOT, "<circle class=\"%s%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%s\"><title>%s</title></circle>%n",
            cls, state, px, py, drifted(r) ? "4.5" : "3", escape(labels.label(r.windowStart()) + " vs "
                + (type == DriftType.BASELINE ? "reference" : "previous window") + ": " + shown + " "
                + format(value.apply(r)) + ", " + statusText(r) + (r.message() == null ? "" : " (" + r.message() + ")"))));
      }
      svg.append("<polyline class=\"").append(cls).append("\" points=\"").append(coords.toString().trim()).append("\"/>\n")
          .append(dots);
    }
    svg.append("</svg><figcaption>").append(escape(shown)).append(" per window: <span class=\"key baseline\"></span> vs reference")
        .append(consecutive ? " <span class=\"key consecutive\"></span> vs previous window" : "")
        .append(threshold != null ? " <span class=\"key threshold\"></span> threshold" : "")
        .append("; large red dots: drifted")
        .append(points.stream().anyMatch(Rows::notJudged) ? "; hollow dots: not judged (hover for why)" : "")
        .append(pValue && metric != null ? " (judged by " + escape(metric) + ", not drawn)" : "")
        .append("</figcaption></figure>\n");
    return svg.toString();
  }
}
