package io.driftlake.report;

import io.driftlake.core.config.DriftType;
import static io.driftlake.report.Numbers.format;
import static io.driftlake.report.Numbers.percent;

import io.driftlake.core.config.Metric;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.DriftStatus;
import io.driftlake.core.verdict.BinContribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the report reads from one drift row: where it belongs (whole data, window, slice, the
 * {@code :table} row), its state (drifted, not judged, status) and its verdict as text (the rule, the
 * judged value, how it stands to its threshold, the top bin).
 */
final class Rows {
  private Rows() {}

  static boolean wholeData(DriftRecord r) {
    return r.windowStart() == null && r.sliceKey() == null && r.driftTypeValue() == DriftType.BASELINE;
  }

  static boolean tableRow(DriftRecord r) {
    return DriftRecord.TABLE_ROW.equals(r.columnName());
  }

  static boolean windowRow(DriftRecord r) {
    return r.windowStart() != null && r.sliceKey() == null;
  }

  static boolean drifted(DriftRecord r) {
    return Boolean.TRUE.equals(r.drifted());
  }

  /** Measured, but without a verdict (too few values, metric does not apply): shown as "not judged". */
  static boolean notJudged(DriftRecord r) {
    return r.driftStatus() == DriftStatus.OK && r.drifted() == null;
  }

  /** Where a row is: its slice, its window and, for consecutive rows, "vs previous". */
  static String place(DriftRecord r, WindowLabels labels) {
    List<String> parts = new ArrayList<>();
    if (r.sliceKey() != null) {
      parts.add(r.sliceKey() + "=" + r.sliceValue());
    }
    if (r.windowStart() != null) {
      parts.add(labels.label(r.windowStart()));
    }
    String text = String.join(" ", parts);
    return r.driftTypeValue() == DriftType.CONSECUTIVE ? text + " vs previous" : text;
  }

  /** "js_distance &gt; 0.1" (or "&lt;" for chi2_pvalue). */
  static String ruleText(DriftRecord r) {
    if (r.thresholdMetric() == null) {
      return "";
    }
    return r.thresholdMetric() + " " + comparisonSymbol(r) + " " + format(r.threshold());
  }

  /** "js_distance &gt; 0.1" (or "&lt;" for chi2_pvalue), with "q &lt; α" when the run has an alpha. */
  static String thresholdText(DriftRecord r) {
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
  static boolean judgedByPValue(DriftRecord r) {
    Metric metric = Metric.fromColumn(r.thresholdMetric());
    return metric != null && metric.isPValue();
  }

  /** The value of the row's threshold metric; null when it has none (or it does not apply). */
  static Double judgedValue(DriftRecord r) {
    Metric metric = Metric.fromColumn(r.thresholdMetric());
    return metric == null ? null : r.get(DriftColumns.metric(metric));
  }

  /**
   * How the judged {@code value} stands to the row's threshold ({@link Metric#relation}); without a
   * threshold it does not cross one (NaN crosses nothing); "≤" for a metric this version does not know.
   */
  static String relation(DriftRecord r, double value) {
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
    String named = r.newValuesNamed(2);
    return bin.label() + ": " + percent(bin.refShare()) + " → " + percent(bin.curShare())
        + (named == null ? "" : " (" + named + ")");
  }

  static String statusClass(DriftRecord r) {
    if (r.driftStatus() != DriftStatus.OK) {
      return r.status() == null ? "skipped" : r.status().toLowerCase(Locale.ROOT);
    }
    return drifted(r) ? "drifted" : r.drifted() == null ? "notjudged" : "stable";
  }

  static String statusText(DriftRecord r) {
    if (r.driftStatus() != DriftStatus.OK) {
      return String.valueOf(r.status());
    }
    return drifted(r) ? "drifted" : r.drifted() == null ? "not judged" : "stable";
  }
}
