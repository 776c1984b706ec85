package io.driftlake.spark.bins;

import io.driftlake.spark.batch.BatchColumns;
import io.driftlake.spark.FeaturePlan;
import io.driftlake.spark.batch.ColumnarScan;
import io.driftlake.spark.engine.Grouping;
import io.driftlake.spark.batch.MergingAggregator;

import io.driftlake.core.histogram.ReferenceSketch;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The bins phase over the reference's column batches ({@link ColumnarScan}): each partition feeds one
 * {@link ReferenceSketch} column by column (finite count, min and max per numeric column; the bottom-k
 * row sample with the same priorities as the row path, {@link ReferenceSketch#priority} of the
 * partition and row position; each categorical and slice value counted per batch, then added once per
 * distinct value), and the sketches are merged. One scan; the same sketch the row path
 * ({@link ReferenceBinner#sketch}) builds from the same partitions.
 */
public final class ColumnarBinner {
  private ColumnarBinner() {}

  /** The merged sketch, or why the reference cannot be read as batches. */
  public sealed interface Result permits Sketched, NotApplicable {}

  public record Sketched(ReferenceSketch sketch, String scan) implements Result {}

  public record NotApplicable(String reason) implements Result {}

  public static Result sketch(Dataset<Row> reference, ReferenceBinner.SketchLayout layout, List<Grouping.Slice> slices,
      long seed, int sampleSize) {
    Map<String, Integer> columnAt = new LinkedHashMap<>();
    layout.numericFeatures().forEach(f -> columnAt.putIfAbsent(f.column(), columnAt.size()));
    layout.categoricalFeatures().forEach(f -> columnAt.putIfAbsent(f.column(), columnAt.size()));
    for (Grouping.Slice slice : slices) {
      if (slice.column() == null) {
        return new NotApplicable("--slice-expr '" + slice.key() + "' slices by an expression, not a column");
      }
      columnAt.putIfAbsent(slice.column(), columnAt.size());
    }
    if (columnAt.isEmpty()) {
      return new NotApplicable("no column is read");
    }
    ColumnarScan.Outcome outcome = ColumnarScan.of(reference, new ArrayList<>(columnAt.keySet()));
    if (outcome instanceof ColumnarScan.NotColumnar not) {
      return new NotApplicable(not.reason());
    }
    ColumnarScan.Batches batches = (ColumnarScan.Batches) outcome;
    List<BatchColumns.NumberColumn> numbers = new ArrayList<>();
    boolean utc = BatchColumns.utcSession(reference);
    for (FeaturePlan.Feature feature : layout.numericFeatures()) {
      int at = columnAt.get(feature.column());
      BatchColumns.NumberSetup setup = BatchColumns.numberColumn(feature.column(), batches.ordinals()[at],
          batches.types()[at], utc);
      if (setup.column() == null) {
        return new NotApplicable(setup.notReadable());
      }
      numbers.add(setup.column());
    }
    List<String> categoryNames = new ArrayList<>();
    layout.categoricalFeatures().forEach(f -> categoryNames.add(f.column()));
    slices.forEach(s -> categoryNames.add(s.column()));
    int[] categoryOrdinals = new int[categoryNames.size()];
    BatchColumns.CategoryType[] categoryTypes = new BatchColumns.CategoryType[categoryNames.size()];
    for (int c = 0; c < categoryNames.size(); c++) {
      int at = columnAt.get(categoryNames.get(c));
      categoryTypes[c] = BatchColumns.categoryType(batches.types()[at]);
      if (categoryTypes[c] == null) {
        return new NotApplicable((c < layout.categoricalFeatures().size() ? "categorical feature " : "slice column ")
            + categoryNames.get(c) + " has type " + batches.types()[at].simpleString());
      }
      categoryOrdinals[c] = batches.ordinals()[at];
    }
    Feeder feeder = new Feeder(numbers.toArray(BatchColumns.NumberColumn[]::new), categoryOrdinals, categoryTypes,
        layout.countsNull(), seed, sampleSize);
    JavaRDD<ReferenceSketch> sketches = batches.rdd().toJavaRDD().mapPartitionsWithIndex(feeder::feed, false);
    // merged by a typed Aggregator in a Dataset action: the scan runs inside a SQL execution (its settings
    // reach the tasks), and the partitions' sketches (up to 100,000 sampled rows each) meet in one task, not
    // on the driver, which receives only the merged one
    ReferenceSketch merged = reference.sparkSession()
        .createDataset(sketches.rdd(), Encoders.javaSerialization(ReferenceSketch.class))
        .select(new Merged(layout.numeric().size(), layout.countsNull(), sampleSize).toColumn())
        .head();
    return new Sketched(merged, batches.leaf());
  }

  /** Merges the partitions' sketches with {@link ReferenceSketch#merge}. */
  public static final class Merged extends MergingAggregator<ReferenceSketch> {
    private static final long serialVersionUID = 1L;
    private final int numericColumns;
    private final boolean[] countsNull;
    private final int sampleSize;

    public Merged(int numericColumns, boolean[] countsNull, int sampleSize) {
      this.numericColumns = numericColumns;
      this.countsNull = countsNull.clone();
      this.sampleSize = sampleSize;
    }

    @Override
    public ReferenceSketch zero() {
      return new ReferenceSketch(numericColumns, countsNull, sampleSize);
    }

    @Override
    public ReferenceSketch combine(ReferenceSketch left, ReferenceSketch right) {
      return left.merge(right);
    }

    @Override
    public Encoder<ReferenceSketch> encoder() {
      return Encoders.javaSerialization(ReferenceSketch.class);
    }
  }

  /** Feeds one partition's batches into its sketch. */
  private record Feeder(BatchColumns.NumberColumn[] numbers, int[] categoryOrdinals,
      BatchColumns.CategoryType[] categoryTypes, boolean[] countsNull, long seed, int sampleSize)
      implements Serializable {

    public Iterator<ReferenceSketch> feed(int partition, Iterator<ColumnarBatch> batches) {
      ReferenceSketch sketch = new ReferenceSketch(numbers.length, countsNull, sampleSize);
      double[][] values = new double[numbers.length][0];
      long position = 0;
      List<Map<UTF8String, long[]>> batchCounts = new ArrayList<>();
      IdCounts[] idCounts = new IdCounts[categoryOrdinals.length];
      for (int c = 0; c < categoryOrdinals.length; c++) {
        batchCounts.add(new HashMap<>());
        idCounts[c] = new IdCounts();
      }
      while (batches.hasNext()) {
        ColumnarBatch batch = batches.next();
        int n = batch.numRows();
        if (n == 0) {
          continue;
        }
        sketch.addRows(n);
        for (int c = 0; c < numbers.length; c++) {
          if (values[c].length < n) {
            values[c] = new double[n];
          }
          BatchColumns.decodeNumbers(batch.column(numbers[c].ordinal()), numbers[c], n, values[c]);
          double[] x = values[c];
          for (int r = 0; r < n; r++) {
            sketch.addExtremes(c, x[r]);
          }
        }
        for (int c = 0; c < categoryOrdinals.length; c++) {
          countBatch(batch.column(categoryOrdinals[c]), categoryTypes[c], n, batchCounts.get(c), sketch, c, idCounts[c]);
        }
        for (int r = 0; r < n; r++) {
          int slot = sketch.offer(ReferenceSketch.priority(seed, partition, position + r));
          if (slot >= 0) {
            for (int c = 0; c < numbers.length; c++) {
              sketch.setSample(slot, c, values[c][r]);
            }
          }
        }
        position += n;
      }
      return List.of(sketch).iterator();
    }

    /**
     * Counts a batch's values of one categorical column, then adds each distinct value (as a String)
     * once: the batch's strings point into its buffers, which the next batch reuses. A string column
     * held as Parquet dictionary ids is counted by id (an array increment per row), each id decoded once.
     */
    private static void countBatch(ColumnVector v, BatchColumns.CategoryType type, int n, Map<UTF8String, long[]> counts,
        ReferenceSketch sketch, int column, IdCounts ids) {
      long nulls = 0;
      boolean hasNulls = v.hasNull();
      if (type == BatchColumns.CategoryType.STRING && v instanceof WritableColumnVector w && w.hasDictionary()) {
        WritableColumnVector dictionaryIds = w.getDictionaryIds();
        for (int r = 0; r < n; r++) {
          if (hasNulls && v.isNullAt(r)) {
            nulls++;
          } else {
            ids.add(dictionaryIds.getInt(r), r);
          }
        }
        ids.drain((row, count) -> counts.computeIfAbsent(v.getUTF8String(row), k -> new long[1])[0] += count);
      } else {
        for (int r = 0; r < n; r++) {
          if (hasNulls && v.isNullAt(r)) {
            nulls++;
            continue;
          }
          counts.computeIfAbsent(BatchColumns.categoryText(v, r, type), k -> new long[1])[0]++;
        }
      }
      if (nulls > 0) {
        sketch.addCategory(column, null, nulls);
      }
      counts.forEach((value, count) -> sketch.addCategory(column, value.toString(), count[0]));
      counts.clear();
    }
  }

  /** Per-batch counts by dictionary id, with the first row holding each id. */
  private static final class IdCounts {
    private int[] counts = new int[64];
    private int[] firstRow = new int[64];
    private int[] touched = new int[64];
    private int touchedSize;

    public void add(int id, int row) {
      if (id >= counts.length) {
        int size = Math.max(id + 1, counts.length * 2);
        counts = java.util.Arrays.copyOf(counts, size);
        firstRow = java.util.Arrays.copyOf(firstRow, size);
      }
      if (counts[id]++ == 0) {
        firstRow[id] = row;
        if (touchedSize == touched.length) {
          touched = java.util.Arrays.copyOf(touched, touched.length * 2);
        }
        touched[touchedSize++] = id;
      }
    }

    /** Hands each id's (first row, count) to {@code sink} and resets. */
    public void drain(java.util.function.BiConsumer<Integer, Integer> sink) {
      for (int i = 0; i < touchedSize; i++) {
        int id = touched[i];
        sink.accept(firstRow[id], counts[id]);
        counts[id] = 0;
      }
      touchedSize = 0;
    }
  }
}
