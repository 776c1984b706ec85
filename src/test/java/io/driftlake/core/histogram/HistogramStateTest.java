package io.driftlake.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The algebra the Aggregator relies on: zero is neutral, merge is associative and commutative. */
class HistogramStateTest {
  private final BinEdges edges = BinEdges.fromCutPoints(-1, 0, 1);

  private HistogramState profile(double... values) {
    HistogramState state = HistogramState.empty(edges.binCount());
    for (double v : values) {
      state.addNumeric(edges, v);
    }
    return state;
  }

  @Test
  void countsNullNanAndInfinities() {
    HistogramState state = profile(-2, -0.5, 0, 0.5, 3, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
        .addMissing();
    assertThat(state.getBinCounts()).containsExactly(2, 1, 2, 2);
    assertThat(state.getMissingCount()).isEqualTo(2);
    assertThat(state.valueCount()).isEqualTo(7);
    assertThat(state.rowCount()).isEqualTo(9);
    assertThat(state.getFiniteCount()).isEqualTo(5);
    // mean and population variance of the finite values: numpy.mean / numpy.var([-2,-.5,0,.5,3])
    assertThat(state.getFiniteMean()).isCloseTo(0.2, within(1e-15));
    assertThat(state.finiteVariance()).isCloseTo(2.66, within(1e-12));
  }

  @Test
  void mergeEqualsProfileOfUnion() {
    Random random = new Random(7);
    double[] all = new double[1000];
    for (int i = 0; i < all.length; i++) {
      all[i] = random.nextGaussian() * 3 + 100;
    }
    HistogramState whole = profile(all);
    HistogramState left = profile(java.util.Arrays.copyOfRange(all, 0, 313));
    HistogramState right = profile(java.util.Arrays.copyOfRange(all, 313, all.length));
    HistogramState merged = left.copy().merge(right);
    assertThat(merged.countsEqual(whole)).isTrue();
    assertThat(merged.momentsClose(whole, 1e-12)).isTrue();
    assertThat(right.copy().merge(left).countsEqual(whole)).isTrue();
  }

  @Test
  void zeroIsNeutralAndMergeIsAssociative() {
    HistogramState a = profile(-3, 0.2);
    HistogramState b = profile(0.7, 9, Double.NaN);
    HistogramState c = profile(-0.1);
    HistogramState zero = HistogramState.empty(edges.binCount());
    assertThat(a.copy().merge(zero).countsEqual(a)).isTrue();
    assertThat(zero.copy().merge(a).momentsClose(a, 0)).isTrue();
    HistogramState leftFirst = a.copy().merge(b).merge(c);
    HistogramState rightFirst = a.copy().merge(b.copy().merge(c));
    assertThat(leftFirst.countsEqual(rightFirst)).isTrue();
    assertThat(leftFirst.momentsClose(rightFirst, 1e-12)).isTrue();
  }

  @Test
  void statesOverDifferentBinsDoNotMerge() {
    assertThatThrownBy(() -> HistogramState.empty(3).merge(HistogramState.empty(4)))
        .hasMessageContaining("cannot merge histograms with 3 and 4 bins");
  }

  @Test
  void categoryBinsPutUnseenValuesInOther() {
    CategoryBins bins = CategoryBins.topK(java.util.Map.of("a", 5L, "b", 9L, "c", 5L, "d", 1L), 3);
    assertThat(bins.categories()).containsExactly("b", "a", "c"); // by count, ties by value
    assertThat(bins.labels()).isEqualTo(List.of("b", "a", "c", CategoryBins.OTHER_LABEL));
    HistogramState state = HistogramState.empty(bins.binCount());
    for (String v : new String[] {"a", "b", "d", "never-seen", "b"}) {
      state.addCategory(bins, v);
    }
    assertThat(state.getBinCounts()).containsExactly(2, 1, 0, 2);
  }
}
