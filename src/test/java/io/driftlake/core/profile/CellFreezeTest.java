package io.driftlake.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.config.Binning;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureCells;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CellFreezeTest {
  private static final Map<String, FeatureKind> FEATURES = new LinkedHashMap<>();

  static {
    FEATURES.put("x", FeatureKind.NUMERIC);
    FEATURES.put("c", FeatureKind.CATEGORICAL);
    FEATURES.put("y", FeatureKind.CATEGORICAL);
  }

  /** A row: x (NaN for null), c (null allowed), label y (null allowed). */
  private record Row(double x, String c, String y) {}

  private static List<Row> rows(long seed, int n, double shift) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    String[] words = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      double x = u < 0.03 ? Double.NaN : u < 0.05 ? Double.POSITIVE_INFINITY : u < 0.06 ? Double.NEGATIVE_INFINITY
          : random.nextGaussian() * 3 + shift;
      String c = random.nextDouble() < 0.05 ? null : words[Math.min(5, (int) Math.abs(random.nextGaussian() * 2))];
      String y = random.nextDouble() < 0.05 ? null : random.nextBoolean() ? "yes" : random.nextBoolean() ? "no" : "maybe";
      rows.add(new Row(x, c, y));
    }
    return rows;
  }

  private static UniversalProfile profile(List<Row> rows) {
    Map<String, FeatureCells> states = new LinkedHashMap<>();
    states.put("x", FeatureCells.empty(FeatureKind.NUMERIC, true));
    states.put("c", FeatureCells.empty(FeatureKind.CATEGORICAL, true));
    states.put("y", FeatureCells.empty(FeatureKind.CATEGORICAL, true));
    for (Row row : rows) {
      states.get("x").addNumber(row.x(), row.y());
      states.get("c").addCategory(row.c(), row.y());
      states.get("y").addCategory(row.y(), row.y());
    }
    return new UniversalProfile(rows.size(), states, null);
  }

  /** Counts straight into frozen bins, as the frozen engines do: the independent recount. */
  private static HistogramState recount(List<Row> rows, String column, FeatureBins bins, CategoryBins label) {
    HistogramState state = HistogramState.empty(bins.binCount());
    long[] joint = new long[bins.binCount() * label.binCount()];
    for (Row row : rows) {
      int bin;
      if (column.equals("x")) {
        if (Double.isNaN(row.x())) {
          state.addMissing();
          continue;
        }
        state.addNumeric(bins.edges(), row.x());
        bin = bins.edges().binOf(row.x());
      } else {
        String value = column.equals("c") ? row.c() : row.y();
        if (value == null) {
          state.addMissing();
          continue;
        }
        state.addCategory(bins.categories(), value);
        bin = bins.categories().binOf(value);
      }
      if (row.y() != null) {
        joint[bin * label.binCount() + label.binOf(row.y())]++;
      }
    }
    state.setJointLabelCounts(joint);
    return state;
  }

  @Test
  void frozenCountsEqualARecountIntoTheSameBinsWithJointLabelCounts() {
    List<Row> reference = rows(1, 20_000, 0);
    List<Row> current = rows(2, 15_000, 0.7);
    CellFreeze.Frozen frozen = CellFreeze.freeze(FEATURES, Map.of(GroupKey.WHOLE, profile(reference)),
        Map.of(GroupKey.WHOLE, profile(current)), List.of(), Binning.QUANTILE, 10, 3, "y");
    CategoryBins label = frozen.bins().get("y").categories();
    assertThat(frozen.bins().get("c").categories().categories()).containsExactly("a", "b", "c");
    assertThat(frozen.bins().get("x").binCount()).isBetween(10, 12);
    for (String column : FEATURES.keySet()) {
      for (var side : List.of(Map.entry(reference, frozen.reference()), Map.entry(current, frozen.current()))) {
        HistogramState expected = recount(side.getKey(), column, frozen.bins().get(column), label);
        HistogramState actual = side.getValue().get(GroupKey.WHOLE).states().get(column);
        assertThat(actual.countsEqual(expected)).as(column + ": " + actual + " vs " + expected).isTrue();
        assertThat(actual.getJointLabelCounts()).containsExactly(expected.getJointLabelCounts());
        assertThat(actual.momentsClose(expected, 1e-9)).isTrue();
      }
    }
  }

  @Test
  void oneAndEightPartitionsGiveIdenticalStatesAndBins() {
    List<Row> data = rows(3, 30_000, 0);
    UniversalProfile one = profile(data);
    List<Row> shuffled = new ArrayList<>(data);
    Collections.shuffle(shuffled, new Random(4));
    List<UniversalProfile> parts = new ArrayList<>();
    for (int p = 0; p < 8; p++) {
      parts.add(profile(shuffled.subList(p * shuffled.size() / 8, (p + 1) * shuffled.size() / 8)));
    }
    UniversalProfile eight = parts.get(7).copy();
    for (int p = 6; p >= 0; p--) {
      eight.merge(parts.get(p));
    }
    for (String column : FEATURES.keySet()) {
      assertThat(eight.states().get(column)).as(column).isEqualTo(one.states().get(column));
    }
    assertThat(eight.states().get("x").numeric().level()).isEqualTo(one.states().get("x").numeric().level());
    CellFreeze.Frozen a = CellFreeze.freeze(FEATURES, Map.of(GroupKey.WHOLE, one), Map.of(GroupKey.WHOLE, one),
        List.of(), Binning.QUANTILE, 20, 20, "y");
    CellFreeze.Frozen b = CellFreeze.freeze(FEATURES, Map.of(GroupKey.WHOLE, eight), Map.of(GroupKey.WHOLE, eight),
        List.of(), Binning.QUANTILE, 20, 20, "y");
    assertThat(b.bins()).isEqualTo(a.bins());
    for (String column : FEATURES.keySet()) {
      assertThat(b.current().get(GroupKey.WHOLE).states().get(column)
          .countsEqual(a.current().get(GroupKey.WHOLE).states().get(column))).isTrue();
    }
  }

  @Test
  void yearsGiveFourBinsAndASevenValuedIntegerSeven() {
    Map<String, FeatureCells> states = new LinkedHashMap<>();
    states.put("year", FeatureCells.empty(FeatureKind.NUMERIC, false));
    states.put("code", FeatureCells.empty(FeatureKind.NUMERIC, false));
    Random random = new Random(5);
    for (int i = 0; i < 5_000; i++) {
      states.get("year").addNumber(2012 + random.nextInt(4), null);
      states.get("code").addNumber(random.nextInt(7), null);
    }
    Map<String, FeatureKind> features = new LinkedHashMap<>();
    features.put("year", FeatureKind.NUMERIC);
    features.put("code", FeatureKind.NUMERIC);
    UniversalProfile profile = new UniversalProfile(5_000, states, null);
    CellFreeze.Frozen frozen = CellFreeze.freeze(features, Map.of(GroupKey.WHOLE, profile),
        Map.of(GroupKey.WHOLE, profile), List.of(), Binning.QUANTILE, 20, 20, null);
    BinEdges years = frozen.bins().get("year").edges();
    assertThat(years.edges()).containsExactly(Double.NEGATIVE_INFINITY, 2012, 2013, 2014, 2015, Math.nextUp(2015.0),
        Double.POSITIVE_INFINITY);
    assertThat(frozen.bins().get("code").edges().binCount()).isEqualTo(7 + 2);
    long[] codes = frozen.current().get(GroupKey.WHOLE).states().get("code").getBinCounts();
    assertThat(java.util.Arrays.stream(codes, 1, 8)).allMatch(c -> c > 0);
  }

  @Test
  void theCommonLevelIsTheCoarsestOfEveryComparedGroup() {
    Map<String, FeatureKind> features = Map.of("x", FeatureKind.NUMERIC);
    UniversalProfile reference = new UniversalProfile(4, Map.of("x", FeatureCells.empty(FeatureKind.NUMERIC, false)
        .addNumber(1, null).addNumber(2, null).addNumber(3, null).addNumber(4, null)), null);
    // the current data has many distinct values: its level is coarse, and the reference's edges follow it
    FeatureCells wide = FeatureCells.empty(FeatureKind.NUMERIC, false);
    Random random = new Random(6);
    for (int i = 0; i < 50_000; i++) {
      wide.addNumber(random.nextDouble() * 5, null);
    }
    UniversalProfile current = new UniversalProfile(50_000, Map.of("x", wide), null);
    int level = wide.numeric().level();
    assertThat(level).isLessThan(52);
    CellFreeze.Frozen frozen = CellFreeze.freeze(features, Map.of(GroupKey.WHOLE, reference),
        Map.of(GroupKey.slice("k", "v"), current), List.of("k"), Binning.QUANTILE, 4, 20, null);
    long[] counts = frozen.current().get(GroupKey.slice("k", "v")).states().get("x").getBinCounts();
    assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(50_000);
  }

  @Test
  void slicesKeepTheMostFrequentValuesAndFoldTheRestIntoOther() {
    Map<GroupKey, UniversalProfile> scanned = new LinkedHashMap<>();
    int[] sizes = {5, 9, 9, 1};
    String[] values = {"a", "b", "c", null};
    for (int i = 0; i < values.length; i++) {
      FeatureCells x = FeatureCells.empty(FeatureKind.NUMERIC, false);
      for (int r = 0; r < sizes[i]; r++) {
        x.addNumber(r, null);
      }
      scanned.put(GroupKey.slice("k", values[i]), new UniversalProfile(sizes[i], Map.of("x", x), null));
    }
    Map<String, List<String>> kept = CellFreeze.keptSlices(scanned, List.of("k"), 2);
    assertThat(kept.get("k")).containsExactly("b", "c");
    Map<GroupKey, UniversalProfile> folded = CellFreeze.foldSlices(scanned, kept);
    assertThat(folded.keySet()).containsExactlyInAnyOrder(GroupKey.slice("k", "b"), GroupKey.slice("k", "c"),
        GroupKey.slice("k", CategoryBins.OTHER_LABEL));
    assertThat(folded.get(GroupKey.slice("k", CategoryBins.OTHER_LABEL)).rowCount()).isEqualTo(6);
    assertThat(CellFreeze.assemble(folded, List.of("k")).get(GroupKey.WHOLE).rowCount()).isEqualTo(24);
  }

  @Test
  void bytesRoundTrip() {
    UniversalProfile profile = profile(rows(7, 1_000, 0));
    UniversalProfile back = UniversalProfile.fromBytes(profile.toBytes());
    assertThat(back.rowCount()).isEqualTo(1_000);
    assertThat(back.states()).isEqualTo(profile.states());
  }
}
