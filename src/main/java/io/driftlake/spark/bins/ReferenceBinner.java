package io.driftlake.spark.bins;

import io.driftlake.spark.FeaturePlan;
import io.driftlake.spark.common.Features;
import io.driftlake.spark.engine.Grouping;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.driftlake.core.config.Binning;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.NumericBinning;
import io.driftlake.core.histogram.ReferenceSketch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Freezes every feature's bins from the reference. A run uses {@link #freezeInOneScan}: one scan feeds a
 * mergeable {@link ReferenceSketch} (exact count, finite min and max, a bottom-k row sample for the
 * quantile cuts, exact counts of categorical and slice values up to a cap). The older three-scan
 * {@link #freeze(Dataset, List, List, DriftConfig)} stays as the reference the sketch is tested against:
 * one aggregation over all numeric features (row count, finite min and max), for quantile binning one
 * {@code percentile_approx} aggregation over a row sample sized from that count, and one grouped count
 * over all categorical features and slice keys exploded into (column, value) pairs, ranked to the top K
 * (or the top slices); it also recounts a sketch's overflowed columns.
 */
public final class ReferenceBinner {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReferenceBinner.class);

  /**
   * {@code percentile_approx} accuracy: relative rank error 1/accuracy (Spark's default, 10000), so a
   * quantile edge sits within 0.01% of its rank.
   */
  static final int QUANTILE_ACCURACY = 10_000;

  /**
   * Quantile edges come from a uniform random sample of at most about this many reference rows (all
   * rows when the reference is smaller): the standard error of a sample quantile's rank is
   * {@code √(p(1−p)/n)} ≤ 0.16% at 100 000 rows, well inside a 5% bin, while Spark's
   * {@code percentile_approx} costs about 1 µs per value inserted (measured: 4.2 s for 20 columns of
   * 1M rows). Minimum and maximum are exact (all rows), so the outer bins stay empty in the reference.
   */
  static final long QUANTILE_SAMPLE_ROWS = 100_000;

  /**
   * The most sampled values the one-scan sketch keeps per task: its sample holds {@link #sampleRows}
   * rows × the numeric columns, so a wide reference samples fewer rows (8,000,000 doubles, 64 MB: the
   * full 100,000 rows up to 80 numeric columns; 5,333 rows at 1,500, a rank error √(p(1−p)/n) ≤ 0.7%,
   * still well inside a 5% bin). Without this bound 1,500 columns × 100,000 rows ran a 6 GiB heap out.
   */
  static final long SKETCH_SAMPLE_VALUES = 8_000_000;

  /** Rows the one-scan sketch samples for {@code numericColumns} numeric columns (at least 1,000). */
  public static int sampleRows(int numericColumns) {
    return (int) Math.max(1_000, Math.min(QUANTILE_SAMPLE_ROWS, SKETCH_SAMPLE_VALUES / Math.max(1, numericColumns)));
  }

  /** Seed of the quantile sample, so a rerun on the same data gives the same edges. */
  static final long QUANTILE_SAMPLE_SEED = 20_240_101L;

  private ReferenceBinner() {}

  /** The frozen bins by column and the frozen slice keys (their kept values), from the reference. */
  public record Frozen(Map<String, FeatureBins> bins, List<Grouping.Slice> slices) {}

  /**
   * Freezes the bins and slice values in one scan of the reference, whatever the engine: a
   * {@link ReferenceSketch} fed from the scan's column batches ({@link ColumnarBinner}) where the
   * reference is a plain columnar scan, else row by row ({@link #sketch}); both sample the same rows (the
   * priorities depend on partition and position only), so every engine freezes the same bins. Only a
   * categorical column or slice key with more than {@link ReferenceSketch#MAX_DISTINCT} distinct values
   * is recounted (a second scan, of those columns). Under the RAPIDS Accelerator this pass runs on the
   * CPU (docs/gpu.md).
   */
  public static Frozen freezeInOneScan(Dataset<Row> reference, List<FeaturePlan.Feature> features, List<Grouping.Slice> slices,
      DriftConfig config) {
    ReferenceSketch sketch;
    ColumnarBinner.Result result = ColumnarBinner.sketch(reference, SketchLayout.of(features, slices), slices,
        QUANTILE_SAMPLE_SEED, SketchLayout.of(features, slices).sampleRows());
    if (result instanceof ColumnarBinner.Sketched sketched) {
      LOG.info("driftlake bins of the reference: one scan of column batches ({})", sketched.scan());
      sketch = sketched.sketch();
    } else {
      LOG.info("driftlake bins of the reference: one scan of rows, not column batches: {}",
          ((ColumnarBinner.NotApplicable) result).reason());
      sketch = sketch(reference, features, slices);
    }
    return freeze(sketch, reference, features, slices, config);
  }

  /** The frozen result from the numeric bins and the top values of the categorical features, then the slice keys. */
  static Frozen frozen(List<FeaturePlan.Feature> categorical, List<Grouping.Slice> slices, DriftConfig config,
      Map<String, FeatureBins> bins, List<Map<String, Long>> top) {
    for (int i = 0; i < categorical.size(); i++) {
      String column = categorical.get(i).column();
      bins.put(column, FeatureBins.categorical(column, CategoryBins.topK(top.get(i), config.maxCategories())));
    }
    List<Grouping.Slice> frozen = new ArrayList<>();
    for (int i = 0; i < slices.size(); i++) {
      List<String> kept = new ArrayList<>(top.get(categorical.size() + i).keySet());
      boolean keepNull = kept.remove(null);
      Grouping.Slice slice = slices.get(i);
      frozen.add(slice.withKept(kept, keepNull));
    }
    return new Frozen(bins, frozen);
  }

  /**
   * The columns a {@link ReferenceSketch} of this reference is fed, in the sketch's column order:
   * numeric column {@code c} is the double value of the {@code c}-th numeric binnable feature
   * ({@code numeric}), categorical column {@code c} the string value of the {@code c}-th categorical
   * binnable feature, then of each slice key ({@code categorical}, nulls counted for the slice keys only,
   * {@code countsNull}).
   */
  public record SketchLayout(List<FeaturePlan.Feature> numericFeatures, List<FeaturePlan.Feature> categoricalFeatures,
      List<Column> numeric, List<Column> categorical, boolean[] countsNull) {

    public static SketchLayout of(List<FeaturePlan.Feature> features, List<Grouping.Slice> slices) {
      List<FeaturePlan.Feature> numericFeatures = new ArrayList<>();
      List<FeaturePlan.Feature> categoricalFeatures = new ArrayList<>();
      for (FeaturePlan.Feature feature : features) {
        if (feature.binnable()) {
          (feature.kind() == FeatureKind.NUMERIC ? numericFeatures : categoricalFeatures).add(feature);
        }
      }
      List<Column> numeric = new ArrayList<>();
      numericFeatures.forEach(f -> numeric.add(f.value(f.referenceType()).cast(DataTypes.DoubleType)));
      List<Column> categorical = new ArrayList<>();
      boolean[] countsNull = new boolean[categoricalFeatures.size() + slices.size()];
      categoricalFeatures.forEach(f -> categorical.add(f.value(f.referenceType())));
      for (int i = 0; i < slices.size(); i++) {
        categorical.add(slices.get(i).value().cast("string"));
        countsNull[categoricalFeatures.size() + i] = true;
      }
      return new SketchLayout(numericFeatures, categoricalFeatures, numeric, categorical, countsNull);
    }

    public ReferenceSketch emptySketch() {
      return new ReferenceSketch(numeric.size(), countsNull, sampleRows());
    }

    /** The sketch's sample size for this layout ({@link ReferenceBinner#sampleRows}). */
    public int sampleRows() {
      return ReferenceBinner.sampleRows(numeric.size());
    }
  }

  /**
   * The row path's one scan: every partition feeds one {@link ReferenceSketch} from the layout's
   * columns (row priorities from {@link ReferenceSketch#priority} with {@link #QUANTILE_SAMPLE_SEED}),
   * and the sketches are merged by a tree aggregate (a partition's sketch can hold
   * 100 000 sampled rows, so the driver should not receive them all).
   */
  public static ReferenceSketch sketch(Dataset<Row> reference, List<FeaturePlan.Feature> features,
      List<Grouping.Slice> slices) {
    SketchLayout layout = SketchLayout.of(features, slices);
    List<Column> columns = new ArrayList<>(layout.numeric());
    columns.addAll(layout.categorical());
    ReferenceSketch empty = layout.emptySketch();
    if (columns.isEmpty()) {
      return empty;
    }
    int numeric = layout.numeric().size();
    int sampleSize = layout.sampleRows();
    int categorical = layout.categorical().size();
    boolean[] countsNull = layout.countsNull();
    return reference.select(columns.toArray(Column[]::new)).javaRDD()
        .mapPartitionsWithIndex((partition, rows) -> {
          ReferenceSketch sketch = new ReferenceSketch(numeric, countsNull, sampleSize);
          double[] values = new double[numeric];
          String[] categories = new String[categorical];
          long position = 0;
          while (rows.hasNext()) {
            Row row = rows.next();
            for (int c = 0; c < numeric; c++) {
              values[c] = row.isNullAt(c) ? Double.NaN : row.getDouble(c);
            }
            for (int c = 0; c < categorical; c++) {
              categories[c] = row.isNullAt(numeric + c) ? null : row.getString(numeric + c);
            }
            sketch.add(values, categories, ReferenceSketch.priority(QUANTILE_SAMPLE_SEED, partition, position++));
          }
          return List.of(sketch).iterator();
        }, false)
        .treeAggregate(empty, ReferenceSketch::merge, ReferenceSketch::merge);
  }

  /**
   * Freezes the bins and slice values from an already merged sketch of {@code reference} (laid out by
   * {@link SketchLayout#of}), exactly as three scans (a min/max aggregation, {@code percentile_approx} and a grouped count) do on data
   * small enough for the sample to hold every row; a categorical column or slice key that overflowed the
   * sketch is recounted from {@code reference} with today's grouped count (one scan for all of them).
   */
  public static Frozen freeze(ReferenceSketch sketch, Dataset<Row> reference, List<FeaturePlan.Feature> features,
      List<Grouping.Slice> slices, DriftConfig config) {
    SketchLayout layout = SketchLayout.of(features, slices);
    Map<String, FeatureBins> bins = new LinkedHashMap<>();
    for (int c = 0; c < layout.numericFeatures().size(); c++) {
      String column = layout.numericFeatures().get(c).column();
      bins.put(column, sketch.numericBins(c, column, config.binning(), config.bins()));
    }
    int categoricalFeatures = layout.categoricalFeatures().size();
    List<Integer> limits = new ArrayList<>();
    for (int c = 0; c < layout.categorical().size(); c++) {
      limits.add(c < categoricalFeatures ? config.maxCategories() : config.maxSlices());
    }
    List<Integer> recount = new ArrayList<>();
    for (int c = 0; c < layout.categorical().size(); c++) {
      if (sketch.overflowed(c)) {
        recount.add(c);
      }
    }
    List<Map<String, Long>> recounted = topValues(reference, recount.stream().map(layout.categorical()::get).toList(),
        recount.stream().map(c -> layout.countsNull()[c]).toList(), recount.stream().map(limits::get).toList());
    List<Map<String, Long>> top = new ArrayList<>();
    for (int c = 0; c < layout.categorical().size(); c++) {
      int r = recount.indexOf(c);
      top.add(r >= 0 ? recounted.get(r) : sketch.topValues(c, limits.get(c)));
    }
    return frozen(layout.categoricalFeatures(), slices, config, bins, top);
  }

  /**
   * The most frequent values of each string column in {@code values} with their counts, most frequent
   * first (ties by value, null first), at most {@code limits[i]} each; nulls are a value where {@code countsNull[i]},
   * skipped otherwise. One grouped count over all columns, exploded into (column, value) pairs, ranked
   * per column: memory is bounded by Spark's aggregation (it spills), not by the number of distinct values.
   */
  public static List<Map<String, Long>> topValues(Dataset<Row> reference, List<Column> values, List<Boolean> countsNull,
      List<Integer> limits) {
    return topValuesAndDistinct(reference, values, countsNull, limits).stream().map(TopValues::top).toList();
  }

  /** A column's most frequent values with their counts, and how many distinct values it has (as counted). */
  public record TopValues(Map<String, Long> top, long distinct) {}

  /**
   * {@link #topValues}, with each column's number of distinct values (null among them where it is
   * counted): the number of groups of the same grouped count, a window over it, so no further scan.
   */
  public static List<TopValues> topValuesAndDistinct(Dataset<Row> reference, List<Column> values,
      List<Boolean> countsNull, List<Integer> limits) {
    List<Map<String, Long>> top = new ArrayList<>();
    long[] distinct = new long[values.size()];
    values.forEach(v -> top.add(new LinkedHashMap<>()));
    if (values.isEmpty()) {
      return List.of();
    }
    Column[] entries = new Column[values.size()];
    Column limit = lit(limits.get(0));
    Column keep = lit(countsNull.get(0));
    for (int i = 0; i < values.size(); i++) {
      entries[i] = org.apache.spark.sql.functions.struct(lit(i).as("k"), values.get(i).as("v"));
      if (i > 0) {
        limit = when(col("k").equalTo(i), lit(limits.get(i))).otherwise(limit);
        keep = when(col("k").equalTo(i), lit(countsNull.get(i))).otherwise(keep);
      }
    }
    List<Row> rows = reference.select(org.apache.spark.sql.functions.explode(array(entries)).as("e"))
        .select(col("e.k").as("k"), col("e.v").as("v"))
        .where(col("v").isNotNull().or(keep))
        .groupBy("k", "v")
        .count()
        .withColumn("rank", row_number().over(Window.partitionBy("k").orderBy(col("count").desc(), col("v").asc_nulls_first())))
        .withColumn("distinct", org.apache.spark.sql.functions.count(lit(1)).over(Window.partitionBy("k")))
        .where(col("rank").leq(limit))
        .orderBy(col("k"), col("rank"))
        .collectAsList();
    for (Row row : rows) {
      top.get(row.getInt(0)).put(row.isNullAt(1) ? null : row.getString(1), row.getLong(2));
      distinct[row.getInt(0)] = row.getLong(4);
    }
    List<TopValues> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      out.add(new TopValues(top.get(i), distinct[i]));
    }
    return out;
  }
}
