package io.driftlake.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CategoryCountsTest {
  private static final Map<String, Long> HEAVY = Map.of("a", 20_000L, "b", 10_000L, "c", 5_000L, "d", 2_000L);

  /** The heavy hitters plus {@code unique} values seen once, shuffled. */
  private static CategoryCounts stream(CategoryCounts counts, int unique, long seed) {
    Random random = new Random(seed);
    List<String> values = new java.util.ArrayList<>();
    HEAVY.forEach((value, n) -> {
      for (int i = 0; i < n; i++) {
        values.add(value);
      }
    });
    for (int i = 0; i < unique; i++) {
      values.add("u" + seed + "_" + i);
    }
    java.util.Collections.shuffle(values, random);
    values.forEach(counts::add);
    return counts;
  }

  @Test
  void exactModeCountsEveryValueAndNullApart() {
    CategoryCounts counts = new CategoryCounts().add("x").add("y").add("x").add(null).add("z", 2);
    assertThat(counts.isExact()).isTrue();
    assertThat(counts.totalCount()).isEqualTo(6);
    assertThat(counts.nonNullCount()).isEqualTo(5);
    assertThat(counts.nullCount()).isEqualTo(1);
    assertThat(counts.count("x")).isEqualTo(new CategoryCounts.ValueCount("x", 2, 2, 2));
    assertThat(counts.count("w").estimate()).isZero();
    assertThat(counts.count(null).estimate()).isEqualTo(1);
    assertThat(counts.maximumError()).isZero();
    // most frequent first, ties by value
    assertThat(counts.topValues(10)).extracting(CategoryCounts.ValueCount::value).containsExactly("x", "z", "y");
    assertThat(counts.topValues(2)).hasSize(2).allMatch(CategoryCounts.ValueCount::exact);
  }

  @Test
  void overflowKeepsTheTotalExactAndHeavyHittersWithinTheSketchBound() {
    CategoryCounts counts = stream(new CategoryCounts(1_000, 1 << 10), 50_000, 1);
    assertThat(counts.isExact()).isFalse();
    assertThat(counts.nonNullCount()).isEqualTo(37_000 + 50_000);
    long error = counts.maximumError();
    assertThat(error).isPositive()
        // DataSketches' a-priori bound 3.5 N / (0.75 M)
        .isLessThanOrEqualTo((long) Math.ceil(3.5 * counts.nonNullCount() / (0.75 * 1024)));
    HEAVY.forEach((value, truth) -> {
      CategoryCounts.ValueCount c = counts.count(value);
      assertThat(c.lowerBound()).isLessThanOrEqualTo(truth);
      assertThat(c.upperBound()).isGreaterThanOrEqualTo(truth);
      assertThat(Math.abs(c.estimate() - truth)).isLessThanOrEqualTo(error);
    });
    assertThat(counts.topValues(4)).extracting(CategoryCounts.ValueCount::value).containsExactly("a", "b", "c", "d");
  }

  @Test
  void mergeIsCommutativeExactlyInExactModeAndWithinBoundsInSketchMode() {
    CategoryCounts a = new CategoryCounts().add("x", 3).add("y").add(null);
    CategoryCounts b = new CategoryCounts().add("y", 4).add("z");
    assertThat(a.copy().merge(b)).isEqualTo(b.copy().merge(a));
    assertThat(a.copy().merge(b).count("y").estimate()).isEqualTo(5);

    CategoryCounts sa = stream(new CategoryCounts(500, 1 << 10), 20_000, 2);
    CategoryCounts sb = stream(new CategoryCounts(500, 1 << 10), 20_000, 3);
    CategoryCounts ab = sa.copy().merge(sb);
    CategoryCounts ba = sb.copy().merge(sa);
    assertThat(ab.totalCount()).isEqualTo(ba.totalCount()).isEqualTo(2 * (37_000 + 20_000));
    for (CategoryCounts merged : List.of(ab, ba)) {
      HEAVY.forEach((value, truth) -> {
        CategoryCounts.ValueCount c = merged.count(value);
        assertThat(c.lowerBound()).isLessThanOrEqualTo(2 * truth);
        assertThat(c.upperBound()).isGreaterThanOrEqualTo(2 * truth);
      });
      assertThat(merged.topValues(4)).extracting(CategoryCounts.ValueCount::value).containsExactly("a", "b", "c", "d");
    }
  }

  @Test
  void exactStatesOverflowIntoASketchWhenTheirUnionIsTooLarge() {
    CategoryCounts a = new CategoryCounts(3, 64).add("p").add("q");
    CategoryCounts b = new CategoryCounts(3, 64).add("r").add("s", 5);
    CategoryCounts merged = a.copy().merge(b);
    assertThat(merged.isExact()).isFalse();
    assertThat(merged.totalCount()).isEqualTo(8);
    assertThat(merged.count("s").estimate()).isEqualTo(5); // 4 values fit the map: still exact counts
    CategoryCounts exactIntoSketch = b.copy().merge(merged);
    assertThat(exactIntoSketch.totalCount()).isEqualTo(14);
    assertThat(exactIntoSketch.count("s").estimate()).isEqualTo(10);
  }

  @Test
  void bytesRoundTripInBothModes() {
    CategoryCounts exact = new CategoryCounts().add("é").add("").add(null).add("x", 7);
    assertThat(CategoryCounts.fromBytes(exact.toBytes())).isEqualTo(exact).hasSameHashCodeAs(exact);
    CategoryCounts sketch = stream(new CategoryCounts(100, 256), 5_000, 4).add(null);
    CategoryCounts back = CategoryCounts.fromBytes(sketch.toBytes());
    assertThat(back).isEqualTo(sketch);
    assertThat(back.totalCount()).isEqualTo(sketch.totalCount());
    assertThat(back.topValues(4)).isEqualTo(sketch.topValues(4));
    assertThatThrownBy(() -> CategoryCounts.fromBytes(new byte[] {1}))
        .hasMessage("unknown category counts format version 1; expected 2: the state was written by another Driftlake version");
  }

  @Test
  void differentBoundsAndBadArgumentsAreRejected() {
    assertThatThrownBy(() -> new CategoryCounts(10, 64).merge(new CategoryCounts(20, 64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot merge category counts with different bounds: maxDistinct 10/20, sketchMapSize 64/64; "
            + "profile both sides with the same bounds");
    assertThatThrownBy(() -> new CategoryCounts(10, 100)).hasMessage("sketchMapSize must be a power of 2 of at least 8 (got 100)");
    assertThatThrownBy(() -> new CategoryCounts().add("x", -1)).hasMessage("count must not be negative (got -1)");
  }

  @Test
  void distinctCountIsExactUntilTheCapThenAnEstimate() {
    CategoryCounts small = new CategoryCounts().add("a").add("b").add("a").add(null);
    assertThat(small.distinctCount()).isEqualTo(2);

    int distinct = 50_000;
    CategoryCounts one = new CategoryCounts();
    CategoryCounts left = new CategoryCounts();
    CategoryCounts right = new CategoryCounts();
    for (int i = 0; i < distinct; i++) {
      one.add("id-" + i);
      (i % 3 == 0 ? left : right).add("id-" + i);
    }
    assertThat(one.isExact()).isFalse();
    // HyperLogLog lgK 12: within two relative standard errors (3.3%) of the true count
    assertThat((double) one.distinctCount()).isCloseTo(distinct, org.assertj.core.api.Assertions.within(0.033 * distinct));
    assertThat(right.merge(left).distinctCount()).isEqualTo(one.distinctCount());
    assertThat(CategoryCounts.fromBytes(one.toBytes()).distinctCount()).isEqualTo(one.distinctCount());
  }
}
