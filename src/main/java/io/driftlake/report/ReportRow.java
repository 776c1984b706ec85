package io.driftlake.report;

import java.time.Instant;
import java.util.List;

/** The drift-table columns the HTML report shows, for one row. Numbers may be null (not measured). */
public record ReportRow(
    String runId, Instant runTs, String reference, String current,
    Instant windowStart, String sliceKey, String sliceValue, String driftType,
    String columnName, String kind, List<Double> binEdges, List<String> categories,
    List<Long> refBinCounts, List<Long> curBinCounts, Long refCount, Long curCount,
    Double jsDistance, Double psi, Double klRefCur, Double chi2Pvalue,
    String thresholdMetric, Double threshold, Boolean drifted, String status, String message,
    Double driftedShare) {

  static final String TABLE_ROW = ":table";

  boolean wholeData() {
    return windowStart == null && sliceKey == null && "BASELINE".equals(driftType);
  }

  boolean tableRow() {
    return TABLE_ROW.equals(columnName);
  }
}
