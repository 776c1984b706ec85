package io.driftlake.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.core.metrics.Divergences;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.FeatureComparison;
import io.driftlake.core.metrics.Smoothing;
import org.junit.jupiter.api.Test;

class NumericBinningTest {
  static final double NEG = Double.NEGATIVE_INFINITY;
  static final double POS = Double.POSITIVE_INFINITY;

  @Test
  void quantileProbabilities() {
    assertThat(NumericBinning.quantileProbabilities(4)).containsExactly(0.25, 0.5, 0.75);
    assertThat(NumericBinning.quantileProbabilities(1)).isEmpty();
  }

  @Test
  void quantileEdgesKeepOuterBinsForOutOfRangeValues() {
    BinEdges edges = NumericBinning.quantile(0.0, 10.0, new double[] {2.0, 5.0, 7.0});
    assertThat(edges.edges()).containsExactly(NEG, 0.0, 2.0, 5.0, 7.0, Math.nextUp(10.0), POS);
    assertThat(edges.binOf(10.0)).isEqualTo(4); // the reference max is inside the range
    assertThat(edges.binOf(10.5)).isEqualTo(5);
    assertThat(edges.binOf(-0.5)).isEqualTo(0);
  }

  @Test
  void equalWidthEdges() {
    BinEdges edges = NumericBinning.equalWidth(0.0, 10.0, 5);
    assertThat(edges.edges()).containsExactly(NEG, 0.0, 2.0, 4.0, 6.0, 8.0, Math.nextUp(10.0), POS);
  }

  @Test
  void noFiniteReferenceValueGivesOneBin() {
    assertThat(NumericBinning.quantile(Double.NaN, Double.NaN, new double[0]).binCount()).isEqualTo(1);
    assertThat(NumericBinning.equalWidth(Double.NaN, Double.NaN, 10).binCount()).isEqualTo(1);
  }

  @Test
  void constantReferenceAgainstNewValuesIsDrift() {
    // The example: a reference constant at 3.0 against data that is 20% 4.0.
    BinEdges edges = NumericBinning.quantile(3.0, 3.0, new double[] {3.0, 3.0, 3.0});
    assertThat(edges.edges()).containsExactly(NEG, 3.0, Math.nextUp(3.0), POS);
    HistogramState reference = HistogramState.empty(edges.binCount());
    HistogramState current = HistogramState.empty(edges.binCount());
    for (int i = 0; i < 100; i++) {
      reference.addNumeric(edges, 3.0);
      current.addNumeric(edges, i < 20 ? 4.0 : 3.0);
    }
    assertThat(reference.getBinCounts()).containsExactly(0, 100, 0);
    assertThat(current.getBinCounts()).containsExactly(0, 80, 20);
    FeatureBins bins = FeatureBins.numeric("x", edges);
    var metrics = FeatureComparison.compare(bins, reference, current, Smoothing.DEFAULT, LogBase.E);
    // JS of (0,1,0) vs (0,.8,.2) in bits: 0.5*.2*log2(.2/.1) + 0.5*(1*log2(1/.9) + .8*log2(.8/.9))
    double expected = 0.5 * 0.2 * 1.0 + 0.5 * (Math.log(1 / 0.9) + 0.8 * Math.log(0.8 / 0.9)) / Math.log(2);
    assertThat(metrics.jsDivergence()).isCloseTo(expected, within(1e-12));
    assertThat(metrics.jsDistance()).isGreaterThan(0.1);
    assertThat(metrics.ksStatistic()).isCloseTo(0.2, within(1e-12));
    assertThat(metrics.gaussianKl()).isInfinite(); // a point mass against a spread
  }

  @Test
  void identicalHistogramsHaveZeroDivergence() {
    BinEdges edges = NumericBinning.equalWidth(0, 1, 4);
    HistogramState a = HistogramState.empty(edges.binCount());
    for (double v : new double[] {0.1, 0.2, 0.6, 0.9, 0.95}) {
      a.addNumeric(edges, v);
    }
    var metrics = FeatureComparison.compare(FeatureBins.numeric("x", edges), a, a.copy(), Smoothing.DEFAULT, LogBase.E);
    assertThat(metrics.klRefCur()).isZero();
    assertThat(metrics.jsDivergence()).isZero();
    assertThat(metrics.psi()).isZero();
    assertThat(metrics.wassersteinDistance()).isZero();
    assertThat(metrics.chi2PValue()).isCloseTo(1.0, within(1e-12));
    assertThat(metrics.gaussianKl()).isZero();
    assertThat(Divergences.proportions(a.getBinCounts())).containsExactly(0, 0.4, 0, 0.2, 0.4, 0);
  }
}
