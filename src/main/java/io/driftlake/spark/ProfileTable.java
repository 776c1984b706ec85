package io.driftlake.spark;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.Binning;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.ProfileSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta profile table: the histogram state of every dataset, window and slice a run profiled,
 * with its frozen bins, so that a later run can reuse a reference without rescanning it
 * ({@code --reference-profile}) and stored windows roll up ({@code drift rollup}) without the raw
 * data. One row per (profile, role, group, column) plus a {@code ':table'} row per group carrying its
 * row count; one Delta transaction per run (docs/drift-table.md).
 */
public final class ProfileTable {
  public static final String REFERENCE = "reference";
  public static final String CURRENT = "current";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      field("profile_id", StringType, false),
      field("role", StringType, false),
      field("created_ts", TimestampType, false),
      field("source", StringType, true),
      field("granularity", StringType, true),
      field("slice_keys", createArrayType(StringType, false), false),
      field("binning", StringType, true),
      field("window_start", TimestampType, true),
      field("window_end", TimestampType, true),
      field("slice_key", StringType, true),
      field("slice_value", StringType, true),
      field("column_name", StringType, false),
      field("data_type", StringType, true),
      field("kind", StringType, true),
      field("bin_edges", createArrayType(DoubleType, false), true),
      field("categories", createArrayType(StringType, false), true),
      field("row_count", LongType, false),
      field("bin_counts", createArrayType(LongType, false), true),
      field("missing_count", LongType, true),
      field("finite_count", LongType, true),
      field("finite_mean", DoubleType, true),
      field("finite_m2", DoubleType, true),
      field("joint_label_counts", createArrayType(LongType, false), true),
  });

  private ProfileTable() {}

  private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }

  /** A profile to store: its role (reference or current), what was read, and the profiles. */
  public record Entry(String role, String source, ProfileSet profiles) {}

  /** Writes the entries under {@code profileId} in one Delta transaction, replacing that id's earlier rows. */
  public static void write(SparkSession spark, String table, String profileId, Instant created, List<Entry> entries) {
    DriftTable.validateRunId(profileId);
    List<Row> rows = new ArrayList<>();
    Timestamp ts = Timestamp.from(created);
    for (Entry entry : entries) {
      ProfileSet set = entry.profiles();
      String granularity = set.granularity() == null ? null : set.granularity().toString();
      String binning = set.binning() == null ? null : set.binning().label();
      for (Map.Entry<GroupKey, DatasetProfile> group : set.groups().entrySet()) {
        GroupKey key = group.getKey();
        Object[] head = {profileId, entry.role(), ts, entry.source(), granularity, set.sliceKeys(), binning,
            key.windowStart() == null ? null : Timestamp.from(key.windowStart()),
            key.windowEnd() == null ? null : Timestamp.from(key.windowEnd()), key.sliceKey(), key.sliceValue()};
        long rowCount = group.getValue().rowCount();
        rows.add(row(head, ":table", null, null, null, null, rowCount, null));
        for (Map.Entry<String, HistogramState> state : group.getValue().states().entrySet()) {
          FeatureBins bins = set.bins().get(state.getKey());
          rows.add(row(head, state.getKey(), set.dataTypes().get(state.getKey()), bins.kind().label(),
              bins.edgeArray(), bins.categoryLabels(), rowCount, state.getValue()));
        }
      }
    }
    Dataset<Row> frame = spark.createDataFrame(rows, SCHEMA).repartition(1);
    DriftTable.replaceOrCreate(spark, table, frame, "profile_id = '" + profileId + "'", null);
  }

  private static Row row(Object[] head, String column, String dataType, String kind, double[] edges,
      List<String> categories, long rowCount, HistogramState state) {
    Object[] values = Arrays.copyOf(head, SCHEMA.size());
    int i = head.length;
    values[i++] = column;
    values[i++] = dataType;
    values[i++] = kind;
    values[i++] = edges == null ? null : Arrays.stream(edges).boxed().toList();
    values[i++] = categories;
    values[i++] = rowCount;
    values[i++] = state == null ? null : Arrays.stream(state.getBinCounts()).boxed().toList();
    values[i++] = state == null ? null : state.getMissingCount();
    values[i++] = state == null ? null : state.getFiniteCount();
    values[i++] = state == null ? null : state.getFiniteMean();
    values[i++] = state == null ? null : state.getFiniteSquaredDeviations();
    values[i] = state == null || state.getJointLabelCounts().length == 0 ? null
        : Arrays.stream(state.getJointLabelCounts()).boxed().toList();
    return RowFactory.create(values);
  }

  /**
   * Reads a stored profile. {@code spec} is a profile id (its reference profile) or
   * {@code ID/reference} / {@code ID/current}.
   */
  public static ProfileSet read(SparkSession spark, String table, String spec) {
    int slash = spec.lastIndexOf('/');
    String id = slash < 0 ? spec : spec.substring(0, slash);
    String role = slash < 0 ? REFERENCE : spec.substring(slash + 1);
    if (!role.equals(REFERENCE) && !role.equals(CURRENT)) {
      throw DriftErrors.badOptionValue("--reference-profile", spec, "expected ID, ID/reference or ID/current");
    }
    Dataset<Row> all = readTable(spark, table);
    List<Row> rows = all.where(Features.column("profile_id").equalTo(id).and(Features.column("role").equalTo(role)))
        .collectAsList();
    if (rows.isEmpty()) {
      throw DriftErrors.input("no " + role + " profile '" + id + "' in the profile table " + table
          + ". Check the id (a run id that wrote to --profile-table), or profile the data first");
    }
    return fromRows(rows);
  }

  static Dataset<Row> readTable(SparkSession spark, String table) {
    return DriftTable.readExisting(spark, table, "profile", "--profile-table", "drift run --profile-table " + table);
  }


  private static ProfileSet fromRows(List<Row> rows) {
    Row first = rows.get(0);
    String granularityText = first.getString(first.fieldIndex("granularity"));
    Granularity granularity = granularityText == null ? null : Granularity.parse(granularityText);
    String binningText = first.getString(first.fieldIndex("binning"));
    Binning binning = binningText == null ? null : Binning.parse(binningText);
    List<String> sliceKeys = first.getList(first.fieldIndex("slice_keys"));
    Map<String, FeatureBins> bins = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    Map<GroupKey, Long> rowCounts = new LinkedHashMap<>();
    Map<GroupKey, Map<String, HistogramState>> states = new LinkedHashMap<>();
    for (Row row : rows) {
      GroupKey key = new GroupKey(instant(row, "window_start"), instant(row, "window_end"),
          row.getString(row.fieldIndex("slice_key")), row.getString(row.fieldIndex("slice_value")));
      String column = row.getString(row.fieldIndex("column_name"));
      rowCounts.put(key, row.getLong(row.fieldIndex("row_count")));
      states.computeIfAbsent(key, k -> new LinkedHashMap<>());
      if (column.equals(":table")) {
        continue;
      }
      bins.computeIfAbsent(column, c -> bins(row, c));
      types.putIfAbsent(column, row.getString(row.fieldIndex("data_type")));
      HistogramState state = HistogramState.empty(0);
      state.setBinCounts(row.<Long>getList(row.fieldIndex("bin_counts")).stream().mapToLong(Long::longValue).toArray());
      state.setMissingCount(row.getLong(row.fieldIndex("missing_count")));
      state.setFiniteCount(row.getLong(row.fieldIndex("finite_count")));
      state.setFiniteMean(row.getDouble(row.fieldIndex("finite_mean")));
      state.setFiniteSquaredDeviations(row.getDouble(row.fieldIndex("finite_m2")));
      int joint = row.schema().getFieldIndex("joint_label_counts").isDefined() ? row.fieldIndex("joint_label_counts") : -1;
      if (joint >= 0 && !row.isNullAt(joint)) {
        state.setJointLabelCounts(row.<Long>getList(joint).stream().mapToLong(Long::longValue).toArray());
      }
      states.get(key).put(column, state);
    }
    Map<GroupKey, DatasetProfile> groups = new LinkedHashMap<>();
    rowCounts.forEach((key, count) -> groups.put(key, new DatasetProfile(count, states.get(key))));
    return new ProfileSet(bins, types, binning, granularity, sliceKeys, groups);
  }

  private static FeatureBins bins(Row row, String column) {
    FeatureKind kind = FeatureKind.parse(row.getString(row.fieldIndex("kind")));
    if (kind == FeatureKind.NUMERIC) {
      double[] edges = row.<Double>getList(row.fieldIndex("bin_edges")).stream().mapToDouble(Double::doubleValue).toArray();
      return FeatureBins.numeric(column, BinEdges.of(edges));
    }
    List<String> labels = new ArrayList<>(row.getList(row.fieldIndex("categories")));
    labels.remove(labels.size() - 1); // the "other" bin
    return FeatureBins.categorical(column, CategoryBins.of(labels));
  }

  private static Instant instant(Row row, String field) {
    int i = row.fieldIndex(field);
    return row.isNullAt(i) ? null : row.getTimestamp(i).toInstant();
  }
}
