package io.driftlake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Fisher's z test against scipy: {@code z = (np.arctanh(r1) - np.arctanh(r2)) / np.sqrt(1/(n1-3) + 1/(n2-3))},
 * {@code p = 2 * scipy.stats.norm.sf(abs(z))}.
 */
class CorrelationTestTest {

  @Test
  void matchesScipy() {
    // r1=0.30, n1=120, r2=0.10, n2=150: z = 1.6884127792032562, p = 0.09133201905730791
    assertThat(CorrelationTest.pValue(0.30, 120, 0.10, 150)).isCloseTo(0.09133201905730791, within(1e-12));
    // r1=0.5, n1=50, r2=0.45, n2=40: p = 0.7687916448368122
    assertThat(CorrelationTest.pValue(0.5, 50, 0.45, 40)).isCloseTo(0.7687916448368122, within(1e-12));
    // symmetric in the sides
    assertThat(CorrelationTest.pValue(0.10, 150, 0.30, 120)).isCloseTo(0.09133201905730791, within(1e-12));
    // 0.8 -> -0.8 at 20,000 rows a side: z = 219.7, p underflows to 0 (as 2*norm.sf(219.7) does)
    assertThat(CorrelationTest.pValue(0.8, 20_000, -0.8, 20_000)).isZero();
  }

  @Test
  void cornerCases() {
    assertThat(CorrelationTest.pValue(0.3, 3, 0.1, 100)).isNaN();
    assertThat(CorrelationTest.pValue(Double.NaN, 30, 0.1, 100)).isNaN();
    assertThat(CorrelationTest.pValue(1.0, 30, 1.0, 100)).isEqualTo(1.0);
    assertThat(CorrelationTest.pValue(1.0, 30, 0.5, 100)).isZero();
  }
}
