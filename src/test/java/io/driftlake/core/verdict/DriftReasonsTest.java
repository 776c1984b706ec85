package io.driftlake.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.histogram.NumericBinning;
import io.driftlake.core.metrics.FeatureComparison;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.Smoothing;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Golden per-bin terms from scipy 1.17.1:
 * {@code p=a/sum(a); q=b/sum(b); m=(p+q)/2; (0.5*rel_entr(p,m)+0.5*rel_entr(q,m))/np.log(2)}
 * ({@code scipy.special.rel_entr}); their sum against {@code jensenshannon(p,q,base=2)**2}.
 */
class DriftReasonsTest {
  static final FeatureBins NUMERIC = FeatureBins.numeric("x", BinEdges.fromCutPoints(0, 1, 2, 3));
  static final FeatureBins CATEGORICAL = FeatureBins.categorical("c", CategoryBins.of(List.of("a", "b", "c")));

  static HistogramState state(long... counts) {
    HistogramState state = HistogramState.empty(counts.length);
    state.setBinCounts(counts);
    return state;
  }

  @Test
  void contributionsMatchScipyAndSumToTheProjectsJsDivergence() {
    HistogramState ref = state(0, 30, 50, 20, 0);
    HistogramState cur = state(5, 20, 30, 40, 5);
    // [0.024999999999999998, 0.007262351386332837, 0.018226398830013982, 0.024511249783653113, 0.024999999999999998]
    double[] scipy = {0.024999999999999998, 0.007262351386332837, 0.018226398830013982, 0.024511249783653113,
        0.024999999999999998};
    double[] terms = DriftReasons.jsContributionsBits(ref.getBinCounts(), cur.getBinCounts());
    assertThat(terms).containsExactly(scipy, within(1e-15));
    double js = FeatureComparison.compare(NUMERIC, ref, cur, Smoothing.DEFAULT, LogBase.E).jsDivergence();
    // jensenshannon(p, q, base=2)**2 -> 0.09999999999999994
    assertThat(js).isCloseTo(0.09999999999999994, within(1e-15));
    assertThat(sum(terms)).isCloseTo(js, within(1e-12));
  }

