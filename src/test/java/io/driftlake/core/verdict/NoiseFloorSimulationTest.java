package io.driftlake.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.metrics.FeatureComparison;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.NoiseFloor;
import io.driftlake.core.metrics.Smoothing;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The noise floor against simulated noise: 2 000 pairs of samples of one distribution (N(0, 1), 300
 * values a side, seed 14), each binned over the 20 quantile bins (+ 2 outer bins) frozen from its
 * reference sample, as the job does; js_divergence as the project computes it (raw proportions, bits).
 *
 * <p>Measured (seed 14): mean JSD 0.02644 bits against a mean floor of 0.02402 (ratio 1.10); the 20
 * inner bins 0.02313 against their own floor 0.02284 (1.013); the two outer bins 0.00331 against
 * the exact 1/(n+1) = 0.00332. Seeds 1–5: total 1.106–1.126, inner 1.018–1.038, outer 0.98–1.04 of
 * 1/(n+1). So the formula is right where
 * its χ² derivation holds (inner bins, 15 expected values each) and about 10% low in total, because
 * each outer bin expects about one current value and no reference value (NoiseFloor's Javadoc).
 */
class NoiseFloorSimulationTest {
  static final int PAIRS = 2_000;
  static final int N = 300;

  /** Means over the pairs: [js, floor, inner-bin js, inner-bin floor, outer-bin js]. */
  static double[] simulate(long seed) {
    Random random = new Random(seed);
    double[] sums = new double[5];
    for (int pair = 0; pair < PAIRS; pair++) {
      double[] reference = Samples.normal(random, N, 0.0);
      double[] current = Samples.normal(random, N, 0.0);
      FeatureBins bins = Samples.quantileBins(reference);
      HistogramState ref = Samples.histogram(bins, reference);
      HistogramState cur = Samples.histogram(bins, current);
      sums[0] += FeatureComparison.compare(bins, ref, cur, Smoothing.DEFAULT, LogBase.TWO).jsDivergence();
      sums[1] += NoiseFloor.jsDivergenceBits(ref.getBinCounts(), cur.getBinCounts());
      double[] terms = DriftReasons.jsContributionsBits(ref.getBinCounts(), cur.getBinCounts());
      int k = terms.length;
      for (int i = 1; i < k - 1; i++) {
        sums[2] += terms[i];
      }
      // every inner bin holds reference values, so the inner bins alone have k - 2 non-empty bins
      sums[3] += NoiseFloor.jsDivergenceBits(k - 2, ref.valueCount(), cur.valueCount());
      sums[4] += terms[0] + terms[k - 1];
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= PAIRS;
    }
    return sums;
  }

  @Test
  void meanJsDivergenceOfSameDistributionPairsAgainstTheFloor() {
    double[] m = simulate(14);
    System.out.printf("mean js %.5f floor %.5f (%.4f) | inner %.5f floor %.5f (%.4f) | outer %.5f%n",
        m[0], m[1], m[0] / m[1], m[2], m[3], m[2] / m[3], m[4]);
    // Where the chi-square derivation holds (the inner bins, 15 expected values a side): within 10%
    // (measured 1.3%). Tolerance: 10% as asked; the Monte Carlo error of the mean is about 0.7%.
    assertThat(m[2] / m[3]).isCloseTo(1.0, within(0.10));
    // The outer bins: exact expectation 1/(n_ref+1) bits for continuous data (each current value
    // falls below the reference minimum, or above its maximum, with probability 1/(n_ref+1), and such
    // a value adds q/2 = 1/(2 n_cur) bits). Within 10% (measured 0.4%).
    assertThat(m[4] / (1.0 / (N + 1))).isCloseTo(1.0, within(0.10));
    // The whole JSD, against the floor alone: about 10% above it (measured 1.10), not within 10%.
    // This pins the known gap, so a change to binning or the formula shows here.
    assertThat(m[0] / m[1]).isBetween(1.05, 1.15);
    // ... and within 5% of the floor plus the outer-bin term (measured 0.967).
    assertThat(m[0] / (m[1] + 1.0 / (N + 1))).isCloseTo(1.0, within(0.05));
  }
}
