package io.driftlake.report;

import io.driftlake.core.config.DriftType;
import static io.driftlake.report.Html.escape;
import static io.driftlake.report.HtmlReport.SLICE_LIMIT;
import static io.driftlake.report.Numbers.format;
import static io.driftlake.report.Rows.judgedByPValue;
import static io.driftlake.report.Rows.judgedValue;
import static io.driftlake.report.Rows.place;
import static io.driftlake.report.Rows.ruleText;
import static io.driftlake.report.Rows.topBinText;

import io.driftlake.core.table.DriftRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The slices section: the drifted slice rows, the furthest over their threshold first. */
final class SliceList {
  private SliceList() {}

  /** How far a row is over its threshold (value ÷ threshold, or threshold ÷ p-value): the slice ranking. */
  static double severity(DriftRecord r) {
    Double value = judgedValue(r);
    if (value == null || r.threshold() == null || r.threshold() == 0) {
      return 0;
    }
    return judgedByPValue(r) ? r.threshold() / Math.max(value, Double.MIN_NORMAL) : value / r.threshold();
  }

  static String sliceList(List<DriftRecord> slices, WindowLabels labels) {
    List<DriftRecord> drifted = slices.stream().filter(Rows::drifted)
        .sorted(Comparator.comparingDouble(SliceList::severity).reversed()
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
          .append(r.driftTypeValue() == DriftType.CONSECUTIVE ? "previous window" : "reference").append("</td><td>")
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
}
