package io.driftlake.spark.engine.columnar;

import io.driftlake.spark.batch.BatchColumns;
import io.driftlake.spark.batch.ColumnarScan;
import io.driftlake.spark.engine.CategoryCoding;
import io.driftlake.spark.engine.CellsRequest;
import io.driftlake.spark.engine.GroupCells;
import io.driftlake.spark.engine.Grouping;
import io.driftlake.spark.engine.HistogramEngine;
import io.driftlake.spark.engine.PackedLayout;
import io.driftlake.spark.engine.ProfileRequest;
import io.driftlake.spark.engine.ProfileTarget;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udaf;

import io.driftlake.core.histogram.CategoryCodes;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.PackedHistograms;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.UniversalProfile;
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
 * typed Aggregator {@link MergedHistograms} merges those states across partitions in one
 * grouped aggregation (the UDAF that builds each feature's histogram across partitions). Still one scan
 * of the data. Counts are those of the {@code udaf} engine exactly (same bins, same per-value rules);
 * moments differ only in the order partial states merge (~1e-16 relative).
 *
 * <p>It does not apply, and says why, when the scan is not columnar, a {@code --slice-expr} slices the
 * rows (an expression, not a column), or a column's type is one the loop does not read exactly as
 * Spark's cast does (a categorical float or date, a window over a string, a collated string).
 */
public final class ColumnarEngine implements HistogramEngine {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ColumnarEngine.class);
  private static final String DESCRIPTION = "columnar engine";

  @Override
  public String description() {
    return DESCRIPTION;
  }

  @Override
  public Outcome profile(ProfileRequest request) {
    Dataset<Row> data = request.data();
    List<ProfileTarget> targets = request.targets();
    Grouping grouping = request.grouping();
    ProfileTarget label = request.label();
    List<String> joint = request.joint();
    for (Grouping.Slice slice : grouping.slices()) {
      if (slice.column() == null) {
        return new NotApplicable("--slice-expr '" + slice.key() + "' slices by an expression, not a column");
      }
    }
    List<ProfileTarget> numeric = new ArrayList<>();
    List<ProfileTarget> categorical = new ArrayList<>();
    for (ProfileTarget target : targets) {
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

    List<BatchColumns.NumberColumn> numbers = new ArrayList<>();
    boolean utc = BatchColumns.utcSession(data);
    for (ProfileTarget target : numeric) {
      int at = columnAt.get(target.bins().column());
      BatchColumns.NumberSetup setup = BatchColumns.numberColumn(target.bins().column(), batches.ordinals()[at],
          batches.types()[at], utc);
      if (setup.column() == null) {
        return new NotApplicable(setup.notReadable());
      }
      numbers.add(setup.column());
    }
    List<ColumnarCounter.CategoryColumn> categories = new ArrayList<>();
    for (ProfileTarget target : categorical) {
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
    GroupColumns groupColumns = GroupColumns.of(grouping, batches, columnAt, BatchColumns.utcSession(data));
    if (groupColumns.notApplicable() != null) {
      return new NotApplicable(groupColumns.notApplicable());
    }
    ColumnarCounter.WindowColumn window = groupColumns.window();
    List<ColumnarCounter.SliceColumn> slices = groupColumns.slices();

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
    PackedLayout layout = new PackedLayout(ordered, codeTables, labelCodes, jointAt);
    ColumnarCounter counter = new ColumnarCounter(layout, numbers, categories, labelColumn, window, slices);

    JavaRDD<PartitionHistograms> states = batches.rdd().toJavaRDD().mapPartitions(counter::count);
    Dataset<PartitionHistograms> counted = data.sparkSession().createDataset(states.rdd(),
        Encoders.bean(PartitionHistograms.class));
    Column[] fields = Arrays.stream(Encoders.bean(PackedHistograms.class).schema().fieldNames())
        .map(name -> col("histograms." + name)).toArray(Column[]::new);
    Column merged = udaf(new MergedHistograms(layout), Encoders.bean(PackedHistograms.class)).apply(fields);
    List<Row> rows = counted.groupBy(col("windowStart"), col("sliceKey"), col("sliceValue"))
        .agg(sum(col("rows")), merged)
        .collectAsList();
    Map<GroupKey, DatasetProfile> profiles = new LinkedHashMap<>();
    for (Row row : rows) {
      GroupKey key = grouping.key(row.isNullAt(0) ? null : row.getLong(0), row.getString(1), row.getString(2));
      profiles.put(key, layout.unpack(targets, joint, row.getLong(3), PackedLayout.fromStruct(row.getStruct(4))));
    }
    if (grouping.trivial() && profiles.isEmpty()) {
      profiles.put(GroupKey.WHOLE, layout.unpack(targets, joint, 0, layout.zero()));
    }
    LOG.info("driftlake columnar engine: column batches of {}", batches.leaf());
    return new Counted(profiles, DESCRIPTION);
  }

  /**
   * Universal states from the scan's column batches ({@link ColumnarCells}), merged by group
   * ({@link GroupCells#merged}); not applicable, and why, exactly where {@link #profile} is not.
   */
  @Override
  public Outcome cells(CellsRequest request) {
    Dataset<Row> data = request.data();
    Grouping grouping = request.grouping();
    for (Grouping.Slice slice : grouping.slices()) {
      if (slice.column() == null) {
        return new NotApplicable("--slice-expr '" + slice.key() + "' slices by an expression, not a column");
      }
    }
    List<CellsRequest.Target> numeric = request.numeric();
    List<CellsRequest.Target> categorical = request.categorical();
    Map<String, Integer> columnAt = new LinkedHashMap<>();
    numeric.forEach(t -> columnAt.putIfAbsent(t.column(), columnAt.size()));
    categorical.forEach(t -> columnAt.putIfAbsent(t.column(), columnAt.size()));
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
    boolean utc = BatchColumns.utcSession(data);
    List<BatchColumns.NumberColumn> numbers = new ArrayList<>();
    for (CellsRequest.Target target : numeric) {
      int at = columnAt.get(target.column());
      BatchColumns.NumberSetup setup = BatchColumns.numberColumn(target.column(), batches.ordinals()[at],
          batches.types()[at], utc);
      if (setup.column() == null) {
        return new NotApplicable(setup.notReadable());
      }
      numbers.add(setup.column());
    }
    List<ColumnarCounter.CategoryColumn> categories = new ArrayList<>();
    ColumnarCounter.CategoryColumn labelColumn = null;
    for (CellsRequest.Target target : categorical) {
      int at = columnAt.get(target.column());
      BatchColumns.CategoryType read = BatchColumns.categoryType(batches.types()[at]);
      if (read == null) {
        return new NotApplicable("categorical feature " + target.column() + " has type "
            + batches.types()[at].simpleString());
      }
      ColumnarCounter.CategoryColumn column = new ColumnarCounter.CategoryColumn(batches.ordinals()[at], read, List.of());
      categories.add(column);
      if (target.column().equals(request.label())) {
        labelColumn = column;
      }
    }
    if (request.label() != null && labelColumn == null) {
      throw new IllegalArgumentException("label " + request.label() + " is not a categorical target");
    }
    GroupColumns groupColumns = GroupColumns.of(grouping, batches, columnAt, utc);
    if (groupColumns.notApplicable() != null) {
      return new NotApplicable(groupColumns.notApplicable());
    }
    ColumnarCounter.WindowColumn window = groupColumns.window();
    List<ColumnarCounter.SliceColumn> slices = groupColumns.slices();
    List<String> numericColumns = numeric.stream().map(CellsRequest.Target::column).toList();
    List<String> categoricalColumns = categorical.stream().map(CellsRequest.Target::column).toList();
    ColumnarCells counter = new ColumnarCells(numericColumns, categoricalColumns, request.joint(), request.jointAt(),
        numbers, categories, labelColumn, window, slices);
    JavaRDD<GroupCells.Counted> partitions = batches.rdd().toJavaRDD().mapPartitions(counter::count);
    Map<GroupKey, UniversalProfile> profiles = GroupCells.merged(partitions, grouping, numericColumns,
        categoricalColumns, request.label() != null, request.joint());
    LOG.info("driftlake columnar engine: universal cells from column batches of {}", batches.leaf());
    return new CountedCells(profiles, DESCRIPTION);
  }

  private static ColumnarCounter.CategoryColumn categoryColumn(ColumnarScan.Batches batches, Map<String, Integer> columnAt,
      ProfileTarget target) {
    int at = columnAt.get(target.bins().column());
    BatchColumns.CategoryType read = BatchColumns.categoryType(batches.types()[at]);
    return read == null ? null
        : new ColumnarCounter.CategoryColumn(batches.ordinals()[at], read, target.bins().categories().categories());
  }

  /** The window and slice columns of a grouping in the scan's batches, or why the loop cannot read one. */
  private record GroupColumns(ColumnarCounter.WindowColumn window, List<ColumnarCounter.SliceColumn> slices,
      String notApplicable) {

    static GroupColumns of(Grouping grouping, ColumnarScan.Batches batches, Map<String, Integer> columnAt,
        boolean utcSession) {
      ColumnarCounter.WindowColumn window = null;
      if (grouping.windowColumn() != null) {
        int at = columnAt.get(grouping.windowColumn());
        DataType type = batches.types()[at];
        boolean ntz = type instanceof TimestampNTZType && utcSession;
        if (!(type instanceof DateType) && !(type instanceof TimestampType) && !ntz) {
          return new GroupColumns(null, null, "window column " + grouping.windowColumn() + " has type "
              + type.simpleString()
              + " (the columnar engine reads date and timestamp windows, timestamp_ntz under a UTC session time zone)");
        }
        window = new ColumnarCounter.WindowColumn(batches.ordinals()[at], type instanceof DateType, grouping.granularity());
      }
      List<ColumnarCounter.SliceColumn> slices = new ArrayList<>();
      for (Grouping.Slice slice : grouping.slices()) {
        int at = columnAt.get(slice.column());
        BatchColumns.CategoryType read = BatchColumns.categoryType(batches.types()[at]);
        if (read == null) {
          return new GroupColumns(null, null, "slice column " + slice.column() + " has type "
              + batches.types()[at].simpleString());
        }
        slices.add(new ColumnarCounter.SliceColumn(slice.key(), batches.ordinals()[at], read, slice.kept(),
            slice.keepNull()));
      }
      return new GroupColumns(window, slices, null);
    }
  }
}
