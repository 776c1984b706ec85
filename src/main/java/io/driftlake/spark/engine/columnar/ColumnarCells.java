package io.driftlake.spark.engine.columnar;

import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureCells;
import io.driftlake.core.histogram.NumericCells;
import io.driftlake.spark.batch.BatchColumns;
import io.driftlake.spark.engine.GroupCells;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The {@code columnar} engine's universal loop: counts one partition's column batches into
 * {@link GroupCells}, with the values of {@link ColumnarCounter} (the same doubles, the same strings as
 * Spark's cast). A batch is decoded column by column into a {@code double[]} or {@code String[]}; an
 * ungrouped, unlabelled numeric column is then added to its {@link NumericCells} at once
 * ({@link NumericCells#addAll}).
 */
public final class ColumnarCells implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> numericColumns;
  private final List<String> categoricalColumns;
  private final List<String> joint;
  private final int[] jointAt;
  private final BatchColumns.NumberColumn[] numbers;
  private final ColumnarCounter.CategoryColumn[] categories;
  private final ColumnarCounter.CategoryColumn label;
  private final ColumnarCounter.WindowColumn window;
  private final ColumnarCounter.SliceColumn[] slices;

  public ColumnarCells(List<String> numericColumns, List<String> categoricalColumns, List<String> joint, int[] jointAt,
      List<BatchColumns.NumberColumn> numbers, List<ColumnarCounter.CategoryColumn> categories,
      ColumnarCounter.CategoryColumn label, ColumnarCounter.WindowColumn window, List<ColumnarCounter.SliceColumn> slices) {
    this.numericColumns = List.copyOf(numericColumns);
    this.categoricalColumns = List.copyOf(categoricalColumns);
    this.joint = List.copyOf(joint);
    this.jointAt = jointAt.clone();
    this.numbers = numbers.toArray(BatchColumns.NumberColumn[]::new);
    this.categories = categories.toArray(ColumnarCounter.CategoryColumn[]::new);
    this.label = label;
    this.window = window;
    this.slices = slices.toArray(ColumnarCounter.SliceColumn[]::new);
  }

  /** The groups one partition counted, as (slot, bytes of the group's universal profile). */
  public Iterator<GroupCells.Counted> count(Iterator<ColumnarBatch> batches) {
    Partition partition = new Partition();
    while (batches.hasNext()) {
      partition.add(batches.next());
    }
    return partition.cells.results();
  }

  private final class Partition {
    final GroupCells cells = new GroupCells(numericColumns, categoricalColumns, label != null, joint);
    final Set<UTF8String>[] keptLookup;
    final GroupCells.Group single;
    double[][] values = new double[0][];
    String[][] texts = new String[0][];
    String[] labels = new String[0];
    GroupCells.Group[][] members = new GroupCells.Group[0][];
    final double[] jointRow;
    int[] jointRows = new int[0];
    double[][] jointScratch = new double[0][];

    @SuppressWarnings("unchecked")
    Partition() {
      keptLookup = ColumnarCounter.keptLookups(slices);
      single = window == null && slices.length == 0 ? cells.group(new GroupCells.Slot(null, null, null)) : null;
      jointRow = new double[numbers.length];
    }

    void add(ColumnarBatch batch) {
      int n = batch.numRows();
      if (n == 0) {
        return;
      }
      if (labels.length < n) {
        values = new double[numbers.length][n];
        texts = new String[categories.length][n];
        labels = new String[n];
        members = new GroupCells.Group[Math.max(1, slices.length)][n];
      }
      for (int f = 0; f < numbers.length; f++) {
        BatchColumns.decodeNumbers(batch.column(numbers[f].ordinal()), numbers[f], n, values[f]);
      }
      boolean[] counted = new boolean[categories.length];
      for (int c = 0; c < categories.length; c++) {
        ColumnVector v = batch.column(categories[c].ordinal());
        // ungrouped and unlabelled: a dictionary-encoded string column is counted per dictionary id
        counted[c] = single != null && label == null
            && countDictionary(v, categories[c].type(), n, single.categorical[c].categories());
        if (!counted[c]) {
          decodeTexts(v, categories[c].type(), n, texts[c]);
        }
      }
      if (label != null) {
        decodeTexts(batch.column(label.ordinal()), label.type(), n, labels);
      }
      if (single != null) {
        single.rows += n;
        if (label == null) {
          for (int f = 0; f < numbers.length; f++) {
            single.numeric[f].numeric().addAll(values[f], 0, n); // the same state as add per row
          }
          for (int c = 0; c < categories.length; c++) {
            if (counted[c]) {
              continue;
            }
            FeatureCells state = single.categorical[c];
            String[] t = texts[c];
            for (int r = 0; r < n; r++) {
              state.addCategory(t[r], null);
            }
          }
          if (jointAt.length > 0) {
            addJointBlock(single, n);
          }
          return;
        }
        for (int r = 0; r < n; r++) {
          addRow(single, r);
        }
        return;
      }
      assignGroups(batch, n);
      for (int m = 0; m < Math.max(1, slices.length); m++) {
        GroupCells.Group[] member = members[m];
        for (int r = 0; r < n; r++) {
          addRow(member[r], r);
        }
      }
    }

    private void addRow(GroupCells.Group group, int r) {
      String labelValue = label == null ? null : labels[r];
      for (int f = 0; f < numbers.length; f++) {
        group.numeric[f].addNumber(values[f][r], labelValue);
      }
      for (int c = 0; c < categories.length; c++) {
        group.categorical[c].addCategory(texts[c][r], labelValue);
      }
      if (jointAt.length > 0) {
        addJoint(group, r);
      }
    }

    /** The rows where every joint value is finite, added as one block (as {@code ColumnarCounter} does). */
    private void addJointBlock(GroupCells.Group group, int n) {
      if (jointRows.length < n) {
        jointRows = new int[n];
        jointScratch = new double[jointAt.length][n];
      }
      double[][] columns = new double[jointAt.length][];
      for (int k = 0; k < jointAt.length; k++) {
        columns[k] = values[jointAt[k]];
      }
      int m = 0;
      for (int r = 0; r < n; r++) {
        boolean finite = true;
        for (int k = 0; k < jointAt.length && finite; k++) {
          double v = columns[k][r];
          finite = v - v == 0;
        }
        if (finite) {
          jointRows[m++] = r;
        }
      }
      group.addJointBlock(columns, jointRows, m, jointScratch);
    }

    private void addJoint(GroupCells.Group group, int r) {
      for (int f = 0; f < numbers.length; f++) {
        jointRow[f] = values[f][r];
      }
      group.addJoint(jointRow, jointAt);
    }

    /** Each row's group per slice key (or once without slices); counts each group's rows. */
    private void assignGroups(ColumnarBatch batch, int n) {
      Long[] windowStarts = new Long[n];
      if (window != null) {
        ColumnVector v = batch.column(window.ordinal());
        long cachedFrom = Long.MAX_VALUE;
        long cachedTo = Long.MIN_VALUE;
        long cachedStart = 0;
        for (int r = 0; r < n; r++) {
          if (v.isNullAt(r)) {
            continue;
          }
          long micros = window.date() ? v.getInt(r) * Granularity.MICROS_PER_DAY : v.getLong(r);
          if (micros < cachedFrom || micros >= cachedTo) {
            Granularity g = window.granularity();
            cachedStart = g.windowStart(micros);
            cachedFrom = cachedStart;
            cachedTo = g.windowEnd(cachedStart);
          }
          windowStarts[r] = cachedStart;
        }
      }
      int keys = Math.max(1, slices.length);
      for (int m = 0; m < keys; m++) {
        ColumnarCounter.SliceColumn slice = slices.length == 0 ? null : slices[m];
        ColumnVector v = slice == null ? null : batch.column(slice.ordinal());
        GroupCells.Group[] member = members[m];
        for (int r = 0; r < n; r++) {
          String value = slice == null ? null : sliceValue(v, r, slice, m);
          GroupCells.Group g = cells.group(new GroupCells.Slot(windowStarts[r], slice == null ? null : slice.key(), value));
          g.rows++;
          member[r] = g;
        }
      }
    }

    /** The slice value of row {@code r}: its string, or (frozen slices) {@code __other__} when not kept. */
    private String sliceValue(ColumnVector v, int r, ColumnarCounter.SliceColumn slice, int m) {
      return ColumnarCounter.sliceValue(v, r, slice, keptLookup[m]);
    }
  }

  /**
   * Counts rows {@code 0..n} of a dictionary-encoded string column into {@code counts}: per dictionary
   * id a count, then each id's text once with its count; false (nothing counted) for any other column.
   */
  private static boolean countDictionary(ColumnVector v, BatchColumns.CategoryType type, int n,
      io.driftlake.core.histogram.CategoryCounts counts) {
    if (type != BatchColumns.CategoryType.STRING || !(v instanceof WritableColumnVector w) || !w.hasDictionary()) {
      return false;
    }
    WritableColumnVector ids = w.getDictionaryIds();
    boolean nulls = v.hasNull();
    int max = -1;
    long missing = 0;
    for (int r = 0; r < n; r++) {
      if (nulls && v.isNullAt(r)) {
        missing++;
      } else {
        max = Math.max(max, ids.getInt(r));
      }
    }
    long[] perId = new long[max + 1];
    int[] firstRow = new int[max + 1];
    for (int r = 0; r < n; r++) {
      if (!(nulls && v.isNullAt(r))) {
        int id = ids.getInt(r);
        if (perId[id]++ == 0) {
          firstRow[id] = r;
        }
      }
    }
    for (int id = 0; id <= max; id++) {
      if (perId[id] > 0) {
        counts.add(v.getUTF8String(firstRow[id]).toString(), perId[id]);
      }
    }
    counts.add(null, missing);
    return true;
  }

  /**
   * Decodes rows {@code 0..n} of a categorical column into strings (null for null). A Parquet
   * dictionary-encoded string column decodes each distinct id once per batch.
   */
  private static void decodeTexts(ColumnVector v, BatchColumns.CategoryType type, int n, String[] out) {
    boolean nulls = v.hasNull();
    if (type == BatchColumns.CategoryType.STRING && v instanceof WritableColumnVector w && w.hasDictionary()) {
      WritableColumnVector ids = w.getDictionaryIds();
      java.util.HashMap<Integer, String> byId = new java.util.HashMap<>();
      for (int r = 0; r < n; r++) {
        if (nulls && v.isNullAt(r)) {
          out[r] = null;
          continue;
        }
        int id = ids.getInt(r);
        String text = byId.get(id);
        if (text == null) {
          text = v.getUTF8String(r).toString();
          byId.put(id, text);
        }
        out[r] = text;
      }
      return;
    }
    for (int r = 0; r < n; r++) {
      out[r] = nulls && v.isNullAt(r) ? null : BatchColumns.categoryText(v, r, type).toString();
    }
  }
}
