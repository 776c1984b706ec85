package io.driftlake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden values from scipy 1.17.1 {@code scipy.stats.false_discovery_control(p, method='bh')}. */
class FalseDiscoveryTest {
  @Test
  void matchesScipyWithTiesZeroAndOne() {
    double[] p = {0.01, 0.04, 0.03, 0.005, 0.04, 0.0, 1.0, 0.2, 0.5, 0.04};
    // false_discovery_control([0.01,0.04,0.03,0.005,0.04,0.0,1.0,0.2,0.5,0.04], method='bh')
    double[] scipy = {0.03333333333333333, 0.05714285714285715, 0.05714285714285715, 0.025,
        0.05714285714285715, 0.0, 1.0, 0.25, 0.5555555555555556, 0.05714285714285715};
    double[] q = FalseDiscovery.benjaminiHochberg(p);
    for (int i = 0; i < p.length; i++) {
      assertThat(q[i]).as("q[%d]", i).isCloseTo(scipy[i], within(1e-15));
    }
  }

  @Test
  void smallFamilies() {
    // false_discovery_control([0.01,0.04,0.2], method='bh') -> [0.03, 0.06, 0.2]
    assertThat(FalseDiscovery.benjaminiHochberg(new double[] {0.01, 0.04, 0.2}))
        .containsExactly(new double[] {0.03, 0.06, 0.2}, within(1e-15));
    // false_discovery_control([0.3,0.3,0.3], method='bh') -> [0.3, 0.3, 0.3]: all tied
    assertThat(FalseDiscovery.benjaminiHochberg(new double[] {0.3, 0.3, 0.3}))
        .containsExactly(new double[] {0.3, 0.3, 0.3}, within(1e-15));
    // a family of one is its own p-value: false_discovery_control([0.9]) -> [0.9]
    assertThat(FalseDiscovery.benjaminiHochberg(new double[] {0.9})).containsExactly(0.9);
    assertThat(FalseDiscovery.benjaminiHochberg(new double[0])).isEmpty();
  }

  @Test
  void nullAndNaNAreLeftOutOfTheFamily() {
    // scipy rejects NaN; the golden is the family without them:
    // false_discovery_control([0.01,0.04,0.2], method='bh') -> [0.03, 0.06, 0.2]
    List<Double> q = FalseDiscovery.benjaminiHochberg(Arrays.asList(0.01, null, 0.04, Double.NaN, 0.2));
    assertThat(q.get(1)).isNull();
    assertThat(q.get(3)).isNull();
    assertThat(q.get(0)).isCloseTo(0.03, within(1e-15));
    assertThat(q.get(2)).isCloseTo(0.06, within(1e-15));
    assertThat(q.get(4)).isCloseTo(0.2, within(1e-15));
    assertThat(FalseDiscovery.benjaminiHochberg(new double[] {Double.NaN, 0.5})[0]).isNaN();
  }

  @Test
  void rejectsPValuesOutsideTheUnitInterval() {
    assertThatThrownBy(() -> FalseDiscovery.benjaminiHochberg(new double[] {0.2, 1.5}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("p-value 1.5 at position 1 is outside [0, 1]");
  }
}
