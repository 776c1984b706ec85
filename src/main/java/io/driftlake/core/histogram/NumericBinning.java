package io.driftlake.core.histogram;

import java.util.Arrays;

/**
 * Builds frozen {@link BinEdges} from reference summaries. Both binnings put the reference's finite
 * range {@code [min, max]} inside {@code [min, nextUp(max))} and keep two outer bins,
 * {@code [-Infinity, min)} and {@code [nextUp(max), +Infinity]}, that are empty in the reference: new
 * values outside the reference range always land in a bin of their own, so a reference that is
 * constant 3.0 against new data that is partly 4.0 shows drift.
 */
public final class NumericBinning {
  private NumericBinning() {}

  /** The probabilities {@code 1/n, ..., (n-1)/n} whose reference quantiles are the inner cut points. */
  public static double[] quantileProbabilities(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1");
    }
    double[] probabilities = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      probabilities[i - 1] = (double) i / bins;
    }
    return probabilities;
  }

  /**
   * Quantile edges: {@code min}, the reference quantiles at {@link #quantileProbabilities}, and
   * {@code nextUp(max)}; duplicates collapse, so a feature with few distinct values gets fewer bins.
   * With no finite reference value the result is the single bin {@code [-Infinity, +Infinity]}.
   */
  public static BinEdges quantile(double min, double max, double[] quantiles) {
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      return BinEdges.fromCutPoints();
    }
    double[] cuts = Arrays.copyOf(quantiles, quantiles.length + 2);
    cuts[quantiles.length] = min;
    cuts[quantiles.length + 1] = Math.nextUp(max + 0.0);
    for (int i = 0; i < quantiles.length; i++) {
      // A sketch may return a quantile a hair outside [min, max]; keep the outer bins empty in the reference.
      cuts[i] = Math.max(min, Math.min(max, quantiles[i]));
    }
    return BinEdges.fromCutPoints(cuts);
  }

  /**
   * Equal-width edges: {@code min + i * (max - min) / bins} for {@code i = 0..bins-1}, then
   * {@code nextUp(max)}. A constant reference gets the one inner bin {@code [min, nextUp(min))}.
   */
  public static BinEdges equalWidth(double min, double max, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1");
    }
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      return BinEdges.fromCutPoints();
    }
    double width = (max - min) / bins;
    double[] cuts = new double[bins + 1];
    for (int i = 0; i < bins; i++) {
      cuts[i] = min + i * width;
    }
    cuts[bins] = Math.nextUp(max + 0.0);
    return BinEdges.uniform(cuts, min, width);
  }
}
