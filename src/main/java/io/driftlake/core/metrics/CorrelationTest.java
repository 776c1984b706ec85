package io.driftlake.core.metrics;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Fisher's z test of two correlations from independent samples:
 * {@code z = (atanh r1 − atanh r2) / sqrt(1/(n1 − 3) + 1/(n2 − 3))}, two-sided p-value
 * {@code 2 Φ(−|z|)} from the standard normal (Fisher 1921; the large-sample approximation, valid for
 * bivariate-normal-ish data and n ≥ 4 per side).
 */
public final class CorrelationTest {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private CorrelationTest() {}

  /**
   * The two-sided p-value; NaN when a side has fewer than 4 rows or a correlation is NaN. Equal
   * correlations give 1 (also ±1 on both sides); a correlation of exactly ±1 against another gives 0.
   */
  public static double pValue(double r1, long n1, double r2, long n2) {
    if (n1 < 4 || n2 < 4 || Double.isNaN(r1) || Double.isNaN(r2)) {
      return Double.NaN;
    }
    if (r1 == r2) {
      return 1.0;
    }
    double z = (atanh(r1) - atanh(r2)) / Math.sqrt(1.0 / (n1 - 3) + 1.0 / (n2 - 3));
    if (Double.isInfinite(z)) {
      return 0.0;
    }
    return 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
  }

  /** {@code atanh r = ½ ln((1 + r)/(1 − r))}, r clamped to [−1, 1] (rounding can push |r| past 1). */
  static double atanh(double r) {
    double c = Math.max(-1.0, Math.min(1.0, r));
    return 0.5 * Math.log((1 + c) / (1 - c));
  }
}
