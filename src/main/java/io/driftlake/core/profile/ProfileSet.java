package io.driftlake.core.profile;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.Binning;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.FeatureBins;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything profiled of one dataset over one set of frozen bins: a {@link DatasetProfile} per
 * {@link GroupKey} — the whole data, each slice, and (when windowed) each window and window×slice.
 * Built from the groups one scan counted ({@link #fromScan}); stored in and read back from the
 * profile table; rolled up to a coarser window ({@link #rollUp}) by adding states, so a weekly profile
 * from daily ones equals a weekly scan bin for bin.
 *
 * @param bins        frozen bins by column, in feature order
 * @param dataTypes   the profiled column's Spark type name ({@code double}, {@code string}, ...) by column
 * @param binning     how the numeric edges were chosen
 * @param granularity the window width, or null when not windowed
 * @param sliceKeys   the slice keys, in order (empty when not sliced)
 * @param groups      profiles by group, ordered by {@link GroupKey#ORDER}
 */
public record ProfileSet(Map<String, FeatureBins> bins, Map<String, String> dataTypes, Binning binning,
    Granularity granularity, List<String> sliceKeys, Map<GroupKey, DatasetProfile> groups) {

  public ProfileSet {
    bins = Collections.unmodifiableMap(new LinkedHashMap<>(bins));
    dataTypes = Collections.unmodifiableMap(new LinkedHashMap<>(dataTypes));
    sliceKeys = List.copyOf(sliceKeys);
    Map<GroupKey, DatasetProfile> sorted = new TreeMap<>(GroupKey.ORDER);
    sorted.putAll(groups);
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
  }

  /**
   * Assembles the groups of one scan. The scan counts each row once per slice key (or once, with
   * no slices), grouped by window start (null when not windowed, or when the row's window value is
   * null) and slice. Whole-data groups are sums: a slice over all windows adds up its windows (and
   * the rows with no window value); the unsliced data adds up the values of the first slice key,
   * whose values partition the rows.
   */
  public static ProfileSet fromScan(Map<String, FeatureBins> bins, Map<String, String> dataTypes, Binning binning,
      Granularity granularity, List<String> sliceKeys, Map<GroupKey, DatasetProfile> scanned) {
    Map<GroupKey, DatasetProfile> groups = new LinkedHashMap<>();
    String firstKey = sliceKeys.isEmpty() ? null : sliceKeys.get(0);
    for (Map.Entry<GroupKey, DatasetProfile> entry : scanned.entrySet()) {
      GroupKey key = entry.getKey();
      DatasetProfile profile = entry.getValue();
      List<GroupKey> targets = new ArrayList<>();
      targets.add(key.withoutWindow());
      if (key.windowed()) {
        targets.add(key);
      }
      if (key.sliced() && key.sliceKey().equals(firstKey)) {
        targets.add(GroupKey.WHOLE);
        if (key.windowed()) {
          targets.add(key.withoutSlice());
        }
      }
      for (GroupKey target : targets) {
        groups.merge(target, profile, DatasetProfile::plus);
      }
    }
    groups.putIfAbsent(GroupKey.WHOLE, DatasetProfile.empty());
    return new ProfileSet(bins, dataTypes, binning, granularity, sliceKeys, groups);
  }

  public DatasetProfile whole() {
    return groups.getOrDefault(GroupKey.WHOLE, DatasetProfile.empty());
  }

  /** Rows of the whole data that fell in no window (their window column was null). */
  public long rowsWithoutWindow() {
    if (granularity == null) {
      return 0;
    }
    long inWindows = groups.entrySet().stream()
        .filter(e -> e.getKey().windowed() && !e.getKey().sliced())
        .mapToLong(e -> e.getValue().rowCount()).sum();
    return whole().rowCount() - inWindows;
  }

  /**
   * The same data in coarser windows: each window's state is added into the window of
   * {@code coarser} that contains it. Whole-data and slice groups are unchanged. Fails when a window
   * straddles two coarser ones (days roll up into weeks or months, weeks do not roll up into months).
   */
  public ProfileSet rollUp(Granularity coarser) {
    Map<GroupKey, DatasetProfile> rolled = new LinkedHashMap<>();
    for (Map.Entry<GroupKey, DatasetProfile> entry : groups.entrySet()) {
      rolled.merge(rolledKey(entry.getKey(), coarser), entry.getValue(), DatasetProfile::plus);
    }
    return new ProfileSet(bins, dataTypes, binning, coarser, sliceKeys, rolled);
  }

  /**
   * The universal states of this profile's groups ({@code cells}, keyed as {@link #groups}) rolled up
   * to {@code coarser} as {@link #rollUp} rolls up the profiles: each window's states added into the
   * coarser window that contains it.
   */
  public Map<GroupKey, UniversalProfile> rollUpCells(Map<GroupKey, UniversalProfile> cells, Granularity coarser) {
    Map<GroupKey, UniversalProfile> rolled = new LinkedHashMap<>();
    for (Map.Entry<GroupKey, UniversalProfile> entry : cells.entrySet()) {
      UniversalProfile.addInto(rolled, rolledKey(entry.getKey(), coarser), entry.getValue());
    }
    return rolled;
  }

  /** The group of {@code coarser} that {@code key} rolls up into (itself when not windowed). */
  private GroupKey rolledKey(GroupKey key, Granularity coarser) {
    if (granularity == null) {
      throw DriftErrors.input("the profile has no time windows to roll up. Profile the data with --window-column and --granularity first");
    }
    if (!key.windowed()) {
      return key;
    }
    long start = Granularity.toMicros(key.windowStart());
    long end = Granularity.toMicros(key.windowEnd());
    if (!coarser.contains(start, end)) {
      throw DriftErrors.input("windows of " + granularity + " do not nest in windows of " + coarser + " (the window from "
          + Granularity.format(start) + " straddles two). Roll up to a multiple of " + granularity);
    }
    long coarseStart = coarser.windowStart(start);
    return key.withWindow(Granularity.toInstant(coarseStart), Granularity.toInstant(coarser.windowEnd(coarseStart)));
  }

  /** The whole-data and slice groups only, as a reference needs them (a stored current profile may serve as one). */
  public ProfileSet withoutWindows() {
    Map<GroupKey, DatasetProfile> kept = new LinkedHashMap<>();
    groups.forEach((key, profile) -> {
      if (!key.windowed()) {
        kept.put(key, profile);
      }
    });
    return new ProfileSet(bins, dataTypes, binning, null, sliceKeys, kept);
  }
}
