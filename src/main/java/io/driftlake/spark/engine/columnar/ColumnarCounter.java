package io.driftlake.spark.engine.columnar;

import io.driftlake.spark.batch.BatchColumns;
import io.driftlake.spark.common.Features;
import io.driftlake.spark.engine.PackedLayout;

import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.CoMoments;
import io.driftlake.core.histogram.PackedHistograms;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The {@code columnar} engine's loop: counts one partition's column batches into {@link PackedHistograms}
 * of the {@link PackedLayout} layout, one state per group (window start, slice key, slice
 * value), with the same arithmetic per value as the {@code udaf} engine's {@code reduce}: a numeric value
 * becomes the double {@link Features#numericValue} gives (null and NaN are missing), its bin is
 * {@link BinEdges#binOf}, its finite values update Welford moments in row order; a categorical value is
 * looked up by its UTF-8 bytes among the frozen categories (Spark's binary string equality), else
 * "other", null is missing. Each batch is read column by column: a column's values are decoded once into
 * a {@code double[]} (or category slots into an {@code int[]}), then counted in a tight loop.
 *
 * <p>Only the types whose value this loop computes exactly as Spark's cast does are accepted
 * ({@link BatchColumns#numberType}, {@link BatchColumns#categoryType}); the planner falls back to the {@code udaf} engine for
 * any other.
 */
public final class ColumnarCounter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A categorical feature (or the label): the batch column, how to read it, its frozen categories in bin order. */
  public record CategoryColumn(int ordinal, BatchColumns.CategoryType type, List<String> categories) implements Serializable {}

  /** A slice key over a plain column: the batch column, its type, the kept values (null: all) and whether null is kept. */
  public record SliceColumn(String key, int ordinal, BatchColumns.CategoryType type, List<String> kept, boolean keepNull)
      implements Serializable {}

  /** A window: the batch column (a date or timestamp) and the granularity. */
  public record WindowColumn(int ordinal, boolean date, Granularity granularity) implements Serializable {}

  private final PackedLayout layout;
  private final BatchColumns.NumberColumn[] numbers;
  private final CategoryColumn[] categories;
  private final CategoryColumn label;
  private final WindowColumn window;
  private final SliceColumn[] slices;

  public ColumnarCounter(PackedLayout layout, List<BatchColumns.NumberColumn> numbers, List<CategoryColumn> categories,
      CategoryColumn label, WindowColumn window, List<SliceColumn> slices) {
    this.layout = layout;
    this.numbers = numbers.toArray(BatchColumns.NumberColumn[]::new);
    this.categories = categories.toArray(CategoryColumn[]::new);
    this.label = label;
    this.window = window;
    this.slices = slices.toArray(SliceColumn[]::new);
  }

  /** The groups one partition counted, each with its row count and state (groups without rows are left out). */
  public Iterator<PartitionHistograms> count(Iterator<ColumnarBatch> batches) {
    Partition partition = new Partition();
    while (batches.hasNext()) {
      partition.add(batches.next());
    }
    return partition.results().iterator();
  }

  /** A slot in the group table: window start (null: none), slice key index (-1: none), slice value. */
  private record Slot(Long window, int slice, String value) {}

  /** One group's running state. */
  private static final class Group {
    final Slot slot;
    final int index;
    final PackedHistograms histograms;
    long rows;

    public Group(Slot slot, int index, PackedHistograms histograms) {
      this.slot = slot;
      this.index = index;
      this.histograms = histograms;
    }
  }

  /** The running states of one partition and the per-batch buffers. */
  private final class Partition {
    private final BinEdges[] edges = layout.edges();
    private final int[] offsets = layout.offsets();
    private final int[] jointOffsets = layout.jointOffsets();
    private final int labelBins = layout.labelBins();
    private final int[] jointAt = layout.jointAt();
    private final int[] identity;
    private final Map<UTF8String, Integer>[] categoryLookup;
    private final Map<UTF8String, Integer> labelLookup;
    private final DictionaryCache[] dictionaries;
    private final DictionaryCache labelDictionary = new DictionaryCache();
    private final Set<UTF8String>[] keptLookup;
    private final Map<Slot, Group> groups = new LinkedHashMap<>();
    private final List<Group> groupList = new ArrayList<>();
    private final Group single;
    private double[][] values = new double[0][];
    private int[][] slots = new int[0][];
    private int[] labelBin = new int[0];
    private int[][] memberships = new int[0][];
    private final double[] jointRow;
    private double[][] jointColumns = new double[0][];
    private int[] jointRows = new int[0];
    private double[][] jointScratch = new double[0][];

    @SuppressWarnings("unchecked")
    public Partition() {
      categoryLookup = new Map[categories.length];
      for (int c = 0; c < categories.length; c++) {
        categoryLookup[c] = lookup(categories[c].categories());
      }
      labelLookup = label == null ? null : lookup(label.categories());
      dictionaries = new DictionaryCache[categories.length];
      for (int c = 0; c < categories.length; c++) {
        dictionaries[c] = new DictionaryCache();
      }
      keptLookup = keptLookups(slices);
      identity = new int[jointAt.length];
      for (int k = 0; k < identity.length; k++) {
        identity[k] = k;
      }
      jointRow = new double[jointAt.length];
      single = window == null && slices.length == 0 ? group(new Slot(null, -1, null)) : null;
    }

    private Map<UTF8String, Integer> lookup(List<String> frozen) {
      Map<UTF8String, Integer> map = new HashMap<>();
      for (int i = 0; i < frozen.size(); i++) {
        map.put(UTF8String.fromString(frozen.get(i)), i);
      }
      return map;
    }

    private Group group(Slot slot) {
      Group group = groups.get(slot);
      if (group == null) {
        group = new Group(slot, groupList.size(), layout.zero());
        groups.put(slot, group);
        groupList.add(group);
      }
      return group;
    }

    public List<PartitionHistograms> results() {
      List<PartitionHistograms> out = new ArrayList<>();
      for (Group group : groupList) {
        if (group.rows > 0) {
          String key = group.slot.slice() < 0 ? null : slices[group.slot.slice()].key();
          out.add(new PartitionHistograms(group.slot.window(), key, group.slot.value(), group.rows, group.histograms));
        }
      }
      return out;
    }

    public void add(ColumnarBatch batch) {
      int n = batch.numRows();
      if (n == 0) {
        return;
      }
      ensureCapacity(n);
      for (int f = 0; f < numbers.length; f++) {
        BatchColumns.decodeNumbers(batch.column(numbers[f].ordinal()), numbers[f], n, values[f]);
      }
      for (int c = 0; c < categories.length; c++) {
        int missing = categories[c].categories().size() + 1;
        decodeSlots(batch.column(categories[c].ordinal()), categories[c].type(), categoryLookup[c], missing, n, slots[c],
            dictionaries[c]);
      }
      if (label != null) {
        // a present label value counts with its bin (a frozen category or "other"); missing: no joint count
        decodeSlots(batch.column(label.ordinal()), label.type(), labelLookup, -1, n, labelBin, labelDictionary);
      }
      if (single != null) {
        single.rows += n;
        countInto(single, null, n);
        return;
      }
      assignGroups(batch, n);
      for (int m = 0; m < Math.max(1, slices.length); m++) {
        countInto(null, memberships[m], n);
      }
    }

    private void ensureCapacity(int n) {
      if (labelBin.length < n) {
        values = new double[numbers.length][n];
        jointColumns = new double[jointAt.length][];
        for (int k = 0; k < jointAt.length; k++) {
          jointColumns[k] = values[jointAt[k]];
        }
        jointRows = new int[n];
        jointScratch = new double[jointAt.length][n];
        slots = new int[categories.length][n];
        labelBin = new int[n];
        memberships = new int[Math.max(1, slices.length)][n];
      }
    }

    /**
     * Fills {@link #memberships}: per slice key (or once without slices), each row's group index; counts
     * each group's rows. A row is in one group per slice key, as the other engines' explode puts it.
     */
    private void assignGroups(ColumnarBatch batch, int n) {
      long[] windowStarts = null;
      boolean[] windowNull = null;
      if (window != null) {
        windowStarts = new long[n];
        windowNull = new boolean[n];
        ColumnVector v = batch.column(window.ordinal());
        long cachedFrom = Long.MAX_VALUE;
        long cachedTo = Long.MIN_VALUE;
        long cachedStart = 0;
        for (int r = 0; r < n; r++) {
          if (v.isNullAt(r)) {
            windowNull[r] = true;
            continue;
          }
          long micros = window.date() ? v.getInt(r) * Granularity.MICROS_PER_DAY : v.getLong(r);
          if (micros < cachedFrom || micros >= cachedTo) {
            cachedStart = window.granularity().windowStart(micros);
            cachedFrom = cachedStart;
            cachedTo = window.granularity().windowEnd(cachedStart);
          }
          windowStarts[r] = cachedStart;
        }
      }
      int keys = Math.max(1, slices.length);
      for (int m = 0; m < keys; m++) {
        SliceColumn slice = slices.length == 0 ? null : slices[m];
        ColumnVector v = slice == null ? null : batch.column(slice.ordinal());
        int[] member = memberships[m];
        for (int r = 0; r < n; r++) {
          Long start = windowStarts == null || windowNull[r] ? null : windowStarts[r];
          String value = slice == null ? null : sliceValue(v, r, slice, m);
          Group g = group(new Slot(start, slice == null ? -1 : m, value));
          g.rows++;
          member[r] = g.index;
        }
      }
    }

    /** The slice value of row {@code r}: its string, or (frozen slices) {@code __other__} when not kept. */
    private String sliceValue(ColumnVector v, int r, SliceColumn slice, int m) {
      return ColumnarCounter.sliceValue(v, r, slice, keptLookup[m]);
    }

    /** Counts rows {@code 0..n} of the decoded buffers into {@code one}, or row r into group {@code member[r]}. */
    private void countInto(Group one, int[] member, int n) {
      for (int f = 0; f < numbers.length; f++) {
        double[] x = values[f];
        BinEdges e = edges[f];
        int off = offsets[f];
        int missing = offsets[f + 1] - 1;
        int jointOff = jointOffsets[f];
        if (one != null) {
          PackedHistograms h = one.histograms;
          long[] counts = h.getCounts();
          long[] joint = h.getJointCounts();
          long[] finiteCounts = h.getFiniteCounts();
          double[] means = h.getMeans();
          double[] squares = h.getSquaredDeviations();
          long count = finiteCounts[f];
          double mean = means[f];
          double m2 = squares[f];
          for (int r = 0; r < n; r++) {
            double v = x[r];
            if (v != v) {
              counts[missing]++;
              continue;
            }
            int bin = e.binOf(v);
            counts[off + bin]++;
            if (labelBins > 0 && labelBin[r] >= 0) {
              joint[jointOff + bin * labelBins + labelBin[r]]++;
            }
            if (v - v == 0) {
              // Welford, exactly as PackedHistograms.addFinite
              count++;
              double delta = v - mean;
              mean += delta / count;
              m2 += delta * (v - mean);
            }
          }
          finiteCounts[f] = count;
          means[f] = mean;
          squares[f] = m2;
        } else {
          for (int r = 0; r < n; r++) {
            PackedHistograms h = groupList.get(member[r]).histograms;
            double v = x[r];
            if (v != v) {
              h.getCounts()[missing]++;
              continue;
            }
            int bin = e.binOf(v);
            h.getCounts()[off + bin]++;
            if (labelBins > 0 && labelBin[r] >= 0) {
              h.getJointCounts()[jointOff + bin * labelBins + labelBin[r]]++;
            }
            if (v - v == 0) {
              h.addFinite(f, v);
            }
          }
        }
      }
      if (jointAt.length > 0 && one != null) {
        // the rows where every joint value is finite, added as one block
        int m = 0;
        for (int r = 0; r < n; r++) {
          boolean finite = true;
          for (int k = 0; k < jointAt.length && finite; k++) {
            double v = values[jointAt[k]][r];
            finite = v - v == 0;
          }
          if (finite) {
            jointRows[m++] = r;
          }
        }
        PackedHistograms h = one.histograms;
        CoMoments.addBlock(h.getCoMomentCount(), h.getCoMomentMeans(), h.getCoMoments(), jointColumns, jointRows, m,
            jointScratch);
        h.setCoMomentCount(h.getCoMomentCount() + m);
      } else if (jointAt.length > 0) {
        for (int r = 0; r < n; r++) {
          for (int k = 0; k < jointAt.length; k++) {
            jointRow[k] = values[jointAt[k]][r];
          }
          (one != null ? one : groupList.get(member[r])).histograms.addJoint(jointRow, identity);
        }
      }
      int numeric = numbers.length;
      for (int c = 0; c < categories.length; c++) {
        int[] slot = slots[c];
        int feature = numeric + c;
        int off = offsets[feature];
        int binCount = categories[c].categories().size() + 1;
        int jointOff = jointOffsets[feature];
        for (int r = 0; r < n; r++) {
          PackedHistograms h = one != null ? one.histograms : groupList.get(member[r]).histograms;
          h.getCounts()[off + slot[r]]++;
          if (labelBins > 0 && labelBin[r] >= 0 && slot[r] < binCount) {
            h.getJointCounts()[jointOff + slot[r] * labelBins + labelBin[r]]++;
          }
        }
      }
    }
  }

  /**
   * Decodes rows {@code 0..n} of a categorical column into slots: a frozen category's index, "other"
   * ({@code lookup.size()}) for any other present value, {@code missing} for null. When the batch holds
   * a string column as Parquet dictionary ids (Spark's lazy dictionary decoding), each distinct id is
   * looked up once per batch: the same id is the same value within one batch.
   */
  private static void decodeSlots(ColumnVector v, BatchColumns.CategoryType type, Map<UTF8String, Integer> lookup, int missing,
      int n, int[] out, DictionaryCache cache) {
    int other = lookup.size();
    boolean nulls = v.hasNull();
    if (type == BatchColumns.CategoryType.STRING && v instanceof WritableColumnVector w && w.hasDictionary()) {
      WritableColumnVector ids = w.getDictionaryIds();
      cache.nextBatch();
      for (int r = 0; r < n; r++) {
        if (nulls && v.isNullAt(r)) {
          out[r] = missing;
          continue;
        }
        int id = ids.getInt(r);
        int slot = cache.get(id);
        if (slot < 0) {
          Integer found = lookup.get(v.getUTF8String(r));
          slot = found == null ? other : found;
          cache.put(id, slot);
        }
        out[r] = slot;
      }
      return;
    }
    for (int r = 0; r < n; r++) {
      if (nulls && v.isNullAt(r)) {
        out[r] = missing;
      } else {
        Integer slot = lookup.get(BatchColumns.categoryText(v, r, type));
        out[r] = slot == null ? other : slot;
      }
    }
  }

  /** Slots by dictionary id, valid for one batch (a generation stamp per entry, so a new batch costs nothing). */
  private static final class DictionaryCache {
    private int[] slots = new int[64];
    private int[] generations = new int[64];
    private int generation;

    public void nextBatch() {
      generation++;
    }

    public int get(int id) {
      return id < slots.length && generations[id] == generation ? slots[id] : -1;
    }

    public void put(int id, int slot) {
      if (id >= slots.length) {
        int size = Math.max(id + 1, slots.length * 2);
        slots = java.util.Arrays.copyOf(slots, size);
        generations = java.util.Arrays.copyOf(generations, size);
      }
      slots[id] = slot;
      generations[id] = generation;
    }
  }


  /** Per slice, its kept values as UTF-8 strings (null where the slice keeps every value). */
  @SuppressWarnings("unchecked")
  static Set<UTF8String>[] keptLookups(SliceColumn[] slices) {
    Set<UTF8String>[] lookups = new Set[slices.length];
    for (int s = 0; s < slices.length; s++) {
      if (slices[s].kept() != null) {
        lookups[s] = new HashSet<>();
        for (String value : slices[s].kept()) {
          lookups[s].add(UTF8String.fromString(value));
        }
      }
    }
    return lookups;
  }

  /** The slice value of row {@code r}: its string, or (frozen slices) {@code __other__} when not in {@code kept}. */
  static String sliceValue(ColumnVector v, int r, SliceColumn slice, Set<UTF8String> kept) {
    if (v.isNullAt(r)) {
      return slice.kept() == null || slice.keepNull() ? null : CategoryBins.OTHER_LABEL;
    }
    UTF8String text = BatchColumns.categoryText(v, r, slice.type());
    if (slice.kept() != null && !kept.contains(text)) {
      return CategoryBins.OTHER_LABEL;
    }
    return text.toString();
  }
}
