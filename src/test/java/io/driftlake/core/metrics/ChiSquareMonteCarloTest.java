package io.driftlake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Monte Carlo permutation p-value of the chi-square test against values computed independently:
 * exact permutation p-values (every table with the observed margins enumerated with its multivariate
 * hypergeometric probability, in Python: src/test/resources/goldens/chi2_permutation.py), which
 * {@code scipy.stats.permutation_test(..., permutation_type='independent', alternative='greater',
 * n_resamples=20000)} (scipy 1.17.1) matches within its own Monte Carlo error.
 *
 * <p>Tolerances: with h = 200 exceedances the estimate {@code h/L} has a relative standard error of
 * about {@code 1/√h = 7%}; the bounds below are 4 standard errors (28%), which a correct sampler misses
 * with probability ~1e-4 per case, while an off-by-one table or a wrong hypergeometric is far outside.
 * The p-values are seeded by the counts, so each assertion is deterministic.
 */
class ChiSquareMonteCarloTest {
  private static final double RELATIVE = 0.28;

  private static double simulated(long[] reference, long[] current) {
    TwoSampleTests.ChiSquare test = TwoSampleTests.chiSquareTest(reference, current);
    assertThat(test.simulated()).as("expected counts are below 5: simulated").isTrue();
    return test.pValue();
  }

  @Test
  void smallTablesMatchTheirExactPermutationPValues() {
    // exact p (Python enumeration); scipy permutation_test p; scipy chi2_contingency asymptotic p
    // [5,3,1,0,1] vs [1,2,3,4,2]: statistic 8.085, exact 0.0934328829, scipy perm 0.0940, asymptotic 0.0885
    assertThat(simulated(new long[] {5, 3, 1, 0, 1}, new long[] {1, 2, 3, 4, 2}))
        .isCloseTo(0.0934328829, within(RELATIVE * 0.0934328829));
    // [4,4,2] vs [1,3,6]: statistic 3.942857, exact 0.1460087900, scipy perm 0.1484, asymptotic 0.1393
    assertThat(simulated(new long[] {4, 4, 2}, new long[] {1, 3, 6}))
        .isCloseTo(0.1460087900, within(RELATIVE * 0.1460087900));
    // [6,0,2,2] vs [2,3,1,4]: statistic 6.0, exact 0.1502522246, scipy perm 0.1497, asymptotic 0.1116
    assertThat(simulated(new long[] {6, 0, 2, 2}, new long[] {2, 3, 1, 4}))
        .isCloseTo(0.1502522246, within(RELATIVE * 0.1502522246));
    // [3,3,3,3,0] vs [0,1,2,5,4]: statistic 8.7, exact 0.0720476186, scipy perm 0.0714, asymptotic 0.0691
    assertThat(simulated(new long[] {3, 3, 3, 3, 0}, new long[] {0, 1, 2, 5, 4}))
        .isCloseTo(0.0720476186, within(RELATIVE * 0.0720476186));
  }

  @Test
  void oneNewValueInASmallCurrentSampleIsNotDriftAsTheAsymptoticTestSays() {
    // 2000 reference values against 21 current ones, one of them in a bin the reference never had.
    // Asymptotic (scipy chi2_contingency): statistic 95.285, p 2.04e-21. Exact permutation p: 0.0103908956
    // (about 21/2021: the one value lands on the current side), by enumeration in Python.
    long[] reference = {1000, 1000, 0};
    long[] current = {10, 10, 1};
    assertThat(TwoSampleTests.chiSquareHomogeneity(reference, current).pValue()).isLessThan(1e-20);
    TwoSampleTests.ChiSquare test = TwoSampleTests.chiSquareTest(reference, current);
    assertThat(test.statistic()).isCloseTo(95.2852428100, within(1e-9));
    assertThat(test.degreesOfFreedom()).isEqualTo(2);
    assertThat(test.pValue()).isCloseTo(0.0103908956, within(RELATIVE * 0.0103908956));
  }

  @Test
  void largeExpectedCountsKeepTheAsymptoticPValue() {
    long[] reference = {50, 60, 70};
    long[] current = {55, 50, 80};
    TwoSampleTests.ChiSquare test = TwoSampleTests.chiSquareTest(reference, current);
    assertThat(test.simulated()).isFalse();
    assertThat(test).isEqualTo(TwoSampleTests.chiSquareHomogeneity(reference, current));
    assertThat(ChiSquareMonteCarlo.expectedCountsTooSmall(new long[] {5, 5}, new long[] {5, 5})).isFalse();
    assertThat(ChiSquareMonteCarlo.expectedCountsTooSmall(new long[] {5, 4}, new long[] {5, 5})).isTrue(); // 9·10/19 ≈ 4.7
  }

