package io.driftlake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Golden values from scipy 1.17.1; the call is beside each. */
class TwoSampleTestsTest {
  @Test
  void chiSquareMatchesScipyOnSeedsCounts() {
    // chi2_contingency([[2,2,1],[5,1,4]], correction=False) -> 1.9714285714285715, p 0.37317257987413704, dof 2
    TwoSampleTests.ChiSquare chi2 = TwoSampleTests.chiSquareHomogeneity(new long[] {2, 2, 1}, new long[] {5, 1, 4});
    assertThat(chi2.statistic()).isCloseTo(1.9714285714285715, within(1e-12));
    assertThat(chi2.pValue()).isCloseTo(0.37317257987413704, within(1e-12));
    assertThat(chi2.degreesOfFreedom()).isEqualTo(2);
  }

  @Test
  void chiSquareDropsBinsEmptyOnBothSides() {
    // chi2_contingency([[10,0,5,5],[0,8,6,6]], correction=False) -> 18.181818181818183, p 0.00040345654634211245, dof 3
    TwoSampleTests.ChiSquare chi2 =
        TwoSampleTests.chiSquareHomogeneity(new long[] {10, 0, 5, 5, 0}, new long[] {0, 8, 6, 6, 0});
    assertThat(chi2.statistic()).isCloseTo(18.181818181818183, within(1e-12));
    assertThat(chi2.pValue()).isCloseTo(0.00040345654634211245, within(1e-15));
    assertThat(chi2.degreesOfFreedom()).isEqualTo(3);
  }

  @Test
  void chiSquareWithOneNonEmptyBinIsZeroWithPValueOne() {
    TwoSampleTests.ChiSquare chi2 = TwoSampleTests.chiSquareHomogeneity(new long[] {0, 7, 0}, new long[] {0, 3, 0});
    assertThat(chi2.statistic()).isZero();
    assertThat(chi2.pValue()).isEqualTo(1.0);
  }

  @Test
  void ksAndWassersteinOnBins() {
    double[] edges = {Double.NEGATIVE_INFINITY, 0.0, 1.0, 2.0, 4.0, Double.POSITIVE_INFINITY};
    double[] p = {0.1, 0.2, 0.3, 0.4, 0.0};
    double[] q = {0.0, 0.1, 0.2, 0.3, 0.4};
    // points: [0.0, 0.5, 1.5, 3.0, 4.0]; scipy.stats.wasserstein_distance(pts, pts, p, q) -> 1.1
    assertThat(TwoSampleTests.binRepresentatives(edges)).containsExactly(0.0, 0.5, 1.5, 3.0, 4.0);
    assertThat(TwoSampleTests.wasserstein(edges, p, q)).isCloseTo(1.1, within(1e-12));
    // np.max(np.abs(np.cumsum(p) - np.cumsum(q))) -> 0.4
    assertThat(TwoSampleTests.ksStatistic(p, q)).isCloseTo(0.4, within(1e-12));
    assertThat(TwoSampleTests.wasserstein(edges, p, p)).isZero();
    assertThat(TwoSampleTests.ksStatistic(p, p)).isZero();
  }

  @Test
  void gaussianKlClosedForm() {
    // 0.5*log(v2/v1) + (v1 + (m1-m2)**2)/(2*v2) - 0.5
    assertThat(GaussianKl.nats(1.0, 4.0, 0.0, 1.0)).isCloseTo(1.3068528194400546, within(1e-12));
    assertThat(GaussianKl.nats(0.0, 1.0, 1.0, 4.0)).isCloseTo(0.4431471805599453, within(1e-12));
    // SEEDS: against N(0,1) the divergence is smallest (0) at mu = 0, sigma = 1
    assertThat(GaussianKl.nats(0.0, 1.0, 0.0, 1.0)).isZero();
    assertThat(GaussianKl.nats(3.0, 0.0, 3.0, 0.0)).isZero();
    assertThat(GaussianKl.nats(3.0, 0.0, 4.0, 1.0)).isInfinite();
    assertThat(GaussianKl.nats(Double.NaN, 1.0, 0.0, 1.0)).isNaN();
  }
}