  @Test
  void contributionsSumToJsDivergenceOnRandomHistograms() {
    Random random = new Random(14);
    for (int trial = 0; trial < 200; trial++) {
      int k = 2 + random.nextInt(30);
      long[] a = new long[k];
      long[] b = new long[k];
      for (int i = 0; i < k; i++) {
        a[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(1000);
        b[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(1000);
      }
      a[0] += 1;
      b[k - 1] += 1;
      FeatureBins bins = FeatureBins.numeric("x", BinEdges.fromCutPoints(range(k - 1)));
      double js = FeatureComparison.compare(bins, state(a), state(b), Smoothing.DEFAULT, LogBase.E).jsDivergence();
      assertThat(sum(DriftReasons.jsContributionsBits(a, b))).isCloseTo(js, within(1e-12));
    }
  }

  @Test
  void topBinsLargestFirstTiesByBinIndexWithIntervalLabels() {
    List<BinContribution> top = DriftReasons.topBins(NUMERIC, state(0, 30, 50, 20, 0), state(5, 20, 30, 40, 5), 3);
    // bins 0 and 4 tie exactly (p = 0, q = 0.05: 0.05/2 bits each), then bin 3
    assertThat(top).extracting(BinContribution::bin).containsExactly(0, 4, 3);
    assertThat(top).extracting(BinContribution::label).containsExactly("(-∞, 0)", "[3, ∞)", "[2, 3)");
    BinContribution third = top.get(2);
    assertThat(third.refShare()).isEqualTo(0.2);
    assertThat(third.curShare()).isEqualTo(0.4);
    assertThat(third.jsContribution()).isCloseTo(0.024511249783653113, within(1e-15));
    assertThat(DriftReasons.topBins(NUMERIC, state(0, 30, 50, 20, 0), state(5, 20, 30, 40, 5), 10)).hasSize(5);
    assertThat(DriftReasons.topBins(NUMERIC, state(0, 30, 50, 20, 0), state(5, 20, 30, 40, 5), 0)).isEmpty();
  }

  @Test
  void topBinsOfCategoriesTiesAndZeroContributions() {
    // (0.5*rel_entr(p,m)+0.5*rel_entr(q,m))/log(2) of [30,10,50,10] vs [10,30,50,10]
    // -> [0.03774437510817342, 0.03774437510817342, 0.0, 0.0]
    List<BinContribution> top = DriftReasons.topBins(CATEGORICAL, state(30, 10, 50, 10), state(10, 30, 50, 10), 3);
    assertThat(top).extracting(BinContribution::label).containsExactly("a", "b"); // equal bins contribute 0
    assertThat(top.get(0).jsContribution()).isCloseTo(0.03774437510817342, within(1e-15));
    assertThat(top.get(1).jsContribution()).isEqualTo(top.get(0).jsContribution());
    assertThat(DriftReasons.binLabel(CATEGORICAL, 3)).isEqualTo(CategoryBins.OTHER_LABEL);
    assertThat(DriftReasons.topBins(CATEGORICAL, state(1, 2, 3, 4), state(1, 2, 3, 4), 3)).isEmpty();
  }

  @Test
  void labelsOfTheJobsBins() {
    FeatureBins constant = FeatureBins.numeric("x", NumericBinning.quantile(3.0, 3.0, new double[] {3.0}));
    assertThat(DriftReasons.binLabel(constant, 0)).isEqualTo("(-∞, 3)");
    assertThat(DriftReasons.binLabel(constant, 1)).isEqualTo("[3, 3]");
    assertThat(DriftReasons.binLabel(constant, 2)).isEqualTo("(3, ∞)");
    FeatureBins none = FeatureBins.numeric("x", NumericBinning.quantile(Double.NaN, Double.NaN, new double[0]));
    assertThat(DriftReasons.binLabel(none, 0)).isEqualTo("(-∞, ∞)");
    assertThatThrownBy(() -> DriftReasons.binLabel(NUMERIC, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bin 5 is outside the feature's 5 bins");
  }

  @Test
  void newValueShareOfNumericFeaturesIsTheOuterBins() {
    // 5 + 5 of 100 current values outside the reference's range
    assertThat(DriftReasons.newValueShare(NUMERIC, state(0, 30, 50, 20, 0), state(5, 20, 30, 40, 5))).isEqualTo(0.1);
    assertThat(DriftReasons.newValueShare(NUMERIC, state(0, 30, 50, 20, 0), state(0, 20, 30, 50, 0))).isZero();
    // the base has values (e.g. -Infinity) in the lower outer bin, and so has the current data: unknown
    assertThat(DriftReasons.newValueShare(NUMERIC, state(2, 30, 50, 20, 0), state(5, 20, 30, 40, 5))).isNull();
    // ... but known when the current data has none there: only the upper outer bin's 5
    assertThat(DriftReasons.newValueShare(NUMERIC, state(2, 30, 50, 20, 0), state(0, 20, 30, 45, 5))).isEqualTo(0.05);
    FeatureBins none = FeatureBins.numeric("x", NumericBinning.quantile(Double.NaN, Double.NaN, new double[0]));
    assertThat(DriftReasons.newValueShare(none, state(4), state(4))).isNull();
    assertThat(DriftReasons.newValueShare(NUMERIC, state(0, 30, 50, 20, 0), state(0, 0, 0, 0, 0))).isNaN();
  }

  @Test
  void newValueShareOfCategoriesNeedsAReferenceWithinMaxCategories() {
    // the reference had 3 distinct values <= max-categories 3: its "other" bin is empty, so the
    // current "other" bin holds exactly the unseen values
    CategoryBins few = CategoryBins.topK(Map.of("a", 50L, "b", 30L, "c", 20L), 3);
    FeatureBins bins = FeatureBins.categorical("c", few);
    HistogramState ref = HistogramState.empty(4);
    HistogramState cur = HistogramState.empty(4);
    add(ref, few, "a", 50);
    add(ref, few, "b", 30);
    add(ref, few, "c", 20);
    add(cur, few, "a", 40);
    add(cur, few, "b", 30);
    add(cur, few, "c", 10);
    add(cur, few, "new1", 15);
    add(cur, few, "new2", 5);
    assertThat(DriftReasons.newValueShare(bins, ref, cur)).isCloseTo(0.2, within(1e-15));
    // more than max-categories distinct reference values: the "other" bin mixes old and new values
    CategoryBins many = CategoryBins.topK(Map.of("a", 50L, "b", 30L, "c", 20L, "d", 1L), 3);
    HistogramState ref2 = HistogramState.empty(4);
    add(ref2, many, "a", 50);
    add(ref2, many, "d", 1);
    assertThat(DriftReasons.newValueShare(FeatureBins.categorical("c", many), ref2, cur)).isNull();
    // a base without a top-K value (e.g. a previous window): that bin's current values are new too
    assertThat(DriftReasons.newValueShare(CATEGORICAL, state(60, 0, 40, 0), state(50, 25, 0, 25))).isEqualTo(0.5);
  }

  private static void add(HistogramState state, CategoryBins bins, String value, int times) {
    for (int i = 0; i < times; i++) {
      state.addCategory(bins, value);
    }
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  private static double[] range(int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    return values;
  }

  @Test
  void dateAndTimestampEdgesReadAsDatesAndInstants() {
    // 9,130 days after 1970-01-01 is 1994-12-31; 1.4200704e9 s is 2015-01-01T00:00:00Z (python: datetime.utcfromtimestamp)
    FeatureBins days = FeatureBins.numeric("d", BinEdges.of(new double[] {Double.NEGATIVE_INFINITY, 9000, Math.nextUp(9130.0),
        Double.POSITIVE_INFINITY}));
    assertThat(DriftReasons.binLabel(days, 1, "date")).isEqualTo("[1994-08-23, 1994-12-31]");
    assertThat(DriftReasons.binLabel(days, 2, "date")).isEqualTo("(1994-12-31, ∞)");
    assertThat(DriftReasons.binLabel(days, 2, "int")).isEqualTo("(9130, ∞)");
    assertThat(DriftReasons.binLabel(days, 2)).isEqualTo("(9130, ∞)");
    FeatureBins seconds = FeatureBins.numeric("t", BinEdges.of(new double[] {Double.NEGATIVE_INFINITY, 1.4200704e9, 1.4200704005e9,
        Double.POSITIVE_INFINITY}));
    assertThat(DriftReasons.binLabel(seconds, 1, "timestamp")).isEqualTo("[2015-01-01T00:00:00Z, 2015-01-01T00:00:00.500Z)");
    assertThat(DriftReasons.binLabel(seconds, 0, "timestamp_ntz")).isEqualTo("(-∞, 2015-01-01T00:00:00Z)");
  }
}
