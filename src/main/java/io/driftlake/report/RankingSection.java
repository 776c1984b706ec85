package io.driftlake.report;

import static io.driftlake.report.Html.anchor;
import static io.driftlake.report.Html.escape;
import static io.driftlake.report.Numbers.format;
import static io.driftlake.report.Rows.drifted;
import static io.driftlake.report.Rows.ruleText;
import static io.driftlake.report.Rows.statusClass;
import static io.driftlake.report.Rows.statusText;

import io.driftlake.core.table.DriftRecord;
import java.util.ArrayList;
import java.util.List;

/** The features ranked by JS distance: every metric, the rule that judged them and where else they drifted. */
final class RankingSection {
  private RankingSection() {}

  static String ranking(List<DriftRecord> features, List<DriftRecord> windows, List<DriftRecord> slices) {
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
}
