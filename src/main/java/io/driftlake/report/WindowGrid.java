package io.driftlake.report;

import io.driftlake.core.config.DriftType;
import static io.driftlake.report.Html.escape;
import static io.driftlake.report.Numbers.format;
import static io.driftlake.report.Rows.drifted;
import static io.driftlake.report.Rows.judgedValue;
import static io.driftlake.report.Rows.notJudged;
import static io.driftlake.report.Rows.place;
import static io.driftlake.report.Rows.statusText;
import static io.driftlake.report.Rows.tableRow;
import static io.driftlake.report.Rows.thresholdText;
import static io.driftlake.report.Rows.windowRow;

import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.DriftStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The windows section: a grid of the judged metric per window, feature and drift type. */
final class WindowGrid {
  private WindowGrid() {}

  /** One row per window, one column per feature and drift type: the judged metric, drifted cells marked. */
  static String windowGrid(List<DriftRecord> features, List<DriftRecord> windows, List<DriftRecord> rows,
      WindowLabels labels) {
    List<String> columns = new ArrayList<>();
    features.stream().map(DriftRecord::columnName)
        .filter(c -> windows.stream().anyMatch(w -> w.columnName().equals(c))).forEach(columns::add);
    windows.forEach(w -> {
      if (!columns.contains(w.columnName())) {
        columns.add(w.columnName());
      }
    });
    List<DriftType> types = new ArrayList<>();
    for (DriftType type : List.of(DriftType.BASELINE, DriftType.CONSECUTIVE)) {
      if (windows.stream().anyMatch(w -> w.driftTypeValue() == type)) {
        types.add(type);
      }
    }
    TreeSet<Instant> starts = windows.stream().map(DriftRecord::windowStart).collect(Collectors.toCollection(TreeSet::new));
    Map<String, DriftRecord> cells = new LinkedHashMap<>();
    windows.forEach(w -> cells.put(w.columnName() + "\u0000" + w.driftType() + "\u0000" + w.windowStart(), w));
    Map<Instant, Long> windowRows = new LinkedHashMap<>();
    rows.stream().filter(r -> windowRow(r) && tableRow(r) && r.driftTypeValue() == DriftType.BASELINE)
        .forEach(r -> windowRows.put(r.windowStart(), r.curCount()));
    Set<String> metrics = windows.stream().map(DriftRecord::thresholdMetric).filter(m -> m != null)
        .collect(Collectors.toCollection(TreeSet::new));

    StringBuilder html = new StringBuilder();
    html.append("<section id=\"windows\"><h2>Windows</h2>\n<p class=\"note\">Each cell is the judged metric (")
        .append(escape(String.join(", ", metrics))).append(") of one feature in one window")
        .append(types.contains(DriftType.CONSECUTIVE) ? ", against the reference and against the previous window" : "")
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
        for (DriftType type : types) {
          html.append("<th class=\"sub\">").append(type == DriftType.BASELINE ? "vs ref" : "vs prev").append("</th>");
        }
      }
      html.append("</tr>\n");
    }
    html.append("</thead>\n<tbody>\n");
    for (Instant start : starts) {
      html.append("<tr><th>").append(escape(labels.label(start))).append("</th><td class=\"num\">")
          .append(Numbers.count(windowRows.get(start))).append("</td>");
      for (String column : columns) {
        for (DriftType type : types) {
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
}
