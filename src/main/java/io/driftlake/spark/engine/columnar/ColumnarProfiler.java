package io.driftlake.spark.engine.columnar;

import io.driftlake.spark.batch.ColumnarScan;
import io.driftlake.spark.engine.CategoryCoding;
import io.driftlake.spark.engine.Grouping;
import io.driftlake.spark.engine.HistogramAggregators;
import io.driftlake.spark.engine.Profiler;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udaf;

import io.driftlake.core.histogram.CategoryCodes;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.PackedHistograms;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The {@code columnar} engine: when {@link ColumnarScan} finds a plain columnar scan, each partition's
 * batches are counted by {@link ColumnarCounter} into one {@link PackedHistograms} per group, and the
 * typed Aggregator {@link HistogramAggregators.Merged} merges those states across partitions in one
 * grouped aggregation (the UDAF that builds each feature's histogram across partitions). Still one scan
 * of the data. Counts are those of the {@code udaf} engine exactly (same bins, same per-value rules);
 * moments differ only in the order partial states merge (~1e-16 relative).
 *
 * <p>It does not apply, and says why, when the scan is not columnar, a {@code --slice-expr} slices the
 * rows (an expression, not a column), or a column's type is one the loop does not read exactly as
 * Spark's cast does (a categorical float or date, a window over a string, a collated string).
 */
public final class ColumnarProfiler {
  private ColumnarProfiler() {}

  /** What the engine did: profiles, or why it does not apply to this dataset. */
  public sealed interface Result permits Counted, NotApplicable {}

  /** The profiles per group, and the scan that was read as batches. */
  public record Counted(Map<GroupKey, DatasetProfile> profiles, String scan) implements Result {}

  /** Why the columnar engine does not apply (one line, for the log). */
  public record NotApplicable(String reason) implements Result {}

  public static Result profile(Dataset<Row> data, List<Profiler.Target> targets, Grouping grouping, Profiler.Target label,
      List<String> joint) {
    for (Grouping.Slice slice : grouping.slices()) {
      if (slice.column() == null) {
        return new NotApplicable("--slice-expr '" + slice.key() + "' slices by an expression, not a column");
      }
    }
    List<Profiler.Target> numeric = new ArrayList<>();
    List<Profiler.Target> categorical = new ArrayList<>();
    for (Profiler.Target target : targets) {
      (target.bins().kind() == FeatureKind.NUMERIC ? numeric : categorical).add(target);
    }
    Map<String, Integer> columnAt = new LinkedHashMap<>();
    numeric.forEach(t -> columnAt.putIfAbsent(t.bins().column(), columnAt.size()));
    categorical.forEach(t -> columnAt.putIfAbsent(t.bins().column(), columnAt.size()));
    if (label != null) {
      columnAt.putIfAbsent(label.bins().column(), columnAt.size());
    }
    if (grouping.windowColumn() != null) {
      columnAt.putIfAbsent(grouping.windowColumn(), columnAt.size());
    }
    grouping.slices().forEach(s -> columnAt.putIfAbsent(s.column(), columnAt.size()));
    if (columnAt.isEmpty()) {
      return new NotApplicable("no column is read");
    }
    ColumnarScan.Outcome outcome = ColumnarScan.of(data, new ArrayList<>(columnAt.keySet()));
    if (outcome instanceof ColumnarScan.NotColumnar not) {
      return new NotApplicable(not.reason());
    }
    ColumnarScan.Batches batches = (ColumnarScan.Batches) outcome;

    List<ColumnarCounter.NumberColumn> numbers = new ArrayList<>();
    for (Profiler.Target target : numeric) {
      int at = columnAt.get(target.bins().column());
      DataType type = batches.types()[at];
      ColumnarCounter.NumberType read = ColumnarCounter.numberType(type, utcSession(data));
      if (read == null) {
        return new NotApplicable("numeric feature " + target.bins().column() + " has type " + type.simpleString()
            + (type instanceof TimestampNTZType ? " and the session time zone is not UTC" : ""));
      }
      int precision = type instanceof DecimalType d ? d.precision() : 0;
      int scale = type instanceof DecimalType d ? d.scale() : 0;
      numbers.add(new ColumnarCounter.NumberColumn(batches.ordinals()[at], read, precision, scale));
    }
    List<ColumnarCounter.CategoryColumn> categories = new ArrayList<>();
    for (Profiler.Target target : categorical) {
      ColumnarCounter.CategoryColumn column = categoryColumn(batches, columnAt, target);
      if (column == null) {
        return new NotApplicable("categorical feature " + target.bins().column() + " has type "
            + batches.types()[columnAt.get(target.bins().column())].simpleString());
      }
      categories.add(column);
    }
    ColumnarCounter.CategoryColumn labelColumn = null;
    if (label != null) {
      labelColumn = categoryColumn(batches, columnAt, label);
      if (labelColumn == null) {
        return new NotApplicable("label " + label.bins().column() + " has type "
            + batches.types()[columnAt.get(label.bins().column())].simpleString());
      }
    }
    ColumnarCounter.WindowColumn window = null;
    if (grouping.windowColumn() != null) {
      int at = columnAt.get(grouping.windowColumn());
      DataType type = batches.types()[at];
      boolean ntz = type instanceof TimestampNTZType && utcSession(data);
      if (!(type instanceof DateType) && !(type instanceof TimestampType) && !ntz) {
        return new NotApplicable("window column " + grouping.windowColumn() + " has type " + type.simpleString()
            + " (the columnar engine reads date and timestamp windows, timestamp_ntz under a UTC session time zone)");
      }
      window = new ColumnarCounter.WindowColumn(batches.ordinals()[at], type instanceof DateType, grouping.granularity());
    }
    List<ColumnarCounter.SliceColumn> slices = new ArrayList<>();
    for (Grouping.Slice slice : grouping.slices()) {
      int at = columnAt.get(slice.column());
      ColumnarCounter.CategoryType read = ColumnarCounter.categoryType(batches.types()[at]);
      if (read == null) {
        return new NotApplicable("slice column " + slice.column() + " has type " + batches.types()[at].simpleString());
      }
      slices.add(new ColumnarCounter.SliceColumn(slice.key(), batches.ordinals()[at], read, slice.kept(),
          slice.keepNull()));
    }

    List<FeatureBins> ordered = new ArrayList<>();
    numeric.forEach(t -> ordered.add(t.bins()));
    categorical.forEach(t -> ordered.add(t.bins()));
    List<CategoryCodes> codeTables = categorical.stream().map(t -> CategoryCoding.codes(t.bins().categories())).toList();
    CategoryCodes labelCodes = label == null ? null : CategoryCoding.codes(label.bins().categories());
    List<String> numericColumns = numeric.stream().map(t -> t.bins().column()).toList();
    int[] jointAt = joint.stream().mapToInt(numericColumns::indexOf).toArray();
    if (Arrays.stream(jointAt).anyMatch(i -> i < 0)) {
      throw new IllegalArgumentException("joint columns " + joint + " are not all numeric targets");
    }
    HistogramAggregators.Packed layout = new HistogramAggregators.Packed(ordered, codeTables, labelCodes, jointAt);
    ColumnarCounter counter = new ColumnarCounter(layout, numbers, categories, labelColumn, window, slices);

    JavaRDD<PartitionHistograms> states = batches.rdd().toJavaRDD().mapPartitions(counter::count);
    Dataset<PartitionHistograms> counted = data.sparkSession().createDataset(states.rdd(),
        Encoders.bean(PartitionHistograms.class));
    Column[] fields = Arrays.stream(Encoders.bean(PackedHistograms.class).schema().fieldNames())
        .map(name -> col("histograms." + name)).toArray(Column[]::new);
    Column merged = udaf(new HistogramAggregators.Merged(layout), Encoders.bean(PackedHistograms.class)).apply(fields);
    List<Row> rows = counted.groupBy(col("windowStart"), col("sliceKey"), col("sliceValue"))
        .agg(sum(col("rows")), merged)
        .collectAsList();
    Map<GroupKey, DatasetProfile> profiles = new LinkedHashMap<>();
    for (Row row : rows) {
      GroupKey key = grouping.key(row.isNullAt(0) ? null : row.getLong(0), row.getString(1), row.getString(2));
      profiles.put(key, Profiler.unpack(layout, targets, joint, row.getLong(3), Profiler.toPacked(row.getStruct(4))));
    }
    if (grouping.trivial() && profiles.isEmpty()) {
      profiles.put(GroupKey.WHOLE, Profiler.unpack(layout, targets, joint, 0, layout.zero()));
    }
    return new Counted(profiles, batches.leaf());
  }

  /** Whether the session's time zone is UTC at every instant (then a timestamp_ntz casts to its own microseconds). */
  public static boolean utcSession(Dataset<Row> data) {
    try {
      return java.time.ZoneId.of(data.sparkSession().conf().get("spark.sql.session.timeZone")).getRules()
          .equals(java.time.ZoneOffset.UTC.getRules());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static ColumnarCounter.CategoryColumn categoryColumn(ColumnarScan.Batches batches, Map<String, Integer> columnAt,
      Profiler.Target target) {
    int at = columnAt.get(target.bins().column());
    ColumnarCounter.CategoryType read = ColumnarCounter.categoryType(batches.types()[at]);
    return read == null ? null
        : new ColumnarCounter.CategoryColumn(batches.ordinals()[at], read, target.bins().categories().categories());
  }
}
