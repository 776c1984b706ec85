package io.driftlake.core.metrics;

import io.driftlake.core.config.Metric;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;

/**
 * The expected Jensen–Shannon divergence of two samples of the <em>same</em> distribution: the level
 * below which a measured {@code js_divergence} is indistinguishable from sampling noise.
 *
 * <p><b>Formula</b> (bits):
 * <pre>
 *   js_noise_floor = (k − 1) · (1/n_ref + 1/n_cur) / (8 · ln 2)
 * </pre>
 * with {@code k} the number of bins non-empty on either side (the bins
 * {@link TwoSampleTests#chiSquareHomogeneity} keeps, so {@code k − 1} is its degrees of freedom) and
 * {@code n_ref}, {@code n_cur} the non-missing values of each side (the sums of the bin counts; null
 * and NaN are not in any bin).
 *
 * <p><b>Derivation.</b> Write {@code m = ½(p + q)}. Expanding {@code JSD(p‖q) = ½ KL(p‖m) + ½ KL(q‖m)}
 * to second order in {@code p − q} gives {@code JSD ≈ (1/8) Σ (p_i − q_i)² / m_i} nats. Under
 * {@code P = Q} the pooled proportion is close to {@code m}, and Pearson's homogeneity statistic of
 * the 2×k table is {@code χ² = n_eff Σ (p_i − q_i)² / m_i} with the harmonic combination
 * {@code n_eff = n_ref n_cur / (n_ref + n_cur)}, i.e. {@code 1/n_eff = 1/n_ref + 1/n_cur}. So
 * {@code JSD ≈ χ² / (8 n_eff)} nats, and since {@code E[χ²] = k − 1} under {@code P = Q},
 * {@code E[JSD] ≈ (k − 1)(1/n_ref + 1/n_cur) / 8} nats; dividing by {@code ln 2} gives bits, the unit
 * of {@code js_divergence}. With {@code n} values per side this is {@code (k − 1)/(4 n ln 2)}, the
 * figure docs/semantics.md quotes (G = 4n·JSD).
 *
 * <p><b>When it is accurate.</b> Only under {@code P = Q} (it is the null expectation, not a bound)
 * and when every kept bin expects more than a few values per side, so that the χ² approximation
 * holds. A bin that expects about one value is where it fails: for such a bin with {@code p = 0}
 * the exact JS term is {@code q/2} bits, against the {@code q/(4 ln 2) ≈ 0.36 q} bits of the
 * expansion. The numeric outer bins are such bins: empty in the reference by construction, a
 * continuous current sample puts on average {@code n_cur/(n_ref + 1)} values in each, which adds
 * {@code ≈ 1/(n_ref + 1)} bits to the true mean. Measured over the project's 20 quantile bins
 * (+ 2 outer) at 300 values a side, the mean JSD of same-distribution pairs is about 1.10× this
 * floor (the inner bins alone: 1.02×); see {@code NoiseFloorTest}. Its square root is of the order of
 * the JS distance of noise, but {@code E[√JSD] < √E[JSD]}.
 *
 * <p>Edge cases: fewer than two kept bins gives 0 (nothing can differ); a side with no value gives
 * NaN (there is nothing to compare; such features are SKIPPED). The value is capped at 1 bit, the
 * largest JS divergence; it only gets near that cap where the approximation is meaningless anyway
 * (a handful of values per side: see {@code --min-rows}).
 */
public final class NoiseFloor {
  private static final double LN2 = Math.log(2.0);

  private NoiseFloor() {}

  /** The floor in bits for these bin counts of the reference and the current data (same bins). */
  public static double jsDivergenceBits(long[] referenceCounts, long[] currentCounts) {
    if (referenceCounts.length != currentCounts.length) {
      throw new IllegalArgumentException("count vectors differ in length");
    }
    long referenceValues = 0;
    long currentValues = 0;
    int nonEmptyBins = 0;
    for (int i = 0; i < referenceCounts.length; i++) {
      referenceValues += referenceCounts[i];
      currentValues += currentCounts[i];
      if (referenceCounts[i] + currentCounts[i] > 0) {
        nonEmptyBins++;
      }
    }
    return jsDivergenceBits(nonEmptyBins, referenceValues, currentValues);
  }

  /**
   * The floor in bits from its three inputs: {@code nonEmptyBins} = k, the bins non-empty on either
   * side; {@code referenceValues}, {@code currentValues} = the non-missing values of each side.
   */
  public static double jsDivergenceBits(int nonEmptyBins, long referenceValues, long currentValues) {
    if (nonEmptyBins < 0 || referenceValues < 0 || currentValues < 0) {
      throw new IllegalArgumentException("bin and value counts must be >= 0");
    }
    if (referenceValues == 0 || currentValues == 0) {
      return Double.NaN;
    }
    if (nonEmptyBins < 2) {
      return 0.0;
    }
    double floor = (nonEmptyBins - 1) * (1.0 / referenceValues + 1.0 / currentValues) / (8.0 * LN2);
    return Math.min(1.0, floor);
  }

  /**
   * The floor of one feature over its frozen bins, in bits. Categorical: {@link #jsDivergenceBits(long[], long[])}.
   * Numeric: the χ² floor over the inner bins (non-empty on either side) plus the exact expectation of
   * the two outer bins, {@code 1/(n_ref + 1)} bits. The outer bins are empty in the reference by
   * construction (its {@code [min, max]} spans the inner bins), so the χ² expansion does not hold
   * there: a continuous current sample of the same distribution puts a share {@code 1/(n_ref + 1)} of
   * its values beyond each end of the reference's range, and a bin with {@code p = 0} adds {@code q/2}
   * bits to the JS divergence, {@code 2 · ½ · 1/(n_ref + 1)} in all. Without that term the mean JSD of
   * same-distribution pairs is about 1.10× the floor at 300 values a side (NoiseFloorSimulationTest);
   * with it, within 3%. For discrete numeric data that cannot leave the reference's range the term
   * overstates the floor by at most {@code 1/(n_ref + 1)}.
   */
  public static double forFeature(FeatureBins bins, long[] referenceCounts, long[] currentCounts) {
    int k = referenceCounts.length;
    if (bins.kind() != FeatureKind.NUMERIC || k < 3) {
      return jsDivergenceBits(referenceCounts, currentCounts);
    }
    long referenceValues = 0;
    long currentValues = 0;
    int nonEmptyInner = 0;
    for (int i = 0; i < k; i++) {
      referenceValues += referenceCounts[i];
      currentValues += currentCounts[i];
      if (i > 0 && i < k - 1 && referenceCounts[i] + currentCounts[i] > 0) {
        nonEmptyInner++;
      }
    }
    if (referenceValues == 0 || currentValues == 0) {
      return Double.NaN;
    }
    double inner = nonEmptyInner < 2 ? 0.0 : jsDivergenceBits(nonEmptyInner, referenceValues, currentValues);
    return Math.min(1.0, inner + 1.0 / (referenceValues + 1.0));
  }

  /**
   * The floor in the units of {@code metric}, so that it can be shown next to that metric's value:
   * {@code √floor} for {@code js_distance} (the JS distance of noise is of that order; {@code E[√JSD] ≤
   * √E[JSD]}), the floor itself for {@code js_divergence} (bits); NaN for any other metric, whose noise
   * this formula does not give (show the floor beside {@code js_distance} there instead). NaN in, NaN out.
   */
  public static double inUnitsOf(Metric metric, double floorBits) {
    return switch (metric) {
      case JS_DISTANCE -> Math.sqrt(floorBits);
      case JS_DIVERGENCE -> floorBits;
      default -> Double.NaN;
    };
  }
}