  @Test
  void belowTheSimulationFloorTheMergedTableDecides() {
    long[] reference = {30, 0, 0, 1};
    long[] current = {0, 15, 15, 1};
    // no permutation reaches the observed split in B tables: the Monte Carlo p-value is at its floor
    ChiSquareMonteCarlo.Result simulated = ChiSquareMonteCarlo.pValue(reference, current,
        TwoSampleTests.chiSquareHomogeneity(reference, current).statistic());
    assertThat(simulated.atFloor()).isTrue();
    assertThat(simulated.pValue()).isEqualTo(1.0 / (ChiSquareMonteCarlo.MAX_SIMULATIONS + 1));
    // columns 30, 15, 15, 2 expect 15, 7.5, 7.5 and 1 a side: the last joins the one before it
    assertThat(ChiSquareMonteCarlo.merged(reference, current)).isDeepEqualTo(new long[][] {{30, 0, 1}, {0, 15, 16}});
    // scipy.stats.chi2_contingency([[30, 0, 1], [0, 15, 16]], correction=False): 58.235294, p 2.2613436004376604e-13
    TwoSampleTests.ChiSquare test = TwoSampleTests.chiSquareTest(reference, current);
    assertThat(test.pValue()).isCloseTo(2.2613436004376604e-13, within(1e-20));
    assertThat(test.simulations()).as("below 1e-10 the merged test answers without simulating").isZero();
    // the same table gets the same p-value, whatever else was tested before
    assertThat(TwoSampleTests.chiSquareTest(reference.clone(), current.clone())).isEqualTo(test);
    assertThat(ChiSquareMonteCarlo.pValue(new long[] {5, 3, 1, 0, 1}, new long[] {1, 2, 3, 4, 2}, 8.085))
        .isEqualTo(ChiSquareMonteCarlo.pValue(new long[] {5, 3, 1, 0, 1}, new long[] {1, 2, 3, 4, 2}, 8.085));
  }

  @Test
  void mergingJoinsNeighboursUntilEachCellExpectsFive() {
    // min(n) / N = 1/2: a group closes at a column total of 10; empty bins vanish; the rest joins the last group
    // (column totals 5, 0, 5 | 10 | 18 | 2 -> 10, 10, 18 + 2)
    assertThat(ChiSquareMonteCarlo.merged(new long[] {2, 0, 3, 5, 9, 1}, new long[] {3, 0, 2, 5, 9, 1}))
        .isDeepEqualTo(new long[][] {{5, 5, 10}, {5, 5, 10}});
    // fewer than 5 expected in all: one group (the test then has no degrees of freedom)
    assertThat(ChiSquareMonteCarlo.merged(new long[] {1, 1}, new long[] {1, 0})).isDeepEqualTo(new long[][] {{2}, {1}});
  }

  @Test
  void cornerCasesSimulateNothing() {
    assertThat(ChiSquareMonteCarlo.pValue(new long[] {3, 0}, new long[] {2, 0}, 0.0))
        .isEqualTo(new ChiSquareMonteCarlo.Result(1.0, 0, 0)); // one non-empty bin
    assertThat(ChiSquareMonteCarlo.pValue(new long[] {0, 0}, new long[] {2, 1}, 0.0))
        .isEqualTo(new ChiSquareMonteCarlo.Result(1.0, 0, 0)); // an empty side
    // identical proportions: statistic 0, every table is at least as extreme, p = h / h = 1
    assertThat(TwoSampleTests.chiSquareTest(new long[] {2, 1}, new long[] {2, 1}).pValue()).isEqualTo(1.0);
  }

  @Test
  void hypergeometricDrawsHaveTheExactMeanAndVariance() {
    // H(N = 1000, K = 300, n = 200): mean nK/N = 60, variance nK(N−K)(N−n)/(N²(N−1)) = 33.6336...
    SplittableRandom random = new SplittableRandom(7);
    ChiSquareMonteCarlo.LogFactorials logFactorials = new ChiSquareMonteCarlo.LogFactorials(1000);
    int draws = 200_000;
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < draws; i++) {
      long x = ChiSquareMonteCarlo.hypergeometric(random, 1000, 300, 200, logFactorials);
      assertThat(x).isBetween(0L, 200L);
      sum += x;
      squares += (double) x * x;
    }
    double mean = sum / draws;
    double variance = squares / draws - mean * mean;
    double exactVariance = 200.0 * 300 * 700 * 800 / (1000.0 * 1000 * 999);
    // standard errors: sqrt(33.6/2e5) = 0.013 for the mean, ~0.11 for the variance; bounds ~5 of them
    assertThat(mean).isCloseTo(60.0, within(0.065));
    assertThat(variance).isCloseTo(exactVariance, within(0.55));
    // a large population (beyond the log-factorial table) draws from ln Γ: H(1e7, 5e6, 100) has mean 50
    ChiSquareMonteCarlo.LogFactorials big = new ChiSquareMonteCarlo.LogFactorials(10_000_000L);
    double bigSum = 0;
    for (int i = 0; i < 20_000; i++) {
      bigSum += ChiSquareMonteCarlo.hypergeometric(random, 10_000_000L, 5_000_000L, 100, big);
    }
    assertThat(bigSum / 20_000).isCloseTo(50.0, within(0.2)); // sd 5/sqrt(2e4) = 0.035
  }
}
