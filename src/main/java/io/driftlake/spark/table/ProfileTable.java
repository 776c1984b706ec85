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

import io.driftlake.core.histogram.CoMoments;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureCells;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.ProfileSet;
import io.driftlake.core.profile.StoredProfile;
import io.driftlake.core.profile.UniversalProfile;
import io.driftlake.core.table.ProfileColumns;
import io.driftlake.core.table.TableRow;
import java.time.Instant;
import java.util.ArrayList;
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
  public static final String REFERENCE = StoredProfile.REFERENCE;
  public static final String CURRENT = StoredProfile.CURRENT;
  /** {@code column_name} of a group's row-count row. */
  static final String TABLE_ROW = StoredProfile.TABLE_ROW;

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
  public static StoredProfile readStored(SparkSession spark, String table, String spec, String option) {
    return readStored(spark, table, List.of(spec), List.of(option)).get(0);
  }

  /**
   * Reads several stored profiles ({@code specs}, each named by the option at the same index) in one
   * query of the profile table; in the order given.
   */
  public static List<StoredProfile> readStored(SparkSession spark, String table, List<String> specs, List<String> options) {
    org.apache.spark.sql.Column wanted = null;
    for (int i = 0; i < specs.size(); i++) {
      String[] key = StoredProfile.idAndRole(specs.get(i), options.get(i));
      org.apache.spark.sql.Column one = Features.column("profile_id").equalTo(key[0]).and(Features.column("role").equalTo(key[1]));
      wanted = wanted == null ? one : wanted.or(one);
    }
    List<TableRow> rows = new ArrayList<>();
    for (Row row : readTable(spark, table).where(wanted).collectAsList()) {
      rows.add(SparkColumns.fromRow(ProfileColumns.ALL, row));
    }
    return StoredProfile.select(rows, table, specs, options);
  }

  public static Dataset<Row> readTable(SparkSession spark, String table) {
    return DriftTable.readExisting(spark, table, "profile", "--profile-table", "drift run --profile-table " + table);
  }
}
