package io.driftlake.core.profile;

import static io.driftlake.core.table.ProfileColumns.BINNING;
import static io.driftlake.core.table.ProfileColumns.BIN_COUNTS;
import static io.driftlake.core.table.ProfileColumns.BIN_EDGES;
import static io.driftlake.core.table.ProfileColumns.CATEGORIES;
import static io.driftlake.core.table.ProfileColumns.CELLS;
import static io.driftlake.core.table.ProfileColumns.COLUMN_NAME;
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
import static io.driftlake.core.table.ProfileColumns.WINDOW_END;
import static io.driftlake.core.table.ProfileColumns.WINDOW_START;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.Binning;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.CoMoments;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureCells;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.table.TableRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored profile: its groups over the bins frozen in the run that stored it, and, when it was
 * stored universal, every group's universal state ({@code cells}, keyed as {@code profiles.groups()});
 * null when any feature row lacks its state (profiles of earlier releases and frozen-bin runs), which
 * then compare with their own bins only.
 *
 * <p>Built from the profile table's rows ({@link #select}), whoever read them: Spark, or Delta Kernel
 * for a path (a run from two stored profiles then needs no Spark job to read them).
 */
public record StoredProfile(ProfileSet profiles, Map<GroupKey, UniversalProfile> cells) {
  /** The role of a run's reference profile in the profile table. */
  public static final String REFERENCE = "reference";
  /** The role of a run's current-data profile in the profile table. */
  public static final String CURRENT = "current";
  /** The column name of a group's own row (its row count and joint moments). */
  public static final String TABLE_ROW = ":table";

  /**
   * The stored profiles a run's settings name: {@code --reference-profile}, then {@code --current-profile}
   * ({@code given}, as typed), with the role made explicit ({@code specs}: a bare id is the run's
   * reference for the first and its current data for the second), and the option that named each.
   */
  public record Request(List<String> given, List<String> specs, List<String> options) {
    public static Request of(DriftConfig settings) {
      List<String> given = new ArrayList<>();
      List<String> specs = new ArrayList<>();
      List<String> options = new ArrayList<>();
      settings.referenceProfile().ifPresent(spec -> {
        given.add(spec);
        specs.add(spec.contains("/") ? spec : spec + "/" + REFERENCE);
        options.add(DriftConfig.REFERENCE_PROFILE.option());
      });
      settings.currentProfile().ifPresent(spec -> {
        given.add(spec);
        specs.add(spec.contains("/") ? spec : spec + "/" + CURRENT);
        options.add(DriftConfig.CURRENT_PROFILE.option());
      });
      return new Request(List.copyOf(given), List.copyOf(specs), List.copyOf(options));
    }
  }

  /** Reads the profile table's rows at {@code table} for the given specs ({@link #select}), in their order. */
  @FunctionalInterface
  public interface Reader {
    List<StoredProfile> read(String table, List<String> specs, List<String> options);
  }

  public boolean universal() {
    return cells != null;
  }

  /** The whole-data and slice groups only, as a reference needs them. */
  public StoredProfile withoutWindows() {
    if (cells == null) {
      return new StoredProfile(profiles.withoutWindows(), null);
    }
    Map<GroupKey, UniversalProfile> kept = new LinkedHashMap<>();
    cells.forEach((key, profile) -> {
      if (!key.windowed()) {
        kept.put(key, profile);
      }
    });
    return new StoredProfile(profiles.withoutWindows(), kept);
  }

  /**
   * {@code spec} ({@code ID}, {@code ID/reference} or {@code ID/current}, named by {@code option}) as
   * {@code {id, role}}; a bare id is the reference.
   *
   * @throws io.driftlake.core.DriftException (a usage error) for any other role
   */
  public static String[] idAndRole(String spec, String option) {
    int slash = spec.lastIndexOf('/');
    String id = slash < 0 ? spec : spec.substring(0, slash);
    String role = slash < 0 ? REFERENCE : spec.substring(slash + 1);
    if (!role.equals(REFERENCE) && !role.equals(CURRENT)) {
      throw DriftErrors.badOptionValue(option, spec, "expected ID, ID/reference or ID/current");
    }
    return new String[] {id, role};
  }

  /**
   * The stored profiles {@code specs} name among {@code rows} (rows of the profile table, any others
   * ignored), in the order of {@code specs}.
   *
   * @throws io.driftlake.core.DriftException (an input error) naming the first spec with no rows
   */
  public static List<StoredProfile> select(List<TableRow> rows, String table, List<String> specs, List<String> options) {
    List<String[]> keys = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      keys.add(idAndRole(specs.get(i), options.get(i)));
    }
    Map<String, List<TableRow>> byKey = new LinkedHashMap<>();
    for (TableRow row : rows) {
      byKey.computeIfAbsent(row.get(PROFILE_ID) + "/" + row.get(ROLE), k -> new ArrayList<>()).add(row);
    }
    List<StoredProfile> stored = new ArrayList<>();
    for (String[] key : keys) {
      List<TableRow> profileRows = byKey.get(key[0] + "/" + key[1]);
      if (profileRows == null) {
        throw DriftErrors.input("no " + key[1] + " profile '" + key[0] + "' in the profile table " + table
            + ". Check the id (a run id that wrote to --profile-table), or profile the data first");
      }
      stored.add(fromRows(profileRows));
    }
    return stored;
  }

  /** One stored profile from all its rows (one profile id and role). */
  public static StoredProfile fromRows(List<TableRow> rows) {
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
      return new StoredProfile(profiles, null);
    }
    Map<GroupKey, UniversalProfile> universalGroups = new LinkedHashMap<>();
    rowCounts.forEach((key, count) -> universalGroups.put(key, new UniversalProfile(count,
        cells.getOrDefault(key, Map.of()), joints.get(key) == null ? null : joints.get(key).copy())));
    return new StoredProfile(profiles, universalGroups);
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
