package io.driftlake.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NumericCellsTest {

  @Test
  void pastTheExactLevelTheDistinctCountIsASampledEstimateThatMergesAcrossPartitions() {
    // 200,000 distinct values (each twice): far past 8,192 cells, so the state coarsens and estimates
    NumericCells whole = new NumericCells();
    NumericCells[] parts = new NumericCells[8];
    for (int p = 0; p < parts.length; p++) {
      parts[p] = new NumericCells();
    }
    java.util.Random random = new java.util.Random(23);
    for (int i = 0; i < 400_000; i++) {
      double value = (i % 200_000) * 0.37 + 1e-3;
      whole.add(value);
      parts[random.nextInt(parts.length)].add(value);
    }
    NumericCells merged = parts[0];
    for (int p = 1; p < parts.length; p++) {
      merged.merge(parts[p]);
    }
    assertThat(whole.distinctExact()).isFalse();
    // the sample (1 in 8 by hash) and the sketch: within 5% (about 3 standard errors)
    assertThat((double) whole.distinctCount()).isCloseTo(200_000, org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(merged.distinctCount()).isEqualTo(whole.distinctCount()); // the same keys in the same registers
    assertThat(NumericCells.fromBytes(whole.toBytes()).distinctCount()).isEqualTo(whole.distinctCount());
  }

  @Test
  void fewValuesStayExactOneCellPerValue() {
    NumericCells cells = new NumericCells().add(2.0).add(1.0).add(3.0).add(2.0);
    assertThat(cells.level()).isEqualTo(NumericCells.EXACT_LEVEL);
    long[] keys = cells.cellKeys();
    assertThat(keys).hasSize(3);
    assertThat(cells.cellCounts(keys)).containsExactly(1, 2, 1);
    assertThat(cells.lowerBound(keys[0])).isEqualTo(1.0);
    assertThat(cells.upperBound(keys[0])).isEqualTo(Math.nextUp(1.0));
    assertThat(cells.lowerBound(keys[2])).isEqualTo(3.0);
  }

  @Test
  void negativeZeroIsZero() {
    NumericCells cells = new NumericCells().add(-0.0).add(0.0);
    assertThat(cells.cellCount()).isEqualTo(1);
    assertThat(Double.compare(cells.lowerBound(cells.cellKeys()[0]), 0.0)).isZero();
    assertThat(Double.compare(cells.min(), 0.0)).isZero();
    assertThat(NumericCells.upperBound(NumericCells.cellKey(-Double.MIN_VALUE, 52), 52)).isEqualTo(0.0);
  }

  @Test
  void nullNanAndInfinitiesAreCountedOutsideTheCells() {
    NumericCells cells = new NumericCells().add(Double.NaN).add(Double.POSITIVE_INFINITY).add(Double.POSITIVE_INFINITY)
        .add(Double.NEGATIVE_INFINITY).addMissing().addNull().add(5.0).add(-1.0);
    assertThat(cells.nanCount()).isEqualTo(1);
    assertThat(cells.positiveInfinityCount()).isEqualTo(2);
    assertThat(cells.negativeInfinityCount()).isEqualTo(1);
    assertThat(cells.missingCount()).isEqualTo(2);
    assertThat(cells.finiteCount()).isEqualTo(2);
    assertThat(cells.valueCount()).isEqualTo(5);
    assertThat(cells.cellCount()).isEqualTo(2);
    assertThat(cells.min()).isEqualTo(-1.0);
    assertThat(cells.max()).isEqualTo(5.0);
    NumericCells empty = new NumericCells();
    assertThat(empty.min()).isNaN();
    assertThat(empty.mean()).isNaN();
    assertThat(empty.squaredDeviations()).isZero();
  }

  @Test
  void momentsMatchATwoPassComputation() {
    Random random = new Random(7);
    double[] values = new double[10_000];
    NumericCells cells = new NumericCells();
    for (int i = 0; i < values.length; i++) {
      values[i] = 1e6 + 3 * random.nextGaussian();
      cells.add(values[i]);
    }
    double mean = java.util.Arrays.stream(values).average().orElseThrow();
    double m2 = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
    // relative 1e-12: blocked shifted sums about the running mean, far from cancellation
    assertThat(cells.mean()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-12 * mean));
    assertThat(cells.squaredDeviations()).isCloseTo(m2, org.assertj.core.data.Offset.offset(1e-9 * m2));
  }

  @Test
  void levelsNestAndBoundsHoldTheValue() {
    Random random = new Random(3);
    for (int trial = 0; trial < 2_000; trial++) {
      double v = switch (trial % 4) {
        case 0 -> random.nextGaussian();
        case 1 -> -Math.exp(random.nextGaussian() * 50);
        case 2 -> Double.longBitsToDouble(random.nextLong() & 0x7FEFFFFFFFFFFFFFL) * (random.nextBoolean() ? 1 : -1);
        default -> random.nextInt(100) - 50;
      };
      for (int level = NumericCells.MIN_LEVEL + 1; level <= NumericCells.EXACT_LEVEL; level++) {
        assertThat(NumericCells.cellKey(v, level - 1)).isEqualTo(NumericCells.cellKey(v, level) >>> 1);
      }
      for (int level = NumericCells.MIN_LEVEL; level <= NumericCells.EXACT_LEVEL; level++) {
        long key = NumericCells.cellKey(v, level);
        assertThat(NumericCells.lowerBound(key, level)).isLessThanOrEqualTo(v);
        assertThat(NumericCells.upperBound(key, level)).isGreaterThan(v);
      }
    }
  }

  @Test
  void levelIsTheFinestThatFits() {
    Random random = new Random(11);
    for (int maxCells : new int[] {2, 16, 100, 1000}) {
      NumericCells cells = new NumericCells(maxCells);
      double[] values = new double[5_000];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextGaussian() * 1000;
        cells.add(values[i]);
      }
      int expected = NumericCells.EXACT_LEVEL;
      while (distinctKeys(values, expected) > maxCells) {
        expected--;
      }
      assertThat(cells.level()).as("maxCells %d", maxCells).isEqualTo(expected);
      assertThat(cells.cellCount()).isEqualTo(distinctKeys(values, expected));
      assertThat(java.util.Arrays.stream(cells.cellCounts(cells.cellKeys())).sum()).isEqualTo(values.length);
    }
  }

  private static int distinctKeys(double[] values, int level) {
    Set<Long> keys = new HashSet<>();
    for (double v : values) {
      keys.add(NumericCells.cellKey(v, level));
    }
    return keys.size();
  }

  @Test
  void cellKeysAreInValueOrder() {
    NumericCells cells = new NumericCells();
    double[] values = {-1e300, -5, -1e-300, -Double.MIN_VALUE, 0, Double.MIN_VALUE, 1e-300, 5, 1e300, Double.MAX_VALUE};
    for (double v : values) {
      cells.add(v);
    }
    long[] keys = cells.cellKeys();
    for (int i = 0; i < values.length; i++) {
      assertThat(cells.lowerBound(keys[i])).isEqualTo(values[i]);
    }
    assertThat(cells.upperBound(keys[keys.length - 1])).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void coarsenedToSumsCellsAndCannotRefine() {
    NumericCells cells = new NumericCells();
    for (int i = 0; i < 1000; i++) {
      cells.add(i * 0.37);
    }
    NumericCells coarse = cells.coarsenedTo(4);
    assertThat(coarse.level()).isEqualTo(4);
    assertThat(java.util.Arrays.stream(coarse.cellCounts(coarse.cellKeys())).sum()).isEqualTo(1000);
    assertThat(coarse.cellCount()).isLessThan(cells.cellCount());
    assertThat(cells.level()).isEqualTo(NumericCells.EXACT_LEVEL); // the original is unchanged
    assertThatThrownBy(() -> coarse.coarsenedTo(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot refine numeric cells from level 4 to 5; a state can only be coarsened");
    assertThatThrownBy(() -> cells.coarsenedTo(-12))
        .hasMessage("level must be in [-11, 52] (got -12)");
  }

  @Test
  void aBoundBelowTwoIsRefused() {
    assertThatThrownBy(() -> new NumericCells(1)).hasMessage("maxCells must be at least 2 (got 1)");
  }

  @Test
  void mergeWithItselfDoubles() {
    NumericCells cells = new NumericCells(8).add(1).add(2).add(100);
    cells.merge(cells);
    assertThat(cells.finiteCount()).isEqualTo(6);
    assertThat(java.util.Arrays.stream(cells.cellCounts(cells.cellKeys())).sum()).isEqualTo(6);
  }

  @Test
  void bytesRoundTripAndRejectUnknownVersions() {
    NumericCells cells = new NumericCells(64).add(Double.NaN).add(Double.NEGATIVE_INFINITY).addMissing();
    Random random = new Random(5);
    for (int i = 0; i < 10_000; i++) {
      cells.add(random.nextGaussian());
    }
    NumericCells back = NumericCells.fromBytes(cells.toBytes());
    assertThat(back).isEqualTo(cells).hasSameHashCodeAs(cells);
    assertThat(back.mean()).isEqualTo(cells.mean());
    assertThat(back.squaredDeviations()).isEqualTo(cells.squaredDeviations());
    assertThat(NumericCells.fromBytes(new NumericCells().toBytes())).isEqualTo(new NumericCells());
    assertThatThrownBy(() -> NumericCells.fromBytes(new byte[] {9}))
        .hasMessage("unknown numeric cells format version 9; expected 3: the state was written by another Driftlake version");
  }

  @Test
  void aMonthOfSecondsFallsToLevel21With512SecondCells() {
    // timestamps are seconds since the epoch (Features.numericValue); 2023-11-14T22:13:20Z onwards
    NumericCells cells = new NumericCells();
    double start = 1.7e9;
    for (int i = 0; i < 30 * 86_400; i++) {
      cells.add(start + i);
    }
    assertThat(cells.level()).isEqualTo(21);
    assertThat(cells.cellCount()).isEqualTo(5063);
    long key = cells.cellKeys()[1];
    assertThat(cells.upperBound(key) - cells.lowerBound(key)).isEqualTo(512.0);
    // one second is resolved from level 30 on (cells of 2^(30 - 30) s)
    long secondKey = NumericCells.cellKey(start, 30);
    assertThat(NumericCells.upperBound(secondKey, 30) - NumericCells.lowerBound(secondKey, 30)).isEqualTo(1.0);
  }

  @Test
  void datesResolveOneDayFromLevel14AndADecadeStaysExact() {
    NumericCells decade = new NumericCells();
    for (int day = 18_262; day < 18_262 + 3_653; day++) { // 2020-01-01 .. 2029-12-31
      decade.add(day);
    }
    assertThat(decade.level()).isEqualTo(NumericCells.EXACT_LEVEL);
    long key = NumericCells.cellKey(20_000, 14);
    assertThat(NumericCells.upperBound(key, 14) - NumericCells.lowerBound(key, 14)).isEqualTo(1.0);
  }

  @Test
  void zerosAreCountedExactlyAtEveryLevel() {
    NumericCells cells = new NumericCells(16);
    for (int i = 0; i < 1000; i++) {
      cells.add(i % 10 == 0 ? (i % 20 == 0 ? 0.0 : -0.0) : i * 1.5); // 100 zeros, half of them -0.0
    }
    cells.add(Double.MIN_VALUE).addMissing().add(Double.NaN); // a subnormal is not zero
    assertThat(cells.level()).isLessThan(NumericCells.EXACT_LEVEL);
    assertThat(cells.zeroCount()).isEqualTo(100);
    assertThat(NumericCells.fromBytes(cells.toBytes()).zeroCount()).isEqualTo(100);
  }

  @Test
  void distinctCountIsExactAtLevel52AndAnEstimateWithinItsErrorBelow() {
    NumericCells few = new NumericCells();
    for (int i = 0; i < 5000; i++) {
      few.add(i % 700 + 0.25);
    }
    assertThat(few.distinctExact()).isTrue();
    assertThat(few.distinctCount()).isEqualTo(700);

    // 100,000 distinct values, each twice, in 1 state and in 8 partial states merged in another order
    int distinct = 100_000;
    NumericCells one = new NumericCells();
    NumericCells[] parts = new NumericCells[8];
    for (int p = 0; p < parts.length; p++) {
      parts[p] = new NumericCells();
    }
    Random random = new Random(7);
    for (int repeat = 0; repeat < 2; repeat++) {
      for (int i = 0; i < distinct; i++) {
        double value = 1000.0 + i * 0.001;
        one.add(value);
        parts[random.nextInt(parts.length)].add(value);
      }
    }
    NumericCells merged = parts[7].copy();
    for (int p = 6; p >= 0; p--) {
      merged.merge(parts[p]);
    }
    assertThat(one.distinctExact()).isFalse();
    // HyperLogLog lgK 12: relative standard error 1.04/64 = 1.6%; 3.3% is two standard errors
    assertThat((double) one.distinctCount()).isCloseTo(distinct, org.assertj.core.api.Assertions.within(0.033 * distinct));
    assertThat(merged.distinctCount()).isEqualTo(one.distinctCount());
    assertThat(merged).isEqualTo(one);
    assertThat(NumericCells.fromBytes(one.toBytes()).distinctCount()).isEqualTo(one.distinctCount());
  }

  @Test
  void aStateOverItsBoundLandsAtTheFinestLevelWhereItsCellsFitAsCoarseningOneLevelAtATimeWould() {
    Random random = new Random(23);
    double[] values = new double[40_000];
    for (int i = 0; i < values.length; i++) { // both signs, many magnitudes: keys on both sides of the unsigned order
      values[i] = (random.nextBoolean() ? -1 : 1) * Math.exp(random.nextGaussian() * 6);
    }
    NumericCells unbounded = new NumericCells(1 << 20);
    for (double v : values) {
      unbounded.add(v);
    }
    assertThat(unbounded.level()).isEqualTo(NumericCells.EXACT_LEVEL);
    for (int bound : new int[] {2, 7, 100, 4096}) {
      int expected = NumericCells.EXACT_LEVEL;
      while (unbounded.coarsenedTo(expected).cellCount() > bound) { // one level at a time, counted independently
        expected--;
      }
      NumericCells bounded = new NumericCells(bound);
      for (double v : values) {
        bounded.add(v);
      }
      NumericCells halves = new NumericCells(bound);
      NumericCells second = new NumericCells(bound);
      for (int i = 0; i < values.length; i++) {
        (i % 2 == 0 ? halves : second).add(values[i]);
      }
      halves.merge(second);
      NumericCells reference = unbounded.coarsenedTo(expected);
      for (NumericCells state : new NumericCells[] {bounded, halves}) {
        assertThat(state.level()).as("bound %d", bound).isEqualTo(expected);
        assertThat(state.cellKeys()).isEqualTo(reference.cellKeys());
        assertThat(state.cellCounts(state.cellKeys())).isEqualTo(reference.cellCounts(reference.cellKeys()));
      }
    }
  }

  @Test
  void statesWithDifferentBoundsMergeUnderTheSmallerInAnyOrder() {
    Random random = new Random(5);
    double[] a = new double[3000];
    double[] b = new double[3000];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextGaussian();
      b[i] = 3 + random.nextGaussian();
    }
    NumericCells whole = new NumericCells(16);
    for (double v : a) {
      whole.add(v);
    }
    for (double v : b) {
      whole.add(v);
    }
    NumericCells fineFirst = filled(64, a).merge(filled(16, b));
    NumericCells coarseFirst = filled(16, b).merge(filled(64, a));
    for (NumericCells merged : new NumericCells[] {fineFirst, coarseFirst}) {
      assertThat(merged.maxCells()).isEqualTo(16);
      assertThat(merged.level()).isEqualTo(whole.level());
      assertThat(merged.cellKeys()).isEqualTo(whole.cellKeys());
      assertThat(merged.cellCounts(merged.cellKeys())).isEqualTo(whole.cellCounts(whole.cellKeys()));
    }
  }

  @Test
  void aWideGroupsStatesShareTheCellBudgetDownToTheFloor() {
    assertThat(NumericCells.boundFor(25)).isEqualTo(NumericCells.MAX_CELLS_DEFAULT);
    assertThat(NumericCells.boundFor(256)).isEqualTo(8192);
    assertThat(NumericCells.boundFor(1500)).isEqualTo(2_097_152 / 1500);
    assertThat(NumericCells.boundFor(10_000)).isEqualTo(NumericCells.MIN_CELLS);
  }

  private static NumericCells filled(int maxCells, double[] values) {
    NumericCells cells = new NumericCells(maxCells);
    for (double v : values) {
      cells.add(v);
    }
    return cells;
  }
}
