package io.driftlake.report;

import static io.driftlake.report.HistogramChart.histogram;
import static io.driftlake.report.Html.anchor;
import static io.driftlake.report.Html.escape;
import static io.driftlake.report.Numbers.format;
import static io.driftlake.report.Numbers.percent;
import static io.driftlake.report.Rows.drifted;
import static io.driftlake.report.Rows.judgedValue;
import static io.driftlake.report.Rows.notJudged;
import static io.driftlake.report.Rows.place;
import static io.driftlake.report.Rows.relation;
import static io.driftlake.report.Rows.statusClass;
import static io.driftlake.report.Rows.statusText;
import static io.driftlake.report.Rows.topBinText;
import static io.driftlake.report.TrendChart.trend;

import io.driftlake.core.config.Metric;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.DriftStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * One feature's section: why it was judged as it was (judged metric vs threshold, noise floor,
 * q-value, top bin, new values), where else it drifted, its histogram and its trend over the windows.
 */
final class FeatureSection {
  private FeatureSection() {}

  static String featureSection(DriftRecord r, List<DriftRecord> trend, List<DriftRecord> windows,
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
      } else if (Metric.JS_DIVERGENCE.column().equals(r.thresholdMetric())) {
        html.append("JS divergence ").append(format(r.jsNoiseFloor())).append(" bits expected from sampling alone");
      } else {
        // the floor has no units of the judged metric: set it beside the JS distance it does have units of
        html.append("JS distance ").append(format(Math.sqrt(r.jsNoiseFloor())))
            .append(" expected from sampling alone (js_distance here: ").append(format(r.jsDistance())).append(")");
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
          .append(" of the current values are outside what the reference had");
      List<io.driftlake.core.profile.NewValues.Value> named = r.topNewValues();
      if (named != null && !named.isEmpty()) {
        List<String> names = new ArrayList<>();
        named.forEach(v -> names.add(v.value() + " " + percent(v.currentShare())));
        html.append(", most often ").append(escape(String.join(", ", names)));
      }
      html.append("</dd>");
    }
    return html.append("</dl>\n").toString();
  }
}
