package io.driftlake.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.core.config.Binning;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferenceSketchTest {
  static final double NEG = Double.NEGATIVE_INFINITY;
  static final double POS = Double.POSITIVE_INFINITY;
  static final boolean[] NONE = new boolean[0];

  private static ReferenceSketch numeric(int sampleSize, double... values) {
    ReferenceSketch sketch = new ReferenceSketch(1, NONE, sampleSize);
    for (int i = 0; i < values.length; i++) {
      sketch.add(new double[] {values[i]}, new String[0], ReferenceSketch.priority(7, 0, i));
    }
    return sketch;
  }

  @Test
  void emptySketchHasNoExtremesNoQuantilesAndOneBin() {
    ReferenceSketch sketch = new ReferenceSketch(1, new boolean[] {false}, 10);
    assertThat(sketch.rows()).isZero();
    assertThat(sketch.min(0)).isNaN();
    assertThat(sketch.quantiles(0, new double[] {0.5}, 10_000)).isNull();
    assertThat(sketch.numericBins(0, "x", Binning.QUANTILE, 4).binCount()).isEqualTo(1);
    assertThat(sketch.numericBins(0, "x", Binning.EQUAL_WIDTH, 4).binCount()).isEqualTo(1);
    assertThat(sketch.topValues(0, 5)).isEmpty();
  }

  @Test
  void quantilesAreTheInverseEmpiricalCdf() {
    // numpy.quantile([1..10], [0.25, 0.5, 0.75], method="inverted_cdf") = [3, 5, 8]: x(ceil(p n)), n = 10
    ReferenceSketch sketch = numeric(100, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    assertThat(sketch.quantiles(0, new double[] {0.25, 0.5, 0.75}, 10_000)).containsExactly(3, 5, 8);
    // percentile_approx's shortcut: p within 1/accuracy of 0 or 1 is the min or the max
    assertThat(sketch.quantiles(0, new double[] {0.00001, 0.99995, 0.11}, 10_000)).containsExactly(1, 10, 2);
    assertThat(sketch.quantiles(0, new double[] {0.05, 0.95}, 10)).containsExactly(1, 10);
  }

  @Test
  void nonFiniteValuesCountAsRowsOnly() {
    ReferenceSketch sketch = numeric(100, Double.NaN, 4, POS, 2, NEG, 3);
    assertThat(sketch.rows()).isEqualTo(6);
    assertThat(sketch.finiteCount(0)).isEqualTo(3);
    assertThat(sketch.min(0)).isEqualTo(2.0);
    assertThat(sketch.max(0)).isEqualTo(4.0);
    assertThat(sketch.sortedSample(0)).containsExactly(2, 3, 4);
    // ceil(0.5 * 3) = 2nd of [2, 3, 4]
    assertThat(sketch.quantiles(0, new double[] {0.5}, 10_000)).containsExactly(3);
  }

  @Test
  void binsFollowNumericBinning() {
    ReferenceSketch sketch = numeric(100, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    // quantile cuts at 1/4, 2/4, 3/4: x(3) = 3, x(5) = 5, x(8) = 8 between min 1 and nextUp(max 10)
    assertThat(sketch.numericBins(0, "x", Binning.QUANTILE, 4).edgeArray())
        .containsExactly(NEG, 1, 3, 5, 8, Math.nextUp(10.0), POS);
    // equal width over [1, 10] in 3 bins of 3
    assertThat(sketch.numericBins(0, "x", Binning.EQUAL_WIDTH, 3).edgeArray())
        .containsExactly(NEG, 1, 4, 7, Math.nextUp(10.0), POS);
    // one quantile bin is equal width with one bin
    assertThat(sketch.numericBins(0, "x", Binning.QUANTILE, 1).edgeArray()).containsExactly(NEG, 1, Math.nextUp(10.0), POS);
    assertThat(sketch.numericBins(0, "x", Binning.QUANTILE, 1).column()).isEqualTo("x");
  }

  @Test
  void sampleKeepsTheRowsOfTheSmallestPriorities() {
    ReferenceSketch sketch = new ReferenceSketch(2, NONE, 3);
    double[] priorities = {0.9, 0.1, 0.5, 0.3, 0.7};
    for (int i = 0; i < priorities.length; i++) {
      sketch.add(new double[] {i + 1, -(i + 1)}, new String[0], priorities[i]);
    }
    // priorities 0.1, 0.3, 0.5 are rows 2, 4, 3; both columns come from the same rows
    assertThat(sketch.sampled()).isEqualTo(3);
    assertThat(sketch.sortedSample(0)).containsExactly(2, 3, 4);
    assertThat(sketch.sortedSample(1)).containsExactly(-4, -3, -2);
    // extremes are exact, not from the sample
    assertThat(sketch.min(0)).isEqualTo(1.0);
    assertThat(sketch.max(0)).isEqualTo(5.0);
  }

  @Test
  void sampleIsUniformOverRows() {
    // 1 000 of 100 000 rows: the mean sampled index of a uniform sample is 49 999.5 with standard error
    // about 28 868 / sqrt(1000) = 913 (finite-population correction negligible); allow 4 standard errors
    ReferenceSketch sketch = new ReferenceSketch(1, NONE, 1000);
    for (int i = 0; i < 100_000; i++) {
      sketch.add(new double[] {i}, new String[0], ReferenceSketch.priority(11, i % 3, i / 3));
    }
    double[] sample = sketch.sortedSample(0);
    assertThat(sample).hasSize(1000).doesNotHaveDuplicates();
    assertThat(java.util.Arrays.stream(sample).average().orElseThrow()).isCloseTo(49_999.5, within(4 * 913.0));
  }

  @Test
  void priorityIsDeterministicAndInUnitInterval() {
    assertThat(ReferenceSketch.priority(1, 2, 3)).isEqualTo(ReferenceSketch.priority(1, 2, 3));
    assertThat(ReferenceSketch.priority(1, 2, 3)).isNotEqualTo(ReferenceSketch.priority(1, 3, 3));
    assertThat(ReferenceSketch.priority(1, 2, 3)).isNotEqualTo(ReferenceSketch.priority(2, 2, 3));
    for (int i = 0; i < 10_000; i++) {
      assertThat(ReferenceSketch.priority(5, 0, i)).isBetween(0.0, Math.nextDown(1.0));
    }
  }

  @Test
  void mergeEqualsOneSketchOfTheUnion() {
    Random random = new Random(3);
    boolean[] countsNull = {false, true};
    ReferenceSketch whole = new ReferenceSketch(2, countsNull, 500);
    ReferenceSketch[] parts = {new ReferenceSketch(2, countsNull, 500), new ReferenceSketch(2, countsNull, 500),
        new ReferenceSketch(2, countsNull, 500)};
    for (int i = 0; i < 3000; i++) {
      double[] values = {random.nextGaussian(), random.nextInt(10) == 0 ? Double.NaN : random.nextDouble() * 100};
      String[] categories = {random.nextInt(5) == 0 ? null : "c" + random.nextInt(20),
          random.nextInt(4) == 0 ? null : "s" + random.nextInt(3)};
      double priority = ReferenceSketch.priority(9, i % 3, i / 3);
      whole.add(values, categories, priority);
      parts[i % 3].add(values, categories, priority);
    }
    ReferenceSketch merged = new ReferenceSketch(2, countsNull, 500).merge(parts[2]).merge(parts[0]).merge(parts[1]);
    assertThat(merged.rows()).isEqualTo(3000);
    for (int c = 0; c < 2; c++) {
      assertThat(merged.finiteCount(c)).isEqualTo(whole.finiteCount(c));
      assertThat(merged.min(c)).isEqualTo(whole.min(c));
      assertThat(merged.max(c)).isEqualTo(whole.max(c));
      assertThat(merged.sortedSample(c)).containsExactly(whole.sortedSample(c));
      assertThat(merged.counts(c)).isEqualTo(whole.counts(c));
    }
    assertThat(merged.sampled()).isEqualTo(500);
    assertThat(merged.counts(0)).doesNotContainKey(null);
    assertThat(merged.counts(1)).containsKey(null);
  }

  @Test
  void topValuesRankByCountThenValueNullFirst() {
    ReferenceSketch sketch = new ReferenceSketch(0, new boolean[] {true, false}, 1);
    String[] values = {"b", "a", null, "c", "b", "a", null, "a", "b", null};
    for (String value : values) {
      sketch.add(new double[0], new String[] {value, value}, 0.5);
    }
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put(null, 3L);
    expected.put("a", 3L);
    expected.put("b", 3L);
    assertThat(sketch.topValues(0, 3)).containsExactlyEntriesOf(expected);
    assertThat(sketch.topValues(1, 10)).isEqualTo(Map.of("a", 3L, "b", 3L, "c", 1L));
    assertThat(List.copyOf(sketch.topValues(1, 10).keySet())).containsExactly("a", "b", "c");
    assertThat(sketch.categoricalBins(1, "k", 2).categoryLabels()).containsExactly("a", "b", CategoryBins.OTHER_LABEL);
  }

  @Test
  void tiesAreOrderedByCodePointLikeSparkNotByUtf16Units() {
    // U+FFFD sorts before U+1F600 in UTF-8 bytes (EF BF BD < F0 9F 98 80), after it in UTF-16 units (FFFD > D83D)
    String replacement = "\uFFFD";
    String emoji = new String(Character.toChars(0x1F600));
    assertThat(emoji.compareTo(replacement)).isNegative();
    ReferenceSketch sketch = new ReferenceSketch(0, new boolean[] {false}, 1);
    sketch.add(new double[0], new String[] {emoji}, 0.1);
    sketch.add(new double[0], new String[] {replacement}, 0.1);
    assertThat(List.copyOf(sketch.topValues(0, 1).keySet())).containsExactly(replacement);
    assertThat(ReferenceSketch.compareCodePoints("a", "ab")).isNegative();
    assertThat(ReferenceSketch.compareCodePoints("ab", "ab")).isZero();
  }

  @Test
  void tooManyDistinctValuesOverflowTheColumnOnly() {
    ReferenceSketch sketch = new ReferenceSketch(0, new boolean[] {false, false}, 1);
    for (int i = 0; i <= ReferenceSketch.MAX_DISTINCT; i++) {
      sketch.add(new double[0], new String[] {"v" + i, "x"}, 0.5);
    }
    assertThat(sketch.overflowed(0)).isTrue();
    assertThat(sketch.overflowed(1)).isFalse();
    assertThat(sketch.topValues(1, 1)).isEqualTo(Map.of("x", ReferenceSketch.MAX_DISTINCT + 1L));
    assertThatThrownBy(() -> sketch.topValues(0, 1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("more than 100000 distinct values").hasMessageContaining("recount");
  }

  @Test
  void mergeOverflowsWhenTheUnionHasTooManyDistinctValues() {
    ReferenceSketch a = new ReferenceSketch(0, new boolean[] {false}, 1);
    ReferenceSketch b = new ReferenceSketch(0, new boolean[] {false}, 1);
    int half = ReferenceSketch.MAX_DISTINCT / 2 + 1;
    for (int i = 0; i < half; i++) {
      a.add(new double[0], new String[] {"a" + i}, 0.5);
      b.add(new double[0], new String[] {"b" + i}, 0.5);
    }
    assertThat(a.overflowed(0)).isFalse();
    assertThat(a.merge(b).overflowed(0)).isTrue();
    ReferenceSketch c = new ReferenceSketch(0, new boolean[] {false}, 1);
    assertThat(c.merge(a).overflowed(0)).isTrue();
  }

  @Test
  void differentLayoutsDoNotMerge() {
    assertThatThrownBy(() -> new ReferenceSketch(1, NONE, 5).merge(new ReferenceSketch(2, NONE, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different layouts");
  }

  @Test
  void sketchSurvivesJavaSerialization() throws Exception {
    ReferenceSketch sketch = numeric(3, 5, 1, 4, 2, 3);
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(sketch);
    }
    ReferenceSketch copy;
    try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ReferenceSketch) in.readObject();
    }
    assertThat(copy.sortedSample(0)).containsExactly(sketch.sortedSample(0));
    copy.add(new double[] {0.0}, new String[0], 0.0);
    assertThat(copy.min(0)).isEqualTo(0.0);
    assertThat(copy.sampled()).isEqualTo(3);
  }
}
