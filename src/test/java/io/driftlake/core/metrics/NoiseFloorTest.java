package io.driftlake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The floor's formula on fixed numbers; NoiseFloorSimulationTest checks it against simulated noise. */
class NoiseFloorTest {
  @Test
  void formulaOnFixedNumbers() {
    // (22-1)*(1/300+1/300)/(8*math.log(2)) -> 0.025247163215556864
    assertThat(NoiseFloor.jsDivergenceBits(22, 300, 300)).isCloseTo(0.025247163215556864, within(1e-15));
    // (5-1)*(1/1000+1/250)/(8*math.log(2)) -> 0.0036067376022224087
    assertThat(NoiseFloor.jsDivergenceBits(5, 1000, 250)).isCloseTo(0.0036067376022224087, within(1e-15));
    // (2-1)*(1/100000+1/100000)/(8*math.log(2)) -> 3.6067376022224088e-06
    assertThat(NoiseFloor.jsDivergenceBits(2, 100_000, 100_000)).isCloseTo(3.6067376022224088e-06, within(1e-20));
    // docs/semantics.md: 21 non-empty bins, 365 rows a side: 20/(4*365*math.log(2)) -> 0.01976294576560224
    assertThat(NoiseFloor.jsDivergenceBits(21, 365, 365)).isCloseTo(0.01976294576560224, within(1e-15));
  }

  @Test
  void countsNonEmptyBinsOnEitherSideAsTheChiSquareTestDoes() {
    long[] reference = {0, 10, 5, 5, 0, 0};
    long[] current = {3, 0, 6, 6, 0, 5};
    // k = 5 (bin 4 is empty on both sides): (5-1)*(1/20+1/20)/(8*math.log(2)) -> 0.07213475204444818
    assertThat(NoiseFloor.jsDivergenceBits(reference, current)).isCloseTo(0.07213475204444818, within(1e-15));
    assertThat(TwoSampleTests.chiSquareHomogeneity(reference, current).degreesOfFreedom()).isEqualTo(4);
  }

  @Test
  void edgeCases() {
    assertThat(NoiseFloor.jsDivergenceBits(1, 100, 100)).isZero();
    assertThat(NoiseFloor.jsDivergenceBits(new long[] {0, 7, 0}, new long[] {0, 3, 0})).isZero();
    assertThat(NoiseFloor.jsDivergenceBits(3, 0, 100)).isNaN();
    assertThat(NoiseFloor.jsDivergenceBits(22, 1, 1)).isEqualTo(1.0); // capped at JSD's largest value
    assertThatThrownBy(() -> NoiseFloor.jsDivergenceBits(new long[] {1}, new long[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("count vectors differ in length");
    assertThatThrownBy(() -> NoiseFloor.jsDivergenceBits(-1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bin and value counts must be >= 0");
  }
}
