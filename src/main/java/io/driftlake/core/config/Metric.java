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

  /** Whether {@code value} crosses {@code threshold}: above it, or below it for {@link #CHI2_PVALUE}. */
  public boolean crosses(double value, double threshold) {
    return this == CHI2_PVALUE ? value < threshold : value > threshold;
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
