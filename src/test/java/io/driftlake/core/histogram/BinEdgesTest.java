package io.driftlake.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinEdgesTest {
  private final BinEdges edges = BinEdges.fromCutPoints(1.0, 2.0, 5.0);

  @Test
  void outerEdgesAreInfinite() {
    assertThat(edges.edges()).containsExactly(Double.NEGATIVE_INFINITY, 1.0, 2.0, 5.0, Double.POSITIVE_INFINITY);
    assertThat(edges.binCount()).isEqualTo(4);
  }

  @Test
  void binsAreLeftClosed() {
    assertThat(edges.binOf(0.999)).isEqualTo(0);
    assertThat(edges.binOf(1.0)).isEqualTo(1);
    assertThat(edges.binOf(1.999)).isEqualTo(1);
    assertThat(edges.binOf(2.0)).isEqualTo(2);
    assertThat(edges.binOf(5.0)).isEqualTo(3);
  }

  @Test
  void everyValueIncludingInfinitiesHasExactlyOneBin() {
    assertThat(edges.binOf(Double.NEGATIVE_INFINITY)).isEqualTo(0);
    assertThat(edges.binOf(Double.POSITIVE_INFINITY)).isEqualTo(3);
    assertThat(edges.binOf(-Double.MAX_VALUE)).isEqualTo(0);
    assertThat(edges.binOf(Double.MAX_VALUE)).isEqualTo(3);
  }

  @Test
  void negativeZeroIsZero() {
    BinEdges atZero = BinEdges.fromCutPoints(0.0, 1.0);
    assertThat(atZero.binOf(-0.0)).isEqualTo(atZero.binOf(0.0)).isEqualTo(1);
    assertThat(BinEdges.fromCutPoints(-0.0, 0.0).binCount()).isEqualTo(2);
  }

  @Test
  void duplicateAndNonFiniteCutPointsCollapse() {
    BinEdges collapsed = BinEdges.fromCutPoints(3.0, 3.0, Double.NaN, Double.POSITIVE_INFINITY, 1.0, 3.0);
    assertThat(collapsed.edges()).containsExactly(Double.NEGATIVE_INFINITY, 1.0, 3.0, Double.POSITIVE_INFINITY);
  }

  @Test
  void storedEdgesAreValidated() {
    assertThat(BinEdges.of(edges.edges())).isEqualTo(edges);
    assertThatThrownBy(() -> BinEdges.of(new double[] {0.0, 1.0}))
        .hasMessage("bin edges must start at -Infinity and end at +Infinity");
    assertThatThrownBy(() -> BinEdges.of(new double[] {Double.NEGATIVE_INFINITY, 2, 1, Double.POSITIVE_INFINITY}))
        .hasMessage("bin edges must be strictly increasing");
  }

  @Test
  void arithmeticAndSearchAgreeWithALinearScan() {
    java.util.Random random = new java.util.Random(42);
    for (int trial = 0; trial < 200; trial++) {
      double min = random.nextGaussian() * 10;
      double max = min + Math.abs(random.nextGaussian() * 10) + (trial % 7 == 0 ? 0 : 1e-3);
      BinEdges uniform = NumericBinning.equalWidth(min, max, 1 + random.nextInt(40));
      BinEdges searched = BinEdges.fromCutPoints(uniform.edges());
      double[] e = uniform.edges();
      for (int i = 0; i < 500; i++) {
        double v = i < 60 ? e[1 + random.nextInt(e.length - 2)] // exactly on an edge
            : i < 70 ? Math.nextDown(e[1 + random.nextInt(e.length - 2)])
            : i == 70 ? Double.POSITIVE_INFINITY : i == 71 ? Double.NEGATIVE_INFINITY : i == 72 ? -0.0
            : min + (max - min) * (random.nextDouble() * 1.4 - 0.2);
        int expected = 0;
        while (expected < e.length - 2 && e[expected + 1] <= v) {
          expected++;
        }
        assertThat(uniform.binOf(v)).as("uniform %s in %s", v, uniform).isEqualTo(expected);
        assertThat(searched.binOf(v)).as("search %s in %s", v, searched).isEqualTo(expected);
      }
    }
  }
}
