package io.driftlake.core.histogram;

import io.driftlake.core.config.Binning;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the bins phase needs from the reference, gathered in one pass and mergeable:
 *
 * <ul>
 *   <li>per numeric column: the exact finite count and the finite minimum and maximum (the row count is
 *       shared by all columns);
 *   <li>a uniform random <b>row</b> sample of at most {@code sampleSize} rows for the quantile cuts, by
 *       bottom-k sampling: every row gets a priority in {@code [0, 1)} (one per row, shared by all
 *       numeric columns, see {@link #priority}) and the sketch keeps the rows of the {@code sampleSize}
 *       smallest priorities. Any subset of rows selected by i.i.d. uniform priorities is a uniform sample
 *       without replacement, no prior row count is needed, and a merge keeps the smallest of both sides,
 *       so {@code merge(a, b)} holds the same rows as one sketch fed {@code a ∪ b} (ties in priority,
 *       probability ~2⁻⁵³ per pair, are the only order dependence). A sampled row stores each column's
 *       value, NaN where the value is null, NaN or infinite;
 *   <li>per categorical column (categorical features, then slice keys, in the caller's order): the exact
 *       count of every value, null counted as a value where the column {@code countsNull} (slice keys) and
 *       skipped otherwise. At most {@link #MAX_DISTINCT} distinct values are counted per column; past that
 *       the column is {@linkplain #overflowed overflowed}, its counts are dropped and must not be used:
 *       the caller recounts that column with Spark's grouped count (which spills) instead.
 * </ul>
 *
 * <p>Finishing reproduces what the three-scan {@code ReferenceBinner} gives: {@link #quantiles} follows
 * Spark's {@code percentile_approx} on exact data (see there), {@link #topValues} ranks like its
 * {@code row_number() over (order by count desc, value asc nulls first)}.
 *
 * <p>Not thread-safe; one sketch per task, merged afterwards.
 */
public final class ReferenceSketch implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Distinct values counted per categorical column before it overflows. 100 000 strings of ~20 chars
   * with their counters take roughly 10 MB per column; a column with more distinct values than this is
   * an id, not a category, and its top-K is recounted by Spark's spilling aggregation.
   */
  public static final int MAX_DISTINCT = 100_000;

  /**
   * Spark's {@code percentile_approx} default accuracy (10 000), the one {@code ReferenceBinner} passes:
   * probabilities within {@code 1/accuracy} of 0 or 1 return the minimum or maximum.
   */
  public static final int QUANTILE_ACCURACY = 10_000;

  private final int numericColumns;
  private final boolean[] countsNull;
  private final int sampleSize;
  private final int maxDistinct;

  private long rows;
  private final long[] finiteCount;
  private final double[] min;
  private final double[] max;

  // The sample: slot s holds one row, priorityArray[s] and valueArrays[column][s]; heapArray[0..size) is
  // a max-heap of slots by priority, so the largest kept priority (the one a smaller priority evicts) is
  // at heapArray[0]. The arrays grow by doubling up to sampleSize: a small reference needs no 100 000 rows.
  private int size;
  private int capacity;
  private double[] priorityArray = new double[0];
  private int[] heapArray = new int[0];
  private double[][] valueArrays;

  private final List<HashMap<String, long[]>> counts;
  private final boolean[] overflowed;

  /**
   * @param numericColumns number of numeric columns
   * @param countsNull one entry per categorical column: whether null is counted as a value (slice keys)
   *     or skipped (categorical features)
   * @param sampleSize the most rows kept for the quantiles (at least 1)
   */
  public ReferenceSketch(int numericColumns, boolean[] countsNull, int sampleSize) {
    this(numericColumns, countsNull, sampleSize, MAX_DISTINCT);
  }

  /** As {@link #ReferenceSketch(int, boolean[], int)} with another cap on distinct values (tests). */
  public ReferenceSketch(int numericColumns, boolean[] countsNull, int sampleSize, int maxDistinct) {
    if (numericColumns < 0 || sampleSize < 1 || maxDistinct < 0) {
      throw new IllegalArgumentException("need numericColumns >= 0, sampleSize >= 1 and maxDistinct >= 0");
    }
    this.maxDistinct = maxDistinct;
    this.numericColumns = numericColumns;
    this.countsNull = countsNull.clone();
    this.sampleSize = sampleSize;
    this.finiteCount = new long[numericColumns];
    this.min = new double[numericColumns];
    this.max = new double[numericColumns];
    Arrays.fill(min, Double.NaN);
    Arrays.fill(max, Double.NaN);
    this.valueArrays = new double[numericColumns][0];
    this.counts = new ArrayList<>();
    for (int i = 0; i < countsNull.length; i++) {
      counts.add(new HashMap<>());
    }
    this.overflowed = new boolean[countsNull.length];
    grow(Math.min(sampleSize, 1024));
  }

  private void grow(int newCapacity) {
    newCapacity = Math.min(sampleSize, Math.max(newCapacity, 1));
    if (newCapacity <= capacity) {
      return;
    }
    priorityArray = Arrays.copyOf(priorityArray, newCapacity);
    heapArray = Arrays.copyOf(heapArray, newCapacity);
    for (int c = 0; c < numericColumns; c++) {
      valueArrays[c] = Arrays.copyOf(valueArrays[c], newCapacity);
    }
    capacity = newCapacity;
  }

  /**
   * A row's sampling priority in {@code [0, 1)}: a SplitMix64 hash of the seed, the partition and the
   * row's position in it, so a rerun over the same partitions samples the same rows without keeping a
   * generator's state between batches. (The top 53 bits of the hash, scaled by 2⁻⁵³.)
   */
  public static double priority(long seed, int partition, long rowInPartition) {
    long z = seed + 0x9E3779B97F4A7C15L * (((long) partition << 40) + rowInPartition + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    z = z + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  public int numericColumns() {
    return numericColumns;
  }

  public int categoricalColumns() {
    return countsNull.length;
  }

  public int sampleSize() {
    return sampleSize;
  }

  /** Rows added (all rows, whatever their values). */
  public long rows() {
    return rows;
  }

  /** Rows in the sample: {@code min(rows, sampleSize)}. */
  public int sampled() {
    return size;
  }

  /** Finite values of a numeric column. */
  public long finiteCount(int column) {
    return finiteCount[column];
  }

  /** The smallest finite value of a numeric column, NaN when it has none. */
  public double min(int column) {
    return min[column];
  }

  /** The largest finite value of a numeric column, NaN when it has none. */
  public double max(int column) {
    return max[column];
  }

  /** Whether a categorical column had more than {@link #MAX_DISTINCT} (or the given cap) distinct values: counts dropped. */
  public boolean overflowed(int column) {
    return overflowed[column];
  }

  /**
   * Adds one row: {@code numeric[c]} is the value of numeric column {@code c} (NaN for null),
   * {@code categorical[c]} that of categorical column {@code c} (null for null), {@code priority} the
   * row's sampling priority in {@code [0, 1)}.
   */
  public void add(double[] numeric, String[] categorical, double priority) {
    rows++;
    for (int c = 0; c < numericColumns; c++) {
      addExtremes(c, numeric[c]);
    }
    for (int c = 0; c < countsNull.length; c++) {
      addCategory(c, categorical[c]);
    }
    int slot = offer(priority);
    if (slot >= 0) {
      for (int c = 0; c < numericColumns; c++) {
        valueArrays[c][slot] = numeric[c];
      }
    }
  }

  // Column-at-a-time API for a columnar scan: per batch call addRows(n), addExtremes and addCategory per
  // value, and for each row offer(priority) then setSample(slot, column, value) when the slot is >= 0.

  /** Counts {@code n} more rows (the columnar form of {@link #add}'s row count). */
  public void addRows(long n) {
    rows += n;
  }

  /** Counts one value of a numeric column into its finite count, minimum and maximum. */
  public void addExtremes(int column, double value) {
    if (Double.isFinite(value)) {
      if (finiteCount[column]++ == 0) {
        min[column] = value;
        max[column] = value;
      } else if (value < min[column]) {
        min[column] = value;
      } else if (value > max[column]) {
        max[column] = value;
      }
    }
  }

  /** Counts one value of a categorical column (null skipped unless the column counts null). */
  public void addCategory(int column, String value) {
    addCategory(column, value, 1);
  }

  /** Counts {@code times} occurrences of one value of a categorical column (a batch's count of it). */
  public void addCategory(int column, String value, long times) {
    if (overflowed[column] || (value == null && !countsNull[column])) {
      return;
    }
    HashMap<String, long[]> map = counts.get(column);
    long[] counter = map.get(value);
    if (counter == null) {
      if (map.size() >= maxDistinct) {
        overflow(column);
        return;
      }
      counter = new long[1];
      map.put(value, counter);
    }
    counter[0] += times;
  }

  private void overflow(int column) {
    overflowed[column] = true;
    counts.set(column, new HashMap<>());
  }

  /**
   * Offers a row to the sample: the slot to write its values to with {@link #setSample}, or -1 when the
   * sample is full and {@code priority} is not below the largest kept one (the common case, one compare).
   * A slot returned may hold an evicted row's values: every numeric column must be written.
   */
  public int offer(double priority) {
    if (size < sampleSize) {
      if (size == capacity) {
        grow(capacity * 2);
      }
      int slot = size++;
      priorityArray[slot] = priority;
      heapArray[slot] = slot;
      siftUp(slot);
      return slot;
    }
    int top = heapArray[0];
    if (!(priority < priorityArray[top])) {
      return -1;
    }
    priorityArray[top] = priority;
    siftDown(0);
    return top;
  }

  /** Stores a sampled row's value of a numeric column (any double; non-finite ones are left out of quantiles). */
  public void setSample(int slot, int column, double value) {
    valueArrays[column][slot] = value;
  }

  private void siftUp(int i) {
    int slot = heapArray[i];
    double p = priorityArray[slot];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (priorityArray[heapArray[parent]] >= p) {
        break;
      }
      heapArray[i] = heapArray[parent];
      i = parent;
    }
    heapArray[i] = slot;
  }

  private void siftDown(int i) {
    int slot = heapArray[i];
    double p = priorityArray[slot];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && priorityArray[heapArray[child + 1]] > priorityArray[heapArray[child]]) {
        child++;
      }
      if (priorityArray[heapArray[child]] <= p) {
        break;
      }
      heapArray[i] = heapArray[child];
      i = child;
    }
    heapArray[i] = slot;
  }

  /**
   * Merges {@code other} into this sketch and returns this: rows and counts add, extremes combine, the
   * sample keeps the {@code sampleSize} smallest priorities of both, a categorical column is overflowed
   * when either side is or their union passes {@link #MAX_DISTINCT}. Both must have the same layout.
   */
  public ReferenceSketch merge(ReferenceSketch other) {
    if (other.numericColumns != numericColumns || !Arrays.equals(other.countsNull, countsNull)
        || other.sampleSize != sampleSize || other.maxDistinct != maxDistinct) {
      throw new IllegalArgumentException("sketches of different layouts cannot be merged");
    }
    rows += other.rows;
    for (int c = 0; c < numericColumns; c++) {
      if (other.finiteCount[c] > 0) {
        if (finiteCount[c] == 0 || other.min[c] < min[c]) {
          min[c] = other.min[c];
        }
        if (finiteCount[c] == 0 || other.max[c] > max[c]) {
          max[c] = other.max[c];
        }
        finiteCount[c] += other.finiteCount[c];
      }
    }
    for (int s = 0; s < other.size; s++) {
      int slot = offer(other.priorityArray[s]);
      if (slot >= 0) {
        for (int c = 0; c < numericColumns; c++) {
          valueArrays[c][slot] = other.valueArrays[c][s];
        }
      }
    }
    for (int c = 0; c < countsNull.length; c++) {
      if (overflowed[c]) {
        continue;
      }
      if (other.overflowed[c]) {
        overflow(c);
        continue;
      }
      HashMap<String, long[]> map = counts.get(c);
      for (Map.Entry<String, long[]> entry : other.counts.get(c).entrySet()) {
        long[] counter = map.get(entry.getKey());
        if (counter == null) {
          if (map.size() >= maxDistinct) {
            overflow(c);
            break;
          }
          map.put(entry.getKey(), new long[] {entry.getValue()[0]});
        } else {
          counter[0] += entry.getValue()[0];
        }
      }
    }
    return this;
  }

  /** The finite sampled values of a numeric column, sorted ({@link Double#compare} order). */
  public double[] sortedSample(int column) {
    double[] sample = new double[size];
    int n = 0;
    for (int s = 0; s < size; s++) {
      double v = valueArrays[column][s];
      if (Double.isFinite(v)) {
        sample[n++] = v;
      }
    }
    sample = Arrays.copyOf(sample, n);
    Arrays.sort(sample);
    return sample;
  }

  /**
   * The quantiles of a numeric column's finite sampled values at {@code probabilities}, as Spark's
   * {@code percentile_approx(x, p, accuracy)} returns them when its summary is exact (every value kept
   * with g = 1, delta = 0: see {@code QuantileSummaries.query} in Spark 4.0): for {@code n} sorted values
   * {@code x(1) ≤ … ≤ x(n)}, {@code p ≤ 1/accuracy} gives {@code x(1)}, {@code p ≥ 1 − 1/accuracy} gives
   * {@code x(n)}, and otherwise {@code x(⌈p·n⌉)} (the inverse of the empirical CDF, scipy's
   * {@code mquantiles} type 1 / Hyndman–Fan definition 1). Null (empty array) when the sample holds no
   * finite value, as {@code percentile_approx} returns null.
   */
  public double[] quantiles(int column, double[] probabilities, int accuracy) {
    double[] sorted = sortedSample(column);
    if (sorted.length == 0) {
      return null;
    }
    double relativeError = 1.0 / accuracy;
    double[] result = new double[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      if (p <= relativeError) {
        result[i] = sorted[0];
      } else if (p >= 1 - relativeError) {
        result[i] = sorted[sorted.length - 1];
      } else {
        long rank = (long) Math.ceil(p * sorted.length);
        result[i] = sorted[(int) Math.max(1, Math.min(sorted.length, rank)) - 1];
      }
    }
    return result;
  }

  /**
   * A numeric column's frozen bins, as {@code ReferenceBinner} freezes them: with quantile binning and
   * more than one bin, {@link NumericBinning#quantile} of the exact finite range and the sample's cuts
   * at {@link NumericBinning#quantileProbabilities}; otherwise {@link NumericBinning#equalWidth}.
   */
  public FeatureBins numericBins(int column, String name, Binning binning, int bins) {
    BinEdges edges;
    if (binning == Binning.QUANTILE && bins > 1) {
      double[] cuts = quantiles(column, NumericBinning.quantileProbabilities(bins), QUANTILE_ACCURACY);
      edges = NumericBinning.quantile(min[column], max[column], cuts == null ? new double[0] : cuts);
    } else {
      edges = NumericBinning.equalWidth(min[column], max[column], bins);
    }
    return FeatureBins.numeric(name, edges);
  }

  /** Exact counts of a categorical column's values (null key where the column counts null). */
  public Map<String, Long> counts(int column) {
    requireCounted(column);
    Map<String, Long> result = new HashMap<>();
    counts.get(column).forEach((value, counter) -> result.put(value, counter[0]));
    return result;
  }

  /**
   * A categorical column's {@code limit} most frequent values with their counts, most frequent first,
   * ties by value with null first: the order of {@code ReferenceBinner}'s Spark ranking, whose string
   * order is by UTF-8 bytes, i.e. by code point (not {@link String#compareTo}'s UTF-16 units).
   *
   * @throws IllegalStateException when the column {@linkplain #overflowed overflowed}
   */
  public Map<String, Long> topValues(int column, int limit) {
    requireCounted(column);
    List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.get(column).entrySet());
    Comparator<Map.Entry<String, long[]>> byCount = Comparator.comparingLong(e -> -e.getValue()[0]);
    entries.sort(byCount.thenComparing(Map.Entry::getKey, Comparator.nullsFirst(ReferenceSketch::compareCodePoints)));
    Map<String, Long> top = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(limit, entries.size()); i++) {
      top.put(entries.get(i).getKey(), entries.get(i).getValue()[0]);
    }
    return top;
  }

  /** A categorical feature's frozen bins: {@link CategoryBins#topK} of its {@link #topValues}. */
  public FeatureBins categoricalBins(int column, String name, int maxCategories) {
    return FeatureBins.categorical(name, CategoryBins.topK(topValues(column, maxCategories), maxCategories));
  }

  private void requireCounted(int column) {
    if (overflowed[column]) {
      throw new IllegalStateException("categorical column " + column + " has more than " + maxDistinct
          + " distinct values, so the sketch dropped its counts; recount it with a grouped count");
    }
  }

  /** Code point order, the order of UTF-8 bytes that Spark compares strings by. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
