package io.driftlake.spark.table;

import io.driftlake.spark.common.Features;

import static io.driftlake.core.table.ProfileColumns.BINNING;
import static io.driftlake.core.table.ProfileColumns.BIN_COUNTS;
import static io.driftlake.core.table.ProfileColumns.BIN_EDGES;
import static io.driftlake.core.table.ProfileColumns.CATEGORIES;
import static io.driftlake.core.table.ProfileColumns.CELLS;
import static io.driftlake.core.table.ProfileColumns.COLUMN_NAME;
import static io.driftlake.core.table.ProfileColumns.CREATED_TS;
import static io.driftlake.core.table.ProfileColumns.DATA_TYPE;
import static io.driftlake.core.table.ProfileColumns.FINITE_COUNT;
import static io.driftlake.core.table.ProfileColumns.FINITE_M2;
import static io.driftlake.core.table.ProfileColumns.FINITE_MEAN;
import static io.driftlake.core.table.ProfileColumns.GRANULARITY;
import static io.driftlake.core.table.ProfileColumns.JOINT_COLUMNS;
import static io.driftlake.core.table.ProfileColumns.JOINT_COMOMENTS;
import static io.driftlake.core.table.ProfileColumns.JOINT_COUNT;
import static io.driftlake.core.table.ProfileColumns.JOINT_LABEL_COUNTS;
import static io.driftlake.core.table.ProfileColumns.JOINT_MEANS;
import static io.driftlake.core.table.ProfileColumns.KIND;
import static io.driftlake.core.table.ProfileColumns.MISSING_COUNT;
import static io.driftlake.core.table.ProfileColumns.PROFILE_ID;
import static io.driftlake.core.table.ProfileColumns.ROLE;
import static io.driftlake.core.table.ProfileColumns.ROW_COUNT;
import static io.driftlake.core.table.ProfileColumns.SLICE_KEY;
import static io.driftlake.core.table.ProfileColumns.SLICE_KEYS;
import static io.driftlake.core.table.ProfileColumns.SLICE_VALUE;
import static io.driftlake.core.table.ProfileColumns.SOURCE;
import static io.driftlake.core.table.ProfileColumns.WINDOW_END;
import static io.driftlake.core.table.ProfileColumns.WINDOW_START;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.Binning;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.CoMoments;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureCells;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.ProfileSet;
import io.driftlake.core.profile.UniversalProfile;
import io.driftlake.core.table.ProfileColumns;
import io.driftlake.core.table.TableRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
  /** {@code column_name} of a group's row-count row. */
  static final String TABLE_ROW = ":table";

  /** The profile table's schema, built from {@link ProfileColumns} (its one definition). */
  public static final StructType SCHEMA = SparkColumns.schema(ProfileColumns.ALL);

  private ProfileTable() {}

  /**
   * A profile to store: its role (reference or current), what was read, the profiles over the run's
   * frozen bins, and each of their groups' universal states (null for a frozen-bin profile: the
   * {@code builtin} engine's, or one counted into a frozen-bin stored reference's bins).
   */
  public record Entry(String role, String source, ProfileSet profiles, Map<GroupKey, UniversalProfile> cells) {
    public Entry(String role, String source, ProfileSet profiles) {
      this(role, source, profiles, null);
    }
  }

  /**
   * A stored profile: its groups over the bins frozen in the run that stored it, and, when it was
   * stored universal, every group's universal state ({@code cells}, keyed as {@code profiles.groups()});
   * null when any feature row lacks its state (profiles of earlier releases and frozen-bin runs), which
   * then compare with their own bins only.
   */
  public record Stored(ProfileSet profiles, Map<GroupKey, UniversalProfile> cells) {
    public boolean universal() {
      return cells != null;
    }

    /** The whole-data and slice groups only, as a reference needs them. */
    public Stored withoutWindows() {
      if (cells == null) {
        return new Stored(profiles.withoutWindows(), null);
      }
      Map<GroupKey, UniversalProfile> kept = new LinkedHashMap<>();
      cells.forEach((key, profile) -> {
        if (!key.windowed()) {
          kept.put(key, profile);
        }
      });
      return new Stored(profiles.withoutWindows(), kept);
    }
  }

  /** Writes the entries under {@code profileId} in one Delta transaction, replacing that id's earlier rows. */
  public static void write(SparkSession spark, String table, String profileId, Instant created, List<Entry> entries) {
    DriftTable.replaceOrCreate(spark, table, frame(spark, profileId, created, entries), "profile_id", profileId, null);
  }

  /**
   * {@link #write}, as {@code drift watch} commits a micro-batch: the commit records {@code version}
   * for {@code appId} (Delta's idempotent writes), and is skipped when the table already records it.
   *
   * @return whether this call committed
   */
  public static boolean writeOnce(SparkSession spark, String table, String profileId, Instant created, List<Entry> entries,
      String appId, long version) {
    return DriftTable.replaceOnce(spark, table, () -> frame(spark, profileId, created, entries),
        "profile_id = '" + profileId + "'", null, appId, version);
  }

  /** The rows {@link #write} stores, as one partition. */
  private static Dataset<Row> frame(SparkSession spark, String profileId, Instant created, List<Entry> entries) {
    DriftTable.validateRunId(profileId);
    List<Row> rows = new ArrayList<>();
    for (Entry entry : entries) {
      ProfileSet set = entry.profiles();
      for (Map.Entry<GroupKey, DatasetProfile> group : set.groups().entrySet()) {
        GroupKey key = group.getKey();
        TableRow head = TableRow.builder(ProfileColumns.ALL)
            .set(PROFILE_ID, profileId).set(ROLE, entry.role()).set(CREATED_TS, created).set(SOURCE, entry.source())
            .set(GRANULARITY, set.granularity() == null ? null : set.granularity().toString())
            .set(SLICE_KEYS, set.sliceKeys()).set(BINNING, set.binning() == null ? null : set.binning().label())
            .set(WINDOW_START, key.windowStart()).set(WINDOW_END, key.windowEnd())
            .set(SLICE_KEY, key.sliceKey()).set(SLICE_VALUE, key.sliceValue())
            .set(COLUMN_NAME, TABLE_ROW).set(ROW_COUNT, group.getValue().rowCount())
            .build();
        rows.add(SparkColumns.toRow(withJoint(head, group.getValue().joint())));
        UniversalProfile cells = entry.cells() == null ? null : entry.cells().get(key);
        for (Map.Entry<String, HistogramState> state : group.getValue().states().entrySet()) {
          FeatureCells featureCells = cells == null ? null : cells.states().get(state.getKey());
          rows.add(SparkColumns.toRow(featureRow(head, state.getKey(), set.bins().get(state.getKey()),
              set.dataTypes().get(state.getKey()), state.getValue())
              .with(CELLS, featureCells == null ? null : featureCells.toBytes())));
        }
      }
    }
    return spark.createDataFrame(rows, SCHEMA).coalesce(1); // one file, no shuffle stage
  }

  /** The group's co-moments on its {@code :table} row (feature rows leave the joint columns null). */
  private static TableRow withJoint(TableRow head, CoMoments joint) {
    if (joint == null) {
      return head;
    }
    return head.toBuilder().set(JOINT_COLUMNS, joint.columns()).set(JOINT_COUNT, joint.count())
        .set(JOINT_MEANS, joint.means()).set(JOINT_COMOMENTS, joint.comoments()).build();
  }

  private static TableRow featureRow(TableRow head, String column, FeatureBins bins, String dataType,
      HistogramState state) {
    long[] joint = state.getJointLabelCounts();
    return head.toBuilder()
        .set(COLUMN_NAME, column).set(DATA_TYPE, dataType).set(KIND, bins.kind().label())
        .set(BIN_EDGES, bins.edgeArray()).set(CATEGORIES, bins.categoryLabels())
        .set(BIN_COUNTS, state.getBinCounts()).set(MISSING_COUNT, state.getMissingCount())
        .set(FINITE_COUNT, state.getFiniteCount()).set(FINITE_MEAN, state.getFiniteMean())
        .set(FINITE_M2, state.getFiniteSquaredDeviations())
        .set(JOINT_LABEL_COUNTS, joint.length == 0 ? null : joint)
        .build();
  }

  /**
   * Reads a stored profile. {@code spec} is a profile id (its reference profile) or
   * {@code ID/reference} / {@code ID/current}.
   */
  public static ProfileSet read(SparkSession spark, String table, String spec) {
    return readStored(spark, table, spec, "--reference-profile").profiles();
  }

  /**
   * Reads a stored profile with its universal states (when it has them); {@code option} is the option
   * that named {@code spec}, for the message when it is malformed.
   */
  public static Stored readStored(SparkSession spark, String table, String spec, String option) {
    return readStored(spark, table, List.of(spec), List.of(option)).get(0);
  }

  /**
   * Reads several stored profiles ({@code specs}, each named by the option at the same index) in one
   * query of the profile table; in the order given.
   */
  public static List<Stored> readStored(SparkSession spark, String table, List<String> specs, List<String> options) {
    List<String[]> keys = new ArrayList<>();
    org.apache.spark.sql.Column wanted = null;
    for (int i = 0; i < specs.size(); i++) {
      String spec = specs.get(i);
      int slash = spec.lastIndexOf('/');
      String id = slash < 0 ? spec : spec.substring(0, slash);
      String role = slash < 0 ? REFERENCE : spec.substring(slash + 1);
      if (!role.equals(REFERENCE) && !role.equals(CURRENT)) {
        throw DriftErrors.badOptionValue(options.get(i), spec, "expected ID, ID/reference or ID/current");
      }
      keys.add(new String[] {id, role});
      org.apache.spark.sql.Column one = Features.column("profile_id").equalTo(id).and(Features.column("role").equalTo(role));
      wanted = wanted == null ? one : wanted.or(one);
    }
    Map<String, List<Row>> byKey = new LinkedHashMap<>();
    for (Row row : readTable(spark, table).where(wanted).collectAsList()) {
      byKey.computeIfAbsent(row.<String>getAs("profile_id") + "/" + row.<String>getAs("role"), k -> new ArrayList<>()).add(row);
    }
    List<Stored> stored = new ArrayList<>();
    for (String[] key : keys) {
      List<Row> rows = byKey.get(key[0] + "/" + key[1]);
      if (rows == null) {
        throw DriftErrors.input("no " + key[1] + " profile '" + key[0] + "' in the profile table " + table
            + ". Check the id (a run id that wrote to --profile-table), or profile the data first");
      }
      stored.add(fromRows(rows));
    }
    return stored;
  }

  public static Dataset<Row> readTable(SparkSession spark, String table) {
    return DriftTable.readExisting(spark, table, "profile", "--profile-table", "drift run --profile-table " + table);
  }


  private static Stored fromRows(List<Row> sparkRows) {
    List<TableRow> rows = sparkRows.stream().map(r -> SparkColumns.fromRow(ProfileColumns.ALL, r)).toList();
    TableRow first = rows.get(0);
    String granularityText = first.get(GRANULARITY);
    Granularity granularity = granularityText == null ? null : Granularity.parse(granularityText);
    String binningText = first.get(BINNING);
    Binning binning = binningText == null ? null : Binning.parse(binningText);
    List<String> sliceKeys = first.get(SLICE_KEYS);
    Map<String, FeatureBins> bins = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    Map<GroupKey, Long> rowCounts = new LinkedHashMap<>();
    Map<GroupKey, Map<String, HistogramState>> states = new LinkedHashMap<>();
    Map<GroupKey, CoMoments> joints = new LinkedHashMap<>();
    Map<GroupKey, Map<String, FeatureCells>> cells = new LinkedHashMap<>();
    boolean universal = true;
    for (TableRow row : rows) {
      GroupKey key = new GroupKey(row.get(WINDOW_START), row.get(WINDOW_END), row.get(SLICE_KEY), row.get(SLICE_VALUE));
      String column = row.get(COLUMN_NAME);
      rowCounts.put(key, row.get(ROW_COUNT));
      states.computeIfAbsent(key, k -> new LinkedHashMap<>());
      if (column.equals(TABLE_ROW)) {
        if (row.get(JOINT_COLUMNS) != null) { // null without joint features, and in tables written before the columns
          joints.put(key, CoMoments.of(row.get(JOINT_COLUMNS), row.get(JOINT_COUNT), row.get(JOINT_MEANS),
              row.get(JOINT_COMOMENTS)));
        }
        continue;
      }
      bins.computeIfAbsent(column, c -> bins(row, c));
      types.putIfAbsent(column, row.get(DATA_TYPE));
      HistogramState state = HistogramState.empty(0);
      state.setBinCounts(row.get(BIN_COUNTS));
      state.setMissingCount(row.get(MISSING_COUNT));
      state.setFiniteCount(row.get(FINITE_COUNT));
      state.setFiniteMean(row.get(FINITE_MEAN));
      state.setFiniteSquaredDeviations(row.get(FINITE_M2));
      if (row.get(JOINT_LABEL_COUNTS) != null) { // null without a label, and in tables written before the column
        state.setJointLabelCounts(row.get(JOINT_LABEL_COUNTS));
      }
      states.get(key).put(column, state);
      byte[] stateBytes = row.get(CELLS);
      if (stateBytes == null) {
        universal = false;
      } else {
        cells.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(column, FeatureCells.fromBytes(stateBytes));
      }
    }
    Map<GroupKey, DatasetProfile> groups = new LinkedHashMap<>();
    rowCounts.forEach((key, count) -> groups.put(key, new DatasetProfile(count, states.get(key), joints.get(key))));
    ProfileSet profiles = new ProfileSet(bins, types, binning, granularity, sliceKeys, groups);
    if (!universal) {
      return new Stored(profiles, null);
    }
    Map<GroupKey, UniversalProfile> universalGroups = new LinkedHashMap<>();
    rowCounts.forEach((key, count) -> universalGroups.put(key, new UniversalProfile(count,
        cells.getOrDefault(key, Map.of()), joints.get(key) == null ? null : joints.get(key).copy())));
    return new Stored(profiles, universalGroups);
  }

  private static FeatureBins bins(TableRow row, String column) {
    FeatureKind kind = FeatureKind.parse(row.get(KIND));
    if (kind == FeatureKind.NUMERIC) {
      return FeatureBins.numeric(column, BinEdges.of(row.get(BIN_EDGES)));
    }
    List<String> labels = new ArrayList<>(row.get(CATEGORIES));
    labels.remove(labels.size() - 1); // the "other" bin
    return FeatureBins.categorical(column, CategoryBins.of(labels));
  }
}
