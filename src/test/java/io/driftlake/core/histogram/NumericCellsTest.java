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
    NumericCells fineFirst = addEach(64, a).merge(addEach(16, b));
    NumericCells coarseFirst = addEach(16, b).merge(addEach(64, a));
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

  // ---- addAll: bit-for-bit the state of add per value ----------------------------------------------

  /** Per-value add of {@code values}. */
  private static NumericCells addEach(int maxCells, double[] values) {
    NumericCells cells = new NumericCells(maxCells);
    for (double v : values) {
      cells.add(v);
    }
    return cells;
  }

  /** addAll of {@code values} in chunks of 0 to {@code maxChunk} values, at an offset in a larger array. */
  private static NumericCells addInChunks(int maxCells, double[] values, Random random, int maxChunk) {
    int offset = 1 + random.nextInt(50);
    double[] padded = new double[offset + values.length + 37];
    java.util.Arrays.fill(padded, 7.25e300); // outside from..to: must not be counted
    System.arraycopy(values, 0, padded, offset, values.length);
    NumericCells cells = new NumericCells(maxCells);
    for (int i = 0; i < values.length; ) {
      int length = Math.min(values.length - i, random.nextInt(maxChunk + 1));
      assertThat(cells.addAll(padded, offset + i, offset + i + length)).isSameAs(cells);
      i += length;
    }
    return cells;
  }

  /** Every part of the state equal; doubles by their bits. Folds the open moments block of both. */
  private static void assertBitIdentical(NumericCells actual, NumericCells expected) {
    assertThat(actual.level()).isEqualTo(expected.level());
    assertThat(actual.cellCount()).isEqualTo(expected.cellCount());
    long[] keys = expected.cellKeys();
    assertThat(actual.cellKeys()).containsExactly(keys);
    assertThat(actual.cellCounts(keys)).containsExactly(expected.cellCounts(keys));
    assertThat(actual.missingCount()).isEqualTo(expected.missingCount());
    assertThat(actual.nanCount()).isEqualTo(expected.nanCount());
    assertThat(actual.positiveInfinityCount()).isEqualTo(expected.positiveInfinityCount());
    assertThat(actual.negativeInfinityCount()).isEqualTo(expected.negativeInfinityCount());
    assertThat(actual.zeroCount()).isEqualTo(expected.zeroCount());
    assertThat(actual.finiteCount()).isEqualTo(expected.finiteCount());
    assertThat(actual.distinctExact()).isEqualTo(expected.distinctExact());
    assertThat(actual.distinctCount()).isEqualTo(expected.distinctCount());
    assertThat(Double.doubleToRawLongBits(actual.min())).isEqualTo(Double.doubleToRawLongBits(expected.min()));
    assertThat(Double.doubleToRawLongBits(actual.max())).isEqualTo(Double.doubleToRawLongBits(expected.max()));
    assertThat(Double.doubleToRawLongBits(actual.mean())).isEqualTo(Double.doubleToRawLongBits(expected.mean()));
    assertThat(Double.doubleToRawLongBits(actual.squaredDeviations()))
        .isEqualTo(Double.doubleToRawLongBits(expected.squaredDeviations()));
    assertThat(actual).isEqualTo(expected);
    // the bytes include the sketch's coupons in update order: the same keys in the same order
    assertThat(actual.toBytes()).isEqualTo(expected.toBytes());
  }

  @Test
  void directCountsGiveTheStateOfAddWhateverComesBetweenBatches() {
    // a bell at level <= 16: addAll counts into per-binade arrays; single adds, reads and copies come
    // between batches, and far values (new binades beyond the arrays', a sign change) end them
    Random random = new Random(47);
    double[] values = new double[400_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 10 + random.nextGaussian();
    }
    for (int i = 300_000; i < 300_040; i++) {
      values[i] = i % 2 == 0 ? 1e6 + i : -3.0 - i;
    }
    NumericCells expected = addEach(NumericCells.MAX_CELLS_DEFAULT, values);
    for (boolean reads : new boolean[] {false, true}) {
      NumericCells mixed = new NumericCells();
      boolean countedDirectly = false;
      for (int i = 0; i < values.length; ) {
        int length = Math.min(values.length - i, 1 + random.nextInt(5000));
        if (random.nextInt(4) == 0) {
          for (int r = i; r < i + length; r++) {
            mixed.add(values[r]);
          }
        } else {
          mixed.addAll(values, i, i + length);
        }
        countedDirectly |= mixed.countsDirectly();
        if (reads && random.nextInt(5) == 0) { // a read settles the direct counts; later batches start them again
          assertThat(mixed.copy().cellCount()).isEqualTo(mixed.cellCount());
          assertThat(mixed.countsDirectly()).isFalse();
        }
        i += length;
      }
      assertThat(countedDirectly).isTrue();
      if (reads) {
        // a read can fit earlier than adds alone would (within the slack), which starts the distinct
        // sketch from fewer keys: the same registers, its bytes in another order (see toBytes)
        assertThat(mixed).isEqualTo(expected);
        assertThat(Double.doubleToRawLongBits(mixed.mean())).isEqualTo(Double.doubleToRawLongBits(expected.mean()));
        assertThat(Double.doubleToRawLongBits(mixed.squaredDeviations()))
            .isEqualTo(Double.doubleToRawLongBits(expected.squaredDeviations()));
      } else {
        assertBitIdentical(mixed, expected);
      }
    }
    // a state with direct counts pending merges as a settled one
    NumericCells first = new NumericCells().addAll(values, 0, 200_000);
    NumericCells second = new NumericCells().addAll(values, 200_000, values.length);
    assertThat(first.countsDirectly()).isTrue();
    NumericCells merged = new NumericCells().merge(first).merge(second);
    assertThat(merged).isEqualTo(expected);
    assertThat(merged.momentsClose(expected, 1e-12)).isTrue();
  }

  private static void assertAddAllMatchesAdd(int maxCells, double[] values, long seed) {
    NumericCells expected = addEach(maxCells, values);
    Random random = new Random(seed);
    for (int maxChunk : new int[] {5, 100, 1500, 4096, values.length}) {
      assertBitIdentical(addInChunks(maxCells, values, random, maxChunk), expected);
    }
    NumericCells whole = new NumericCells(maxCells).addAll(values, 0, values.length);
    assertBitIdentical(whole, expected);
  }

  @Test
  void addAllOfGaussiansIsBitIdenticalToAddingEachValue() {
    Random random = new Random(41);
    double[] values = new double[60_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian() * 3 + 1;
    }
    assertAddAllMatchesAdd(NumericCells.MAX_CELLS_DEFAULT, values, 1);
  }

  @Test
  void addAllCountsNanInfinitiesAndSignedZerosAsAddDoes() {
    Random random = new Random(42);
    double[] values = new double[30_000];
    for (int i = 0; i < values.length; i++) {
      int kind = random.nextInt(40);
      values[i] = switch (kind) {
        case 0 -> Double.NaN;
        case 1 -> Double.POSITIVE_INFINITY;
        case 2 -> Double.NEGATIVE_INFINITY;
        case 3 -> -0.0;
        case 4 -> 0.0;
        default -> random.nextGaussian();
      };
    }
    // a first value of -0.0 is the first block's center; then a run with no finite value at all
    values[0] = -0.0;
    java.util.Arrays.fill(values, 5000, 7000, Double.NaN);
    NumericCells expected = addEach(NumericCells.MAX_CELLS_DEFAULT, values);
    assertThat(expected.nanCount()).isGreaterThan(2000);
    assertThat(expected.zeroCount()).isGreaterThan(1000);
    assertAddAllMatchesAdd(NumericCells.MAX_CELLS_DEFAULT, values, 2);
    // only -0.0: the minimum, maximum and the single cell are +0.0's
    double[] negativeZeros = new double[3000];
    java.util.Arrays.fill(negativeZeros, -0.0);
    assertAddAllMatchesAdd(NumericCells.MAX_CELLS_DEFAULT, negativeZeros, 3);
    assertThat(Double.doubleToRawLongBits(new NumericCells().addAll(negativeZeros, 0, 3000).min())).isZero();
  }

  @Test
  void addAllOfSevenIntegersIsBitIdenticalToAddingEachValue() {
    Random random = new Random(43);
    double[] values = new double[50_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(7);
    }
    assertAddAllMatchesAdd(NumericCells.MAX_CELLS_DEFAULT, values, 4);
    assertThat(addEach(NumericCells.MAX_CELLS_DEFAULT, values).level()).isEqualTo(NumericCells.EXACT_LEVEL);
  }

  @Test
  void addAllCoarsensSeveralTimesInsideOneCallAsAddDoes() {
    Random random = new Random(44);
    double[] values = new double[200_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.exp(random.nextGaussian() * 10) * (random.nextInt(10) == 0 ? -1 : 1);
    }
    NumericCells one = new NumericCells().addAll(values, 0, values.length);
    // one call left the exact level (the sketch starts there, from the cells) and went down many levels
    assertThat(one.level()).isLessThan(NumericCells.EXACT_LEVEL - 40);
    assertThat(one.distinctExact()).isFalse();
    assertAddAllMatchesAdd(NumericCells.MAX_CELLS_DEFAULT, values, 5);
  }

  @Test
  void addAllWithFewCellsCoarsensMidBatchAsAddDoes() {
    Random random = new Random(45);
    double[] values = new double[40_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 997 == 0 ? Double.NaN : 1e6 + random.nextGaussian() * (1 + i / 100);
    }
    NumericCells expected = addEach(16, values);
    assertThat(expected.level()).isLessThan(20);
    assertAddAllMatchesAdd(16, values, 6);
    for (long seed = 10; seed < 30; seed++) { // many different chunkings of the first values
      double[] head = java.util.Arrays.copyOf(values, 3000 + (int) seed * 97);
      assertBitIdentical(addInChunks(16, head, new Random(seed), 300), addEach(16, head));
    }
  }

  @Test
  void addAllAfterAddContinuesTheOpenBlockAndTheSketch() {
    // values past the exact level in a mix of add and addAll: the open block and the sketch carry over
    Random random = new Random(46);
    double[] values = new double[120_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1.7e9 + random.nextInt(30 * 86_400);
    }
    NumericCells expected = addEach(NumericCells.MAX_CELLS_DEFAULT, values);
    NumericCells mixed = new NumericCells();
    for (int i = 0; i < values.length; ) {
      int length = Math.min(values.length - i, 1 + random.nextInt(3000));
      if (random.nextBoolean()) {
        mixed.addAll(values, i, i + length);
      } else {
        for (int r = i; r < i + length; r++) {
          mixed.add(values[r]);
        }
      }
      i += length;
    }
    assertBitIdentical(mixed, expected);
    assertThat(expected.level()).isEqualTo(21);
    // in time order: runs of equal cells, and the level falls as the range grows
    double[] inOrder = values.clone();
    java.util.Arrays.sort(inOrder);
    assertAddAllMatchesAdd(NumericCells.MAX_CELLS_DEFAULT, inOrder, 7);
  }

  @Test
  void addAllChecksItsRange() {
    NumericCells cells = new NumericCells();
    assertThatThrownBy(() -> cells.addAll(new double[4], 2, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> cells.addAll(new double[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(cells.addAll(new double[4], 2, 2).finiteCount()).isZero();
  }
}
