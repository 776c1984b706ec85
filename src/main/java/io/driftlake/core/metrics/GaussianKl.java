package io.driftlake.core.metrics;

/**
 * Closed-form KL divergence between two normal distributions fitted to exact means and population
 * variances: {@code KL(N(μ1, σ1²) ‖ N(μ2, σ2²)) = ln(σ2/σ1) + (σ1² + (μ1 − μ2)²) / (2σ2²) − ½} nats.
 */
public final class GaussianKl {
  private GaussianKl() {}

  /**
   * The divergence in nats. Degenerate cases (a zero variance) take their limits: 0 when both
   * distributions are the same point mass, {@code +Infinity} otherwise. NaN when an input is NaN.
   */
  public static double nats(double mean1, double variance1, double mean2, double variance2) {
    if (Double.isNaN(mean1) || Double.isNaN(variance1) || Double.isNaN(mean2) || Double.isNaN(variance2)) {
      return Double.NaN;
    }
    if (variance1 == 0 || variance2 == 0) {
      return variance1 == variance2 && mean1 == mean2 ? 0.0 : Double.POSITIVE_INFINITY;
    }
    double meanGap = mean1 - mean2;
    double value = 0.5 * Math.log(variance2 / variance1)
        + (variance1 + meanGap * meanGap) / (2 * variance2) - 0.5;
    return Math.max(0.0, value);
  }
}
