package io.driftlake.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The metrics of a drift row that a threshold can name, by their drift-table column name. */
public enum Metric {
  KL_REF_CUR, KL_CUR_REF, JS_DIVERGENCE, JS_DISTANCE, PSI, HELLINGER, TV_DISTANCE, L_INFINITY_DISTANCE,
  KS_STATISTIC, WASSERSTEIN_DISTANCE, CHI2_STATISTIC,
  /** The one metric where small means drift: drifted when the p-value falls below the threshold. */
  CHI2_PVALUE,
  GAUSSIAN_KL;

  /** The drift-table column name, e.g. {@code js_distance}. */
  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a larger value means more drift: true for every distance, divergence and statistic,
   * false for {@link #CHI2_PVALUE} (a small p-value is the evidence). The one place the direction of
   * a threshold is decided; {@link #crosses} and the symbols follow from it.
   */
  public boolean higherIsDrift() {
    return this != CHI2_PVALUE;
  }

  /**
   * Whether the metric is a p-value: its threshold already is a significance level, so the decision
   * applies no q-value gate, and a chart draws the JS distance instead of it.
   */
  public boolean isPValue() {
    return this == CHI2_PVALUE;
  }

  /** Whether {@code value} crosses {@code threshold}: above it, or below it for {@link #CHI2_PVALUE}. */
  public boolean crosses(double value, double threshold) {
    return higherIsDrift() ? value > threshold : value < threshold;
  }

  /** The side of its threshold a drifting value is on: {@code ">"}, or {@code "<"} for {@link #CHI2_PVALUE}. */
  public String comparisonSymbol() {
    return higherIsDrift() ? ">" : "<";
  }

  /**
   * How {@code value} stands to {@code threshold}: {@link #comparisonSymbol()} when it {@link #crosses}
   * it, else the negation ({@code "≤"}, or {@code "≥"} for {@link #CHI2_PVALUE}).
   */
  public String relation(double value, double threshold) {
    if (crosses(value, threshold)) {
      return comparisonSymbol();
    }
    return higherIsDrift() ? "≤" : "≥";
  }

  /**
   * The metric a drift-table {@code threshold_metric} names; null for null or a name this version does
   * not know (a row written by another version), where {@link #parse} would throw.
   */
  public static Metric fromColumn(String column) {
    if (column == null) {
      return null;
    }
    for (Metric metric : values()) {
      if (metric.column().equals(column)) {
        return metric;
      }
    }
    return null;
  }

  public static Metric parse(String column) {
    for (Metric metric : values()) {
      if (metric.column().equals(column.trim().toLowerCase(Locale.ROOT))) {
        return metric;
      }
    }
    throw new IllegalArgumentException("unknown metric '" + column + "', expected one of "
        + Arrays.stream(values()).map(Metric::column).collect(Collectors.joining(", ")));
  }
}
