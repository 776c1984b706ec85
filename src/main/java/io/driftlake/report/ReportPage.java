package io.driftlake.report;

import static io.driftlake.report.FeatureSection.featureSection;
import static io.driftlake.report.Html.escape;
import static io.driftlake.report.PageStyle.CSS;
import static io.driftlake.report.PageStyle.SCRIPT;
import static io.driftlake.report.RankingSection.ranking;
import static io.driftlake.report.Rows.tableRow;
import static io.driftlake.report.Rows.wholeData;
import static io.driftlake.report.Rows.windowRow;
import static io.driftlake.report.SliceList.sliceList;
import static io.driftlake.report.VerdictSection.verdict;
import static io.driftlake.report.WindowGrid.windowGrid;

import io.driftlake.core.table.DriftRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page of one run: its rows sorted into the whole-data features, the {@code :table} row, the
 * windows and the slices, then the head, the header with its verdict, and each section in order.
 */
final class ReportPage {
  private ReportPage() {}

  /** The page for the rows of one run (all its rows: whole data, windows, slices). */
  /**
   * The whole data's domain classifier ({@code --domain-classifier}): its AUC, p-value and top
   * features, and whether it drifted the {@code :table} row; or why it was not trained. Empty without one.
   */
  static String classifier(DriftRecord table) {
    if (table == null || table.message() == null) {
      return "";
    }
    Double auc = table.get(io.driftlake.core.table.DriftColumns.CLASSIFIER_AUC);
    if (auc == null) {
      for (String part : table.message().split("; ")) {
        if (part.startsWith("domain classifier: ")) {
          return "<p class=\"classifier\" id=\"classifier\">" + escape(part) + "</p>\n";
        }
      }
      return "";
    }
    String drifted = null;
    for (String part : table.message().split("; ")) {
      if (part.startsWith(io.driftlake.core.table.DriftRows.CLASSIFIER_DRIFT)) {
        drifted = part;
      }
    }
    StringBuilder top = new StringBuilder();
    List<List<Object>> features = table.get(io.driftlake.core.table.DriftColumns.CLASSIFIER_TOP_FEATURES);
    if (features != null) {
      for (List<Object> f : features) {
        top.append(top.length() == 0 ? "" : ", ").append(f.get(0)).append(' ')
            .append(String.format(java.util.Locale.ROOT, "%.2f", ((Number) f.get(1)).doubleValue()));
      }
    }
    Double p = table.get(io.driftlake.core.table.DriftColumns.CLASSIFIER_PVALUE);
    return "<p class=\"classifier\" id=\"classifier\"><b>" + (drifted != null ? "joint drift" : "no joint drift seen")
        + "</b>: " + escape(drifted != null ? drifted : String.format(java.util.Locale.ROOT,
            "the domain classifier's held-out AUC is %.2f", auc))
        + escape(p == null ? "" : " (p " + io.driftlake.core.NumberText.compact(p, 2) + ")")
        + (drifted != null || top.length() == 0 ? "" : escape(", its top features " + top)) + "</p>\n";
  }

  static String render(List<DriftRecord> rows) {
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
    html.append("</dl>\n").append(verdict(features, windows, slices, rows, labels)).append(classifier(table))
        .append("</header>\n");

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
}
