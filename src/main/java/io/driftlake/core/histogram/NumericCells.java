package io.driftlake.core.histogram;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The universal state of one numeric feature: counts in log-linear <b>cells</b> that depend only on
 * the values, so any two states merge by adding and bins are chosen later, at comparison time
 * ({@link CellBinning}).
 *
 * <h2>Cells</h2>
 * A finite value {@code v} ({@code -0.0} counted as {@code 0.0}) has the order-preserving 64-bit image
 * {@code s = bits >= 0 ? bits ^ Long.MIN_VALUE : ~bits} of {@code bits = doubleToRawLongBits(v)}
 * (unsigned {@code s} order = numeric order). Its cell at <b>level</b> {@code m} is the key
 * {@code s >>> (52 - m)}: sign, 11 exponent bits and the top {@code m} mantissa bits. Levels nest:
 * one level coarser is {@code key >>> 1}. At level 52 every distinct double is its own cell (exact);
 * at level {@code m >= 0} a cell spans a relative width of at most {@code 2^-m} of its value;
 * levels go down to {@value #MIN_LEVEL} (sign only). Keys are compared unsigned.
 *
 * <h2>The level is a function of the data</h2>
 * A state holds at most {@code maxCells} non-empty cells (default {@value #MAX_CELLS_DEFAULT}); its
 * level is {@code L(S)}, the finest level at which the values {@code S} seen so far fill at most
 * {@code maxCells} cells. Because levels nest, the number of non-empty cells never grows as the level
 * drops, and for {@code A ⊆ B}, {@code L(A) >= L(B)}. An add starts at {@code L(S) >= L(S ∪ {v})} and
 * coarsens (in one step, to the finest level that fits) until the cells fit, so it stops at exactly
 * {@code L(S ∪ {v})}; a merge starts at {@code min(L(A), L(B)) >= L(A ∪ B)} and does the same. Hence
 * the same values in 1 or 8 partitions, merged in any order, give the same level and cells. Adds
 * keep up to {@code 2 * maxCells} cells before fitting (so a state whose values keep opening cells at
 * its bound is not refitted per new cell); every read, merge and copy settles them first, which gives
 * the same level and cells (see {@code fit}). Memory: at most {@code 4 * 2 * maxCells} table slots
 * of 16 bytes.
 * {@code maxCells} is part of the state; a merge of states with different bounds keeps the smaller
 * (still associative and commutative: {@code L} under the smaller bound of all). {@link #coarsenedTo} makes a state deliberately
 * coarser than {@code L(S)} (for comparing at a common level); merges then start from that level.
 *
 * <h2>Exact counters</h2>
 * Null ({@link #addMissing}), NaN, {@code +Infinity} and {@code -Infinity} are counted exactly and kept
 * <b>outside</b> the cells, which hold finite values only: {@link CellBinning#binCounts} puts
 * {@code -Infinity} in the first bin and {@code +Infinity} in the last, as {@link BinEdges#binOf}.
 * The finite minimum and maximum are exact. The finite values' count, mean and sum of squared
 * deviations are Welford-style: per value, shifted sums {@code Σ(v−c)}, {@code Σ(v−c)²} about the
 * running mean {@code c} over blocks of {@value #BLOCK} values (no division per value), each block
 * folded in with Chan's pairwise update ({@link Moments}); merge order changes the last bits, so
 * {@link #equals} leaves the moments out and {@link #momentsClose} compares them.
 *
 * <h2>Resolution</h2>
 * Driftlake feeds dates as days since 1970-01-01 and timestamps as <b>seconds</b> since the epoch
 * (microseconds / 10^6, so sub-second digits are fractions; {@code Features.numericValue}). A cell at
 * level {@code m >= 0} holding {@code v} in {@code [2^e, 2^(e+1))} is {@code 2^(e−m)} wide.
 * <ul>
 *   <li>Dates: present-day days (~20,000, {@code e = 14}) resolve one day from level 14; a decade of
 *       distinct days (3,653) stays exact (level 52), 30 years (10,958 days) fall to level 12 (4-day
 *       cells above 16,384 = 2014-11-09, 2-day cells below).
 *   <li>Timestamps: present-day seconds (~1.7e9, {@code e = 30}) resolve one second from level 30. A
 *       month of per-second values (2,592,000 distinct) fits the default 8,192 cells at level 21, cells
 *       of 2^9 = 512 s (8.5 minutes), 5,063 of them: one second over a month would need about 2.6M
 *       cells, so the default resolves 1/5,000 of a month's range. Epoch microseconds would give the
 *       same level (the level depends on the range relative to the cell width, not on the unit).
 * </ul>
 * [NumericCellsTest.aMonthOfSecondsFallsToLevel21With512SecondCells, datesResolveOneDay…]
 *
 * <p>Not thread-safe. The add path allocates nothing but a grown table (or, while direct counts are
 * kept, a binade's array): an open-addressing {@code long → long} table (key and count side by side, one
 * cache line a probe). {@link #addAll} counts a column batch to the
 * same state as add per value, several times faster: at a level of at most 16 whose occupied binades
 * (sign and exponent) fit {@code 4 * maxCells} cells, it counts into one array per binade (an index, no
 * probe: at most 256 KiB more at the default bound), added into the table at the next fit, read, merge
 * or copy.
 */
public final class NumericCells {
  /** The default bound on non-empty cells: about 2.5 significant digits for a bell-shaped feature. */
  public static final int MAX_CELLS_DEFAULT = 8192;
  /** The most non-empty cells the numeric states of one group (one window and slice of a dataset) keep together, by default. */
  public static final int CELLS_PER_GROUP = 1 << 21;
  /** The fewest cells {@link #boundFor} gives a state, however wide the table. */
  public static final int MIN_CELLS = 256;
  /** Each distinct double is its own cell. */
  public static final int EXACT_LEVEL = 52;
  /** The coarsest level: one cell for the negatives, one for zero and the positives. */
  public static final int MIN_LEVEL = -11;

  /** 3: the distinct sketch is sampled ({@link DistinctSketch#SAMPLE_SHIFT}); 2 (read too): it is not. */
  private static final byte FORMAT_VERSION = 3;
  private static final int BLOCK = 1024;
  private static final int LANES = 4;
  /** Direct counts (one array per binade) are kept only at levels up to this (65,536 cells a binade). */
  private static final int DIRECT_MAX_LEVEL = 16;
  private static final long EXPONENT = 0x7FF0000000000000L; // all set: NaN or ±Infinity
  private static final long EMPTY = -1L; // never a key: at level 52 it would be a NaN's image
  private static final int INITIAL_CAPACITY = 16;
  /** Tables of at most this capacity (32 KiB of slots) probe without a branch in {@link #addAll}. */
  private static final int SMALL_TABLE = 2048;

  private int maxCells;
  private int level = EXACT_LEVEL;
  private int shift; // 52 - level

  // open addressing, linear probing, load <= 1/2; slot i is slots[2i] (its key) and slots[2i + 1] (its
  // count), so a probe reads one cache line
  private long[] slots;
  private int size;
  private int mask; // 2 * capacity - 1: the next slot of p is (p + 2) & mask
  private int hashShift;

  // direct counts (addAll at a level of at most DIRECT_MAX_LEVEL): per binade (sign and exponent,
  // key >>> level, less directBase) the counts of its 2^level cells, added into the table at the next fit
  private long[][] direct; // null: counting in the table
  private int directBase;
  private int directCells; // cells allocated in direct
  private int tableSize; // keys in the table while counting directly (size is then the union's)
  private int directRefusedAt = Integer.MIN_VALUE; // the level at which direct counts did not fit
  private int openedLastSegment; // cells addAll's last segment opened (all of it when it coarsened)

  private long missing;
  private long nan;
  private long positiveInfinity;
  private long negativeInfinity;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private long zeros;
  /** Every distinct finite value seen, once the cells no longer hold them (level below 52); else null. */
  private DistinctSketch distinct;

  // folded moments
  private long foldedCount;
  private double mean;
  private double squaredDeviations;
  // the current block: sums of (v - center) and (v - center)^2
  private int blockCount;
  private double center;
  // in LANES lanes: the value that makes blockCount b goes to lane b % LANES (so the sums of a batch
  // run in LANES independent chains, and add and addAll still sum in the same order)
  private final double[] laneSums = new double[LANES];
  private final double[] laneSquares = new double[LANES];

  /** An empty state with at most {@value #MAX_CELLS_DEFAULT} cells. */
  public NumericCells() {
    this(MAX_CELLS_DEFAULT);
  }

  /** An empty state with at most {@code maxCells >= 2} non-empty cells (two always fit at level -11). */
  public NumericCells(int maxCells) {
    if (maxCells < 2) {
      throw new IllegalArgumentException("maxCells must be at least 2 (got " + maxCells + ")");
    }
    this.maxCells = maxCells;
    allocate(INITIAL_CAPACITY);
  }

  /**
   * The bound of each numeric state when a group has {@code numericFeatures} of them:
   * {@code min(MAX_CELLS_DEFAULT, max(MIN_CELLS, CELLS_PER_GROUP / numericFeatures))}, so a group's
   * states hold at most about {@value #CELLS_PER_GROUP} cells (8,192 each up to 256 features; 1,398 at
   * 1,500; 256 from 8,192 features on). A wide table gives up resolution per feature, not memory: a
   * state's tables take at most 128 bytes per cell of its bound (the slack of adds included), and
   * {@link #addAll}'s direct counts at most 32 more.
   */
  public static int boundFor(int numericFeatures) {
    return Math.min(MAX_CELLS_DEFAULT, Math.max(MIN_CELLS, CELLS_PER_GROUP / Math.max(1, numericFeatures)));
  }

  /** The key of a finite value's cell at {@code level} ({@link CellKeys#cellKey}). */
  public static long cellKey(double value, int level) {
    return CellKeys.cellKey(value, level);
  }

  /** The smallest finite value of cell {@code key} at {@code level} ({@link CellKeys#lowerBound}). */
  public static double lowerBound(long key, int level) {
    return CellKeys.lowerBound(key, level);
  }

  /** The exclusive upper edge of cell {@code key} at {@code level} ({@link CellKeys#upperBound}). */
  public static double upperBound(long key, int level) {
    return CellKeys.upperBound(key, level);
  }

  // ---- adding -----------------------------------------------------------------------------------

  /** Counts one value: NaN, ±Infinity to their counters; a finite value to its cell and the moments. */
  public NumericCells add(double value) {
    if (value != value) {
      nan++;
      return this;
    }
    if (value == Double.POSITIVE_INFINITY) {
      positiveInfinity++;
      return this;
    }
    if (value == Double.NEGATIVE_INFINITY) {
      negativeInfinity++;
      return this;
    }
    value += 0.0;
    if (value == 0.0) {
      zeros++;
    }
    if (value < min) {
      min = value;
    }
    if (value > max) {
      max = value;
    }
    if (blockCount == 0) {
      center = foldedCount == 0 ? value : mean;
    }
    double d = value - center;
    int lane = blockCount & (LANES - 1);
    laneSums[lane] += d;
    laneSquares[lane] += d * d;
    if (++blockCount == BLOCK) {
      foldBlock();
    }
    long bits = Double.doubleToRawLongBits(value);
    long exactKey = bits >= 0 ? bits ^ Long.MIN_VALUE : ~bits;
    if (distinct != null) {
      distinct.update(exactKey);
    }
    long key = exactKey >>> shift;
    if (direct != null) {
      countDirect(key);
    } else {
      countInTable(key);
    }
    return this;
  }

  /**
   * Counts {@code values[from..to)}: the state afterwards is bit-for-bit the state that {@link #add} of
   * each value in order gives (cells, level, counters, min and max, moments to the last bit, the same
   * keys into the distinct sketch in the same order). Values go in segments that end where a moments
   * block ends (and start at a lane boundary: a few go through {@link #add}), each in separate tight
   * loops: min/max/zeros/moments in {@value #LANES} lanes with each value's level-52 key (kept only when
   * the segment has no NaN or infinity; else those are counted, the finite values gathered and the loop
   * run on them), then the cells (table probes, or the direct counts), then the distinct sketch.
   * Allocates a scratch of at most {@value #BLOCK} keys per call, and the tables and direct counts as
   * they grow.
   */
  public NumericCells addAll(double[] values, int from, int to) {
    java.util.Objects.checkFromToIndex(from, to, values.length);
    if (to - from < 16) {
      for (int r = from; r < to; r++) {
        add(values[r]);
      }
      return this;
    }
    long[] exact = new long[Math.min(BLOCK, to - from)];
    double[] finite = null;
    int start = from;
    while (start < to) {
      if ((blockCount & (LANES - 1)) != 0 || to - start < LANES) {
        add(values[start++]); // to a lane boundary, and the last few
        continue;
      }
      int end = start + Math.min((to - start) & -LANES, BLOCK - blockCount);
      if (!addFinite(values, start, end, exact)) {
        if (finite == null) {
          finite = new double[exact.length];
        }
        int m = 0;
        for (int r = start; r < end; r++) {
          double v = values[r];
          if (v - v == 0) {
            finite[m++] = v;
          } else if (v != v) {
            nan++;
          } else if (v > 0) {
            positiveInfinity++;
          } else {
            negativeInfinity++;
          }
        }
        addAll(finite, 0, m); // finite values only: no further fallback
      }
      start = end;
    }
    return this;
  }

  /**
   * {@link #add} of {@code values[from..to)}, at most {@code BLOCK - blockCount} of them (the moments'
   * sums then run in add's order), when all are finite; else false and nothing changed. {@code exact}
   * (at least {@code to - from} long) is scratch.
   */
  private boolean addFinite(double[] values, int from, int to, long[] exact) {
    int n = to - from;
    if (n == 0) {
      return true;
    }
    double c = blockCount > 0 ? center : foldedCount == 0 ? values[from] + 0.0 : mean;
    double lo = min;
    double hi = max;
    double s0 = laneSums[0];
    double s1 = laneSums[1];
    double s2 = laneSums[2];
    double s3 = laneSums[3];
    double q0 = laneSquares[0];
    double q1 = laneSquares[1];
    double q2 = laneSquares[2];
    double q3 = laneSquares[3];
    long zero = 0;
    long nonFinite = 0;
    for (int j = 0; j < n; j += LANES) {
      int r = from + j;
      double v0 = values[r] + 0.0;
      double v1 = values[r + 1] + 0.0;
      double v2 = values[r + 2] + 0.0;
      double v3 = values[r + 3] + 0.0;
      lo = v0 < lo ? v0 : lo;
      hi = v0 > hi ? v0 : hi;
      lo = v1 < lo ? v1 : lo;
      hi = v1 > hi ? v1 : hi;
      lo = v2 < lo ? v2 : lo;
      hi = v2 > hi ? v2 : hi;
      lo = v3 < lo ? v3 : lo;
      hi = v3 > hi ? v3 : hi;
      double d0 = v0 - c;
      double d1 = v1 - c;
      double d2 = v2 - c;
      double d3 = v3 - c;
      s0 += d0;
      s1 += d1;
      s2 += d2;
      s3 += d3;
      q0 += d0 * d0;
      q1 += d1 * d1;
      q2 += d2 * d2;
      q3 += d3 * d3;
      long b0 = Double.doubleToRawLongBits(v0);
      long b1 = Double.doubleToRawLongBits(v1);
      long b2 = Double.doubleToRawLongBits(v2);
      long b3 = Double.doubleToRawLongBits(v3);
      zero += (((b0 | -b0) >>> 63) ^ 1) + (((b1 | -b1) >>> 63) ^ 1) + (((b2 | -b2) >>> 63) ^ 1)
          + (((b3 | -b3) >>> 63) ^ 1);
      // NaN, ±Infinity: all exponent bits set
      nonFinite += (((~b0 & EXPONENT) - 1) >>> 63) + (((~b1 & EXPONENT) - 1) >>> 63)
          + (((~b2 & EXPONENT) - 1) >>> 63) + (((~b3 & EXPONENT) - 1) >>> 63);
      exact[j] = b0 ^ ((b0 >> 63) | Long.MIN_VALUE);
      exact[j + 1] = b1 ^ ((b1 >> 63) | Long.MIN_VALUE);
      exact[j + 2] = b2 ^ ((b2 >> 63) | Long.MIN_VALUE);
      exact[j + 3] = b3 ^ ((b3 >> 63) | Long.MIN_VALUE);
    }
    if (nonFinite > 0) {
      return false;
    }
    center = c;
    zeros += zero;
    min = lo;
    max = hi;
    laneSums[0] = s0;
    laneSums[1] = s1;
    laneSums[2] = s2;
    laneSums[3] = s3;
    laneSquares[0] = q0;
    laneSquares[1] = q1;
    laneSquares[2] = q2;
    laneSquares[3] = q3;
    blockCount += n;
    if (blockCount == BLOCK) {
      foldBlock();
    }
    if (direct == null && capacity() > SMALL_TABLE && level >= 0 && level <= DIRECT_MAX_LEVEL && level != directRefusedAt) {
      startDirect();
    }
    if (direct == null && 4L * openedLastSegment >= n && size + n > capacity() >>> 1) {
      // the last segment opened a cell for a quarter of its values or more (a column of distinct
      // values): grow once for all of this one's, not several times
      int cells = Math.min(size + n, 2 * maxCells);
      if (Integer.highestOneBit(cells) * 4 > capacity()) {
        rehash(shift, cells);
      }
    }
    // the cells: a new cell may coarsen the table (and start the sketch), so each loop stops after one
    int sketchFrom = distinct != null ? 0 : -1;
    int sizeBefore = size;
    int levelBefore = level;
    for (int j = 0; j < n; ) {
      boolean sketched = distinct != null;
      j = direct != null ? countDirect(exact, j, n) : capacity() <= SMALL_TABLE ? countSmall(exact, j, n) : countLarge(exact, j, n);
      if (!sketched && distinct != null) {
        sketchFrom = j; // the sketch started from the cells, the value that coarsened them included
      }
    }
    openedLastSegment = level != levelBefore ? n : size - sizeBefore;
    if (sketchFrom >= 0) {
      distinct.updateAll(exact, sketchFrom, n);
    }
    return true;
  }

  /**
   * Counts the cells of {@code exact[from..to)} (level-52 keys) up to and including the first new cell;
   * returns the index after the last key counted. For a table that fits the L1 cache: a hit in the home
   * slot or the next one takes no branch.
   */
  private int countSmall(long[] exact, int from, int to) {
    long[] table = slots;
    int drop = shift;
    int hash = hashShift;
    int wrap = mask;
    for (int j = from; j < to; j++) {
      long key = exact[j] >>> drop;
      int i = slotOf(key, hash);
      long miss = table[i] ^ key;
      int second = (i + (int) (((miss | -miss) >>> 63) << 1)) & wrap;
      if (table[second] == key) {
        table[second + 1]++;
        continue;
      }
      long k;
      while ((k = table[i]) != key) {
        if (k == EMPTY) {
          insertNew(i, key, 1);
          return j + 1;
        }
        i = (i + 2) & wrap;
      }
      table[i + 1]++;
    }
    return to;
  }

  /** {@link #countSmall} for a larger table: a hit is a predicted branch, so cache misses overlap. */
  private int countLarge(long[] exact, int from, int to) {
    long[] table = slots;
    int drop = shift;
    int hash = hashShift;
    int wrap = mask;
    for (int j = from; j < to; j++) {
      long key = exact[j] >>> drop;
      int i = slotOf(key, hash);
      long k;
      while ((k = table[i]) != key) {
        if (k == EMPTY) {
          insertNew(i, key, 1);
          return j + 1;
        }
        i = (i + 2) & wrap;
      }
      table[i + 1]++;
    }
    return to;
  }

  /**
   * Counts the cells of {@code exact[from..to)} into the direct counts, up to and including the first
   * that leaves them (a fit, or a binade beyond their budget); returns the index after the last key counted.
   */
  private int countDirect(long[] exact, int from, int to) {
    long[][] binades = direct;
    int base = directBase;
    int drop = shift;
    int bits = level;
    long low = (1L << bits) - 1;
    for (int j = from; j < to; j++) {
      long key = exact[j] >>> drop;
      int binade = (int) (key >>> bits) - base;
      long[] cells = binade >= 0 && binade < binades.length ? binades[binade] : null;
      if (cells == null || cells[(int) (key & low)]++ == 0) {
        if (!newDirectCell(key, cells)) {
          return j + 1;
        }
      }
    }
    return to;
  }

  /** {@link #countDirect} of one key (level {@code level}). */
  private void countDirect(long key) {
    int binade = (int) (key >>> level) - directBase;
    long[] cells = binade >= 0 && binade < direct.length ? direct[binade] : null;
    if (cells == null || cells[(int) (key & ((1L << level) - 1))]++ == 0) {
      newDirectCell(key, cells);
    }
  }

  /**
   * A key whose direct count was 0 ({@code cells} its binade's counts, already incremented) or whose
   * binade has none yet ({@code cells == null}): opens the binade (or, past the budget, leaves direct
   * counting and counts the key in the table), and counts a cell new to the state. False when the
   * counting left direct counts or fitted (the caller picks its loop again).
   */
  private boolean newDirectCell(long key, long[] cells) {
    if (cells == null) {
      int binade = (int) (key >>> level) - directBase;
      if (binade < 0 || binade >= direct.length || directCells + (1 << level) > directBudget()) {
        flushDirect();
        directRefusedAt = level;
        countInTable(key);
        return false;
      }
      cells = new long[1 << level];
      direct[binade] = cells;
      directCells += cells.length;
      cells[(int) (key & ((1L << level) - 1))] = 1;
    }
    if (tableCount(key) == 0 && ++size > 2 * maxCells) {
      fit();
      return false;
    }
    return true;
  }

  /** Whether {@link #addAll}'s direct counts are being kept (for tests). */
  boolean countsDirectly() {
    return direct != null;
  }

  /** The most cells the direct counts may allocate: four times the bound (8 bytes each). */
  private int directBudget() {
    return 4 * maxCells;
  }

  /**
   * Starts counting directly when the binades the table's keys occupy, times {@code 2^level} cells
   * each, fit {@link #directBudget} (the binades from 4 below the lowest to 4 above the highest get a
   * slot each, an array only when a key comes); else remembers not to try again at this level.
   */
  private void startDirect() {
    int lowest = Integer.MAX_VALUE;
    int highest = Integer.MIN_VALUE;
    java.util.BitSet occupied = new java.util.BitSet(1 << 12);
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != EMPTY) {
        int binade = (int) (slots[i] >>> level);
        occupied.set(binade);
        lowest = Math.min(lowest, binade);
        highest = Math.max(highest, binade);
      }
    }
    int perBinade = 1 << level;
    if (lowest > highest || (long) occupied.cardinality() * perBinade > directBudget()) {
      directRefusedAt = level;
      return;
    }
    // room for binades a little beyond the ones seen: a bell's tails reach new exponents
    int from = Math.max(0, lowest - 4);
    int to = Math.min((1 << 12) - 1, highest + 4);
    direct = new long[to - from + 1][];
    directBase = from;
    directCells = 0;
    tableSize = size;
    for (int binade = occupied.nextSetBit(0); binade >= 0; binade = occupied.nextSetBit(binade + 1)) {
      direct[binade - from] = new long[perBinade];
      directCells += perBinade;
    }
  }

  /** Adds the direct counts into the table and counts in the table again (a no-op when not counting directly). */
  private void flushDirect() {
    if (direct == null) {
      return;
    }
    long[][] binades = direct;
    direct = null;
    directCells = 0;
    int union = size;
    size = tableSize;
    if (union > capacity() >>> 1) {
      rehash(shift, union);
    }
    for (int b = 0; b < binades.length; b++) {
      long[] cells = binades[b];
      if (cells == null) {
        continue;
      }
      long high = (long) (b + directBase) << level;
      for (int i = 0; i < cells.length; i++) {
        if (cells[i] != 0) {
          insertNoFit(high | i, cells[i]);
        }
      }
    }
    if (overHalfFull()) {
      rehash(shift);
    }
  }

  /**
   * Counts one key in the table: {@link #add}'s probe (small enough to inline: a hit is a probe and an
   * increment), with its grow and fit.
   */
  private void countInTable(long key) {
    long[] table = slots;
    int i = slotOf(key, hashShift);
    long k;
    while ((k = table[i]) != key) {
      if (k == EMPTY) {
        insertNew(i, key, 1);
        return;
      }
      i = (i + 2) & mask;
    }
    table[i + 1]++;
  }

  /** The table's count of {@code key} as it is (no fit, direct counts left out); 0 when it has none. */
  private long tableCount(long key) {
    int i = slotOf(key, hashShift);
    while (true) {
      long k = slots[i];
      if (k == key) {
        return slots[i + 1];
      }
      if (k == EMPTY) {
        return 0;
      }
      i = (i + 2) & mask;
    }
  }

  /** Slots in the table (each a key and a count). */
  private int capacity() {
    return (mask + 1) >>> 1;
  }

  /** Past the table's load of 1/2: time to grow. */
  private boolean overHalfFull() {
    return size > capacity() >>> 1;
  }

  /** The home slot of {@code key} (its index in {@code slots}) in a table of {@code 2^(64 - hashShift)} slots. */
  private static int slotOf(long key, int hashShift) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> hashShift) << 1;
  }

  /** Counts a null. */
  public NumericCells addMissing() {
    missing++;
    return this;
  }

  /** Same as {@link #addMissing}. */
  public NumericCells addNull() {
    return addMissing();
  }

  private void insertNew(int slot, long key, long count) {
    slots[slot] = key;
    slots[slot + 1] = count;
    if (++size > 2 * maxCells) {
      fit(); // the slack: an add fits only past twice the bound, so a state hovering at its bound is not refitted per new cell
    } else if (overHalfFull()) {
      rehash(shift);
    }
  }

  private void foldBlock() {
    if (blockCount == 0) {
      return;
    }
    foldMoments(blockCount, blockMean(), blockSquaredDeviations());
    blockCount = 0;
    Arrays.fill(laneSums, 0.0);
    Arrays.fill(laneSquares, 0.0);
  }

  /** The current block's mean: its lanes' sums of {@code v - center}, summed in a fixed order. */
  private double blockMean() {
    return center + blockSum() / blockCount;
  }

  private double blockSum() {
    return (laneSums[0] + laneSums[1]) + (laneSums[2] + laneSums[3]);
  }

  /** The current block's sum of squared deviations from its mean. */
  private double blockSquaredDeviations() {
    double sum = blockSum();
    double squares = (laneSquares[0] + laneSquares[1]) + (laneSquares[2] + laneSquares[3]);
    return Math.max(0.0, squares - sum * sum / blockCount);
  }

  private void foldMoments(long n, double otherMean, double otherM2) {
    if (n == 0) {
      return;
    }
    if (foldedCount == 0) {
      mean = otherMean;
      squaredDeviations = otherM2;
    } else {
      squaredDeviations = Moments.mergedSquaredDeviations(foldedCount, mean, squaredDeviations, n, otherMean, otherM2);
      mean = Moments.mergedMean(foldedCount, mean, n, otherMean);
    }
    foldedCount += n;
  }

  // ---- the table --------------------------------------------------------------------------------

  private void allocate(int capacity) {
    slots = new long[2 * capacity];
    for (int i = 0; i < slots.length; i += 2) {
      slots[i] = EMPTY;
    }
    mask = 2 * capacity - 1;
    hashShift = 64 - Integer.numberOfTrailingZeros(capacity);
    size = 0;
  }

  /** Rebuilds the table with every key shifted right by {@code newShift - shift} (0: a plain grow). */
  private void rehash(int newShift) {
    rehash(newShift, size);
  }

  /** {@link #rehash(int)} into a table sized for {@code cells} non-empty cells (load 1/4 to 1/2). */
  private void rehash(int newShift, int cells) {
    if (shift == 0 && newShift > 0 && distinct == null) {
      startSketch(sortedKeys());
    }
    long[] old = slots;
    int drop = newShift - shift;
    int capacity = Math.max(INITIAL_CAPACITY, Integer.highestOneBit(Math.max(1, cells)) * 4);
    allocate(capacity);
    shift = newShift;
    level = EXACT_LEVEL - newShift;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != EMPTY) {
        insertNoFit(old[i] >>> drop, old[i + 1]);
      }
    }
  }

  private void insertNoFit(long key, long count) {
    int i = slotOf(key, hashShift);
    while (true) {
      long k = slots[i];
      if (k == key) {
        slots[i + 1] += count;
        return;
      }
      if (k == EMPTY) {
        slots[i] = key;
        slots[i + 1] = count;
        size++;
        return;
      }
      i = (i + 2) & mask;
    }
  }

  /**
   * Coarsens to the finest level at which the non-empty cells fit {@code maxCells}, in one rehash (a
   * no-op when they fit): the same level and cells as coarsening one level at a time, found from the
   * sorted keys. Two adjacent keys {@code a < b} share a cell after dropping {@code d} more bits iff
   * {@code d >= 64 - numberOfLeadingZeros(a ^ b)}, so the cells left at drop {@code d} are 1 + the
   * adjacent pairs whose highest differing bit is above {@code d}.
   *
   * <p>Adds call it only past twice the bound (the slack); every read, merge and copy calls it first,
   * so what a state shows is always {@code L(S)} and its cells. The cells held meanwhile are exact at
   * a level at or above {@code L(S)}, so fitting them later gives the same level and cells as fitting
   * at every add would.
   */
  private void fit() {
    flushDirect();
    if (size <= maxCells) {
      return;
    }
    long[] sorted = sortedKeys();
    int n = sorted.length;
    int[] pairsSplitAt = new int[65]; // by the 1-based position of the pair's highest differing bit
    for (int i = 1; i < n; i++) {
      pairsSplitAt[64 - Long.numberOfLeadingZeros(sorted[i - 1] ^ sorted[i])]++;
    }
    int cells = n;
    int drop = 0;
    while (cells > maxCells) {
      drop++;
      cells -= pairsSplitAt[drop]; // pairs whose highest differing bit is dropped now share a cell
    }
    if (shift == 0 && drop > 0 && distinct == null) {
      startSketch(sorted);
    }
    rehash(shift + drop, cells);
  }

  /**
   * Leaving the exact level: the distinct values seen so far (the level-52 keys, in value order, so
   * the sketch's bytes do not depend on the table's layout) go into the sketch; later ones as they come.
   */
  private void startSketch(long[] exactKeysInOrder) {
    distinct = DistinctSketch.sampled();
    for (long key : exactKeysInOrder) {
      distinct.update(key);
    }
  }

  // ---- merge, copy, coarsen ---------------------------------------------------------------------

  /**
   * Adds {@code other} into this state: both at {@code min(level, other.level)}, then coarser until
   * the cells fit the smaller of the two bounds, which the result keeps. {@code other} is not changed.
   */
  public NumericCells merge(NumericCells other) {
    if (other == this) {
      return merge(copy());
    }
    fit();
    other.fit(); // its representation only: what it holds is unchanged
    maxCells = Math.min(maxCells, other.maxCells); // fit() below coarsens to the smaller bound
    foldBlock();
    int target = Math.min(level, other.level);
    if (target < level) {
      rehash(EXACT_LEVEL - target);
    }
    if (other.distinct != null) {
      distinct.merge(other.distinct); // this is coarse too now, so it has a sketch
    } else if (distinct != null) {
      for (long key : other.sortedKeys()) { // other is exact: its keys are its distinct values (in value order)
        distinct.update(key);
      }
    }
    int drop = shift - other.shift;
    for (int i = 0; i < other.slots.length; i += 2) {
      if (other.slots[i] != EMPTY) {
        insertNoFit(other.slots[i] >>> drop, other.slots[i + 1]);
        if (overHalfFull()) {
          rehash(shift);
        }
      }
    }
    fit();
    missing += other.missing;
    nan += other.nan;
    positiveInfinity += other.positiveInfinity;
    negativeInfinity += other.negativeInfinity;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    zeros += other.zeros;
    foldMoments(other.foldedCount, other.mean, other.squaredDeviations);
    if (other.blockCount > 0) {
      foldMoments(other.blockCount, other.blockMean(), other.blockSquaredDeviations());
    }
    return this;
  }

  /** An independent copy. */
  public NumericCells copy() {
    fit();
    NumericCells copy = new NumericCells(maxCells);
    copy.merge(this);
    if (copy.level != level) {
      copy.rehash(shift);
    }
    return copy;
  }

  /**
   * A copy at {@code level} (at most this state's level: cells cannot be split). The copy keeps that
   * level until a merge or add must coarsen it further.
   */
  public NumericCells coarsenedTo(int level) {
    fit();
    CellKeys.checkLevel(level);
    if (level > this.level) {
      throw new IllegalArgumentException("cannot refine numeric cells from level " + this.level + " to "
          + level + "; a state can only be coarsened");
    }
    NumericCells copy = copy();
    if (level < copy.level) {
      copy.rehash(EXACT_LEVEL - level);
    }
    return copy;
  }

  // ---- reading ----------------------------------------------------------------------------------

  public int level() {
    fit();
    return level;
  }

  public int maxCells() {
    return maxCells;
  }

  /** Non-empty cells. */
  public int cellCount() {
    fit();
    return size;
  }

  /** The non-empty cells' keys in value order (unsigned key order). */
  public long[] cellKeys() {
    fit();
    return sortedKeys();
  }

  /** The keys in the table, in value order (unsigned key order), as they are (no fit). */
  private long[] sortedKeys() {
    long[] sorted = new long[size];
    int j = 0;
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != EMPTY) {
        sorted[j++] = slots[i];
      }
    }
    UnsignedSort.sort(sorted);
    return sorted;
  }

  /** The count of each key of {@code cellKeys} (same order). */
  public long[] cellCounts(long[] cellKeys) {
    long[] result = new long[cellKeys.length];
    for (int i = 0; i < cellKeys.length; i++) {
      result[i] = count(cellKeys[i]);
    }
    return result;
  }

  /** The count of cell {@code key} at this state's level; 0 when empty. */
  public long count(long key) {
    fit();
    return tableCount(key);
  }

  /** {@link #lowerBound(long, int)} at this state's level. */
  public double lowerBound(long key) {
    fit();
    return lowerBound(key, level);
  }

  /** {@link #upperBound(long, int)} at this state's level. */
  public double upperBound(long key) {
    fit();
    return upperBound(key, level);
  }

  public long missingCount() {
    return missing;
  }

  public long nanCount() {
    return nan;
  }

  public long positiveInfinityCount() {
    return positiveInfinity;
  }

  public long negativeInfinityCount() {
    return negativeInfinity;
  }

  /** Values equal to 0 ({@code -0.0} included). */
  public long zeroCount() {
    return zeros;
  }

  /**
   * Distinct finite values: exact at level 52 (one cell per value); below it the
   * {@link DistinctSketch}'s estimate (relative standard error about 1.6%).
   */
  public long distinctCount() {
    fit();
    return distinct == null ? size : distinct.estimate();
  }

  /** Whether {@link #distinctCount} is exact. */
  public boolean distinctExact() {
    fit();
    return distinct == null;
  }

  /** Values in the cells (finite values). */
  public long finiteCount() {
    return foldedCount + blockCount;
  }

  /** Finite values plus both infinities: the values that have a bin. */
  public long valueCount() {
    return finiteCount() + positiveInfinity + negativeInfinity;
  }

  /** The smallest finite value; NaN when there is none. */
  public double min() {
    return finiteCount() == 0 ? Double.NaN : min;
  }

  /** The largest finite value; NaN when there is none. */
  public double max() {
    return finiteCount() == 0 ? Double.NaN : max;
  }

  /** The mean of the finite values; NaN when there is none. */
  public double mean() {
    foldBlock();
    return foldedCount == 0 ? Double.NaN : mean;
  }

  /** {@code Σ (v − mean)²} over the finite values (population variance = this / finiteCount). */
  public double squaredDeviations() {
    foldBlock();
    return squaredDeviations;
  }

  /** Moments equal to a relative tolerance (merge order changes the last bits of a floating-point sum). */
  public boolean momentsClose(NumericCells other, double relativeTolerance) {
    return finiteCount() == other.finiteCount()
        && (finiteCount() == 0 || close(mean(), other.mean(), relativeTolerance))
        && close(squaredDeviations(), other.squaredDeviations(), relativeTolerance);
  }

  private static boolean close(double a, double b, double tolerance) {
    return Math.abs(a - b) <= tolerance * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  // ---- bytes ------------------------------------------------------------------------------------

  /**
   * Version byte 2; varints: maxCells, level + 11, missing, NaN, +Inf, -Inf, finite count, zeros; the raw
   * bits of min, max, mean, squared deviations; the cell count, then the sorted keys as unsigned deltas
   * (the first from 0) and their counts; below level 52, the distinct sketch's length and bytes (which list
   * its coupons in an order that depends on its history: equal states may differ there).
   */
  public byte[] toBytes() {
    fit();
    foldBlock();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 4 * size);
    out.write(FORMAT_VERSION);
    Varints.writeVarLong(out, maxCells);
    Varints.writeVarLong(out, level - MIN_LEVEL);
    Varints.writeVarLong(out, missing);
    Varints.writeVarLong(out, nan);
    Varints.writeVarLong(out, positiveInfinity);
    Varints.writeVarLong(out, negativeInfinity);
    Varints.writeVarLong(out, foldedCount);
    Varints.writeVarLong(out, zeros);
    Varints.writeLong(out, Double.doubleToRawLongBits(min));
    Varints.writeLong(out, Double.doubleToRawLongBits(max));
    Varints.writeLong(out, Double.doubleToRawLongBits(mean));
    Varints.writeLong(out, Double.doubleToRawLongBits(squaredDeviations));
    long[] sorted = cellKeys();
    Varints.writeVarLong(out, sorted.length);
    long previous = 0;
    for (long key : sorted) {
      Varints.writeVarLong(out, key - previous);
      previous = key;
    }
    for (long key : sorted) {
      Varints.writeVarLong(out, count(key));
    }
    if (distinct != null) {
      byte[] sketch = distinct.toBytes();
      Varints.writeVarLong(out, sketch.length);
      out.write(sketch, 0, sketch.length);
    }
    return out.toByteArray();
  }

  /** The state {@link #toBytes} wrote. */
  public static NumericCells fromBytes(byte[] bytes) {
    if (bytes.length == 0 || (bytes[0] != FORMAT_VERSION && bytes[0] != 2)) {
      throw new IllegalArgumentException("unknown numeric cells format version "
          + (bytes.length == 0 ? "(empty)" : Byte.toString(bytes[0])) + "; expected " + FORMAT_VERSION
          + ": the state was written by another Driftlake version");
    }
    int[] at = {1};
    NumericCells state = new NumericCells((int) Varints.readVarLong(bytes, at));
    int level = (int) Varints.readVarLong(bytes, at) + MIN_LEVEL;
    state.shift = EXACT_LEVEL - CellKeys.checkLevel(level);
    state.level = level;
    state.missing = Varints.readVarLong(bytes, at);
    state.nan = Varints.readVarLong(bytes, at);
    state.positiveInfinity = Varints.readVarLong(bytes, at);
    state.negativeInfinity = Varints.readVarLong(bytes, at);
    state.foldedCount = Varints.readVarLong(bytes, at);
    state.zeros = Varints.readVarLong(bytes, at);
    state.min = Double.longBitsToDouble(Varints.readLong(bytes, at));
    state.max = Double.longBitsToDouble(Varints.readLong(bytes, at));
    state.mean = Double.longBitsToDouble(Varints.readLong(bytes, at));
    state.squaredDeviations = Double.longBitsToDouble(Varints.readLong(bytes, at));
    int cells = (int) Varints.readVarLong(bytes, at);
    long[] sorted = new long[cells];
    long previous = 0;
    for (int i = 0; i < cells; i++) {
      previous += Varints.readVarLong(bytes, at);
      sorted[i] = previous;
    }
    state.allocate(Math.max(INITIAL_CAPACITY, Integer.highestOneBit(Math.max(1, cells)) * 4));
    for (long key : sorted) {
      state.insertNoFit(key, Varints.readVarLong(bytes, at));
    }
    if (level < EXACT_LEVEL) {
      int length = (int) Varints.readVarLong(bytes, at);
      state.distinct = DistinctSketch.fromBytes(Arrays.copyOfRange(bytes, at[0], at[0] + length), bytes[0] == FORMAT_VERSION);
      at[0] += length;
    }
    if (at[0] != bytes.length) {
      throw new IllegalArgumentException("numeric cells bytes have " + (bytes.length - at[0]) + " trailing bytes");
    }
    return state;
  }

  // ---- identity ---------------------------------------------------------------------------------

  /** Level, bound, cells and exact counters equal (min and max too); moments: {@link #momentsClose}. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof NumericCells that)) {
      return false;
    }
    fit();
    that.fit();
    if (level != that.level || maxCells != that.maxCells || size != that.size || missing != that.missing
        || nan != that.nan || positiveInfinity != that.positiveInfinity
        || negativeInfinity != that.negativeInfinity || finiteCount() != that.finiteCount() || zeros != that.zeros
        || distinctCount() != that.distinctCount()
        || Double.compare(min(), that.min()) != 0 || Double.compare(max(), that.max()) != 0) {
      return false;
    }
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != EMPTY && that.count(slots[i]) != slots[i + 1]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    fit();
    int cells = 0;
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != EMPTY) {
        cells += Long.hashCode(slots[i] * 31 + slots[i + 1]); // order-free: tables differ in layout
      }
    }
    return 31 * (31 * (31 * level + maxCells) + cells) + Long.hashCode(finiteCount() + 7 * nan + 11 * missing);
  }

  @Override
  public String toString() {
    fit();
    return "NumericCells{level=" + level + ", cells=" + size + ", finite=" + finiteCount() + ", null=" + missing
        + ", NaN=" + nan + ", +Inf=" + positiveInfinity + ", -Inf=" + negativeInfinity + ", min=" + min()
        + ", max=" + max() + "}";
  }
}
