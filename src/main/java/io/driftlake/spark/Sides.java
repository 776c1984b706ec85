package io.driftlake.spark;

import io.driftlake.core.profile.StoredProfile;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.UniversalProfile;
import io.driftlake.spark.engine.Grouping;
import io.driftlake.spark.input.DatasetReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The two sides of a run, each either a dataset the run scans or a profile a previous run stored
 * ({@code --reference-profile}, {@code --current-profile}), and the rules for comparing stored ones:
 * a profile stored universal ({@link StoredProfile#universal}) compares with anything; one
 * stored with frozen bins only (by an earlier release, or by a frozen-bin run) compares with scanned
 * data counted into its bins (as a reference) or with the profile of its own run, nothing else.
 */
final class Sides {
  private Sides() {}

  /** One side of a run. */
  sealed interface Side permits Scanned, Stored {
    String description();

    /** The side's columns: the plan checks one side's against the other's. */
    StructType schema();

    /** Whether rows were filtered out ({@code --reference-filter}/{@code --current-filter}), for the empty-dataset message. */
    boolean filtered();
  }

  /** A dataset this run scans. */
  record Scanned(DatasetReader.Loaded dataset) implements Side {
    @Override
    public String description() {
      return dataset.description();
    }

    @Override
    public StructType schema() {
      return dataset.data().schema();
    }

    @Override
    public boolean filtered() {
      return dataset.filtered();
    }
  }

  /** A stored profile, read from {@code table} by {@code spec} ({@code ID[/ROLE]}), named by {@code option}. */
  record Stored(StoredProfile stored, String spec, String table, String option) implements Side {
    @Override
    public String description() {
      return "profile " + spec + " in " + table;
    }

    /** The columns as the stored profile recorded them: their type names, parsed back. */
    @Override
    public StructType schema() {
      StructType schema = new StructType();
      for (Map.Entry<String, String> column : stored.profiles().dataTypes().entrySet()) {
        schema = schema.add(column.getKey(), DataType.fromDDL(column.getValue()));
      }
      return schema;
    }

    @Override
    public boolean filtered() {
      return false;
    }

    boolean universal() {
      return stored.universal();
    }
  }

  /**
   * The sides {@code request} ({@link StoredProfile.Request}) read from {@code table}, in request order;
   * a reference keeps its whole-data and slice groups only.
   */
  static List<Stored> sides(StoredProfile.Request request, String table, List<StoredProfile> read) {
    List<Stored> sides = new ArrayList<>();
    for (int i = 0; i < read.size(); i++) {
      boolean reference = request.options().get(i).equals(io.driftlake.core.config.DriftConfig.REFERENCE_PROFILE.option());
      sides.add(new Stored(reference ? read.get(i).withoutWindows() : read.get(i), request.given().get(i), table,
          request.options().get(i)));
    }
    return sides;
  }

  /** Whether {@code side} can give universal states: scanned, or stored universal. */
  static boolean universal(Side side) {
    return side instanceof Scanned || ((Stored) side).universal();
  }

  /**
   * Fails, with a message that says why, unless a stored current profile's slice keys are the run's
   * and it has the windows that comparing consecutive windows needs.
   */
  static void checkCurrent(Stored current, List<Grouping.Slice> slices, boolean consecutive) {
    if (consecutive && current.stored().profiles().granularity() == null) {
      throw DriftErrors.input("the current profile " + current.spec() + " has no time windows to compare consecutively. "
          + "Use --drift-type baseline, or profile the data with --window-column and --granularity");
    }
    List<String> keys = slices.stream().map(Grouping.Slice::key).toList();
    List<String> stored = current.stored().profiles().sliceKeys();
    if (!stored.equals(keys)) {
      throw DriftErrors.input("the current profile " + current.spec() + " was sliced by " + stored + " but this run by "
          + keys + ". Pass the same --slice-by / --slice-expr as the run that stored it");
    }
  }

  /**
   * A stored current profile's groups with its slice values that the reference did not keep added into
   * {@code __other__}, as a scan of the current data into the reference's kept slices would count them.
   * Fails when the stored profile already folded a value the reference keeps (its {@code __other__}
   * holds rows that this comparison would need apart).
   */
  static Map<GroupKey, UniversalProfile> foldedToReferenceSlices(Stored current, List<Grouping.Slice> slices) {
    Map<String, Grouping.Slice> byKey = new LinkedHashMap<>();
    slices.forEach(slice -> byKey.put(slice.key(), slice));
    Map<String, Set<String>> present = new LinkedHashMap<>();
    current.stored().cells().keySet().forEach(key -> {
      if (key.sliced()) {
        present.computeIfAbsent(key.sliceKey(), k -> new HashSet<>()).add(key.sliceValue());
      }
    });
    for (Map.Entry<String, Set<String>> entry : present.entrySet()) {
      Grouping.Slice slice = byKey.get(entry.getKey());
      if (slice != null && slice.kept() != null && entry.getValue().contains(CategoryBins.OTHER_LABEL)) {
        for (String kept : slice.kept()) {
          if (!entry.getValue().contains(kept)) {
            throw DriftErrors.input("the current profile " + current.spec() + " folded the slice value '" + kept + "' of "
                + entry.getKey() + " into " + CategoryBins.OTHER_LABEL + ", but the reference keeps it apart. "
                + "Store the current profile with a larger --max-slices, or compare it with its own run's reference");
          }
        }
      }
    }
    Map<GroupKey, UniversalProfile> folded = new LinkedHashMap<>();
    current.stored().cells().forEach((key, profile) -> {
      GroupKey target = key;
      Grouping.Slice slice = key.sliced() ? byKey.get(key.sliceKey()) : null;
      if (slice != null && slice.kept() != null && !keeps(slice, key.sliceValue())) {
        target = new GroupKey(key.windowStart(), key.windowEnd(), key.sliceKey(), CategoryBins.OTHER_LABEL);
      }
      UniversalProfile.addInto(folded, target, profile);
    });
    return folded;
  }

  private static boolean keeps(Grouping.Slice slice, String value) {
    return value == null ? slice.keepNull() : value.equals(CategoryBins.OTHER_LABEL) || slice.kept().contains(value);
  }

  /**
   * The states a stored profile keeps of {@code columns} over its own bins, per group: the exact
   * counts of categorical columns whose universal state overflowed into a sketch, which a run that
   * reads the profile cannot recount (kept only where the stored bins are {@code bins}).
   */
  static Map<GroupKey, DatasetProfile> storedExactCounts(StoredProfile stored, List<String> columns,
      Map<String, CategoryBins> bins) {
    Map<GroupKey, DatasetProfile> exact = new LinkedHashMap<>();
    stored.profiles().groups().forEach((key, profile) -> {
      Map<String, HistogramState> states = new LinkedHashMap<>();
      for (String column : columns) {
        FeatureBins own = stored.profiles().bins().get(column);
        if (own != null && own.categories() != null && own.categories().equals(bins.get(column))
            && profile.states().containsKey(column)) {
          states.put(column, profile.states().get(column));
        }
      }
      exact.put(key, new DatasetProfile(profile.rowCount(), states, profile.joint()));
    });
    return exact;
  }

  /**
   * Checks that a frozen-bin stored current profile can be compared with {@code reference}: only a
   * frozen-bin reference profile with the same bins (its own run's) can be; the message says so.
   */
  static void checkOwnBins(Side reference, Stored current, List<String> columns) {
    String why = "the current profile " + current.spec() + " has frozen bins only (stored by an earlier release or a "
        + "builtin-engine run, without universal states), so it compares only with the reference profile of its own run";
    if (!(reference instanceof Stored stored) || stored.universal()) {
      throw DriftErrors.input(why + ". Pass --reference-profile " + ownId(current.spec())
          + ", or rescan the current data to compare it with another reference");
    }
    List<String> differing = new ArrayList<>();
    for (String column : columns) {
      FeatureBins theirs = current.stored().profiles().bins().get(column);
      if (theirs != null && !theirs.equals(stored.stored().profiles().bins().get(column))) {
        differing.add(column);
      }
    }
    if (!differing.isEmpty()) {
      throw DriftErrors.input(why + ", and the bins of " + differing + " differ from " + stored.spec()
          + "'s. Pass --reference-profile " + ownId(current.spec()) + ", or rescan the current data");
    }
  }

  private static String ownId(String spec) {
    int slash = spec.lastIndexOf('/');
    return slash < 0 ? spec : spec.substring(0, slash);
  }
}
