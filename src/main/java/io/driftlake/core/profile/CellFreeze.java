package io.driftlake.core.profile;

import io.driftlake.core.config.Binning;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.CategoryCounts;
import io.driftlake.core.histogram.CellBinning;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureCells;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.histogram.NumericCells;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bins frozen at comparison time from universal states ({@link UniversalProfile}), and each group's
 * {@link DatasetProfile} over them. The run reads each dataset once; then, per feature:
 * <ul>
 *   <li>numeric: the <b>common level</b> is the coarsest level among the reference and every group the
 *       run compares ({@link CellBinning#commonLevel}: the reference's whole data and slices, the current
 *       data's whole, windows, slices and window×slices), so all windows and slices of a feature share
 *       one set of edges; the edges are {@link CellBinning#quantileEdges} or
 *       {@link CellBinning#equalWidthEdges} of the reference's whole state coarsened to that level; each
 *       state's bin counts are {@link CellBinning#binCounts}, exact sums of its cells;
 *   <li>categorical: {@link CategoryBins#topK} of the reference's value counts, {@code --max-categories}
 *       of them, as before; each state's counts are its counts of those values, "other" is its non-null
 *       count minus theirs (exact while the state is exact, {@link CategoryCounts}).
 * </ul>
 * Missing (null and NaN) and the finite moments come from the states unchanged; with a label, the joint
 * (feature bin, label bin) counts are the sums of the per-label-value states' bin counts
 * ({@link FeatureCells}).
 *
 * <p>Slices: the reference is scanned grouped by every slice value; {@link #keptSlices} picks the
 * {@code --max-slices} most frequent values per key (the same rule as before: by rows, ties by value,
 * null first) and {@link #foldSlices} adds every other value's states into {@code __other__}.
 */
public final class CellFreeze {
  private CellFreeze() {}

  /** The frozen bins of a run and both sides' groups as profiles over them. */
  public record Frozen(Map<String, FeatureBins> bins, Map<GroupKey, DatasetProfile> reference,
      Map<GroupKey, DatasetProfile> current, Map<GroupKey, UniversalProfile> referenceGroups,
      Map<GroupKey, UniversalProfile> currentGroups) {
    /**
     * The current values each comparison's base never had ({@code top_new_values}), from both sides'
     * universal states per group (whole data, windows, slices, as {@link #assemble} sums them).
     */
    public NewValues newValues() {
      return CellFreeze.newValues(referenceGroups, currentGroups);
    }
  }

  /**
   * The current values each comparison's base never had ({@code top_new_values}), from both sides'
   * assembled universal states ({@link #assemble}).
   */
  public static NewValues newValues(Map<GroupKey, UniversalProfile> referenceGroups,
      Map<GroupKey, UniversalProfile> currentGroups) {
    return NewValues.of(categories(referenceGroups), categories(currentGroups));
  }

  private static Map<GroupKey, Map<String, CategoryCounts>> categories(Map<GroupKey, UniversalProfile> groups) {
    Map<GroupKey, Map<String, CategoryCounts>> out = new LinkedHashMap<>();
    groups.forEach((key, profile) -> {
      Map<String, CategoryCounts> counts = new LinkedHashMap<>();
      profile.states().forEach((column, cells) -> {
        if (cells.kind() == FeatureKind.CATEGORICAL) {
          counts.put(column, cells.categories());
        }
      });
      out.put(key, counts);
    });
    return out;
  }

  /**
   * Freezes the bins of {@code features} (column → kind, in feature order) from the reference's
   * groups and converts both sides' groups (as the scans gave them, slices already folded) to profiles.
   *
   * @param label the {@code --label-col} column (one of {@code features}) whose bins the joint counts use, or null
   */
  public static Frozen freeze(Map<String, FeatureKind> features, Map<GroupKey, UniversalProfile> reference,
      Map<GroupKey, UniversalProfile> current, List<String> sliceKeys, Binning binning, int bins, int maxCategories,
      String label) {
    return freeze(features, reference, current, sliceKeys, binning, bins, maxCategories, label, Map.of());
  }

  /**
   * {@link #freeze}, with the categorical bins of some features given ({@code categories}: the exact top
   * values of a reference whose {@link CategoryCounts} overflowed into a sketch, recounted by Spark).
   */
  public static Frozen freeze(Map<String, FeatureKind> features, Map<GroupKey, UniversalProfile> reference,
      Map<GroupKey, UniversalProfile> current, List<String> sliceKeys, Binning binning, int bins, int maxCategories,
      String label, Map<String, CategoryBins> categories) {
    Map<GroupKey, UniversalProfile> referenceGroups = assemble(reference, sliceKeys);
    Map<GroupKey, UniversalProfile> currentGroups = assemble(current, sliceKeys);
    Map<String, FeatureBins> frozen = bins(features, referenceGroups, currentGroups, binning, bins, maxCategories, categories);
    CategoryBins labelBins = label == null ? null : frozen.get(label).categories();
    return new Frozen(frozen, profiles(reference, frozen, labelBins), profiles(current, frozen, labelBins),
        referenceGroups, currentGroups);
  }

  /**
   * The bins of {@code features} (column → kind, in feature order), frozen from the reference's
   * <b>assembled</b> groups ({@link #assemble}: its whole data is {@link GroupKey#WHOLE}) at each numeric
   * feature's common level over every group of both sides; {@code categories} gives the categorical
   * bins of some features (the exact top values of a reference whose {@link CategoryCounts} overflowed).
   */
  public static Map<String, FeatureBins> bins(Map<String, FeatureKind> features,
      Map<GroupKey, UniversalProfile> referenceGroups, Map<GroupKey, UniversalProfile> currentGroups, Binning binning,
      int bins, int maxCategories, Map<String, CategoryBins> categories) {
    UniversalProfile whole = referenceGroups.get(GroupKey.WHOLE);
    Map<String, FeatureBins> frozen = new LinkedHashMap<>();
    for (Map.Entry<String, FeatureKind> feature : features.entrySet()) {
      String column = feature.getKey();
      FeatureCells state = whole == null ? null : whole.states().get(column);
      if (feature.getValue() == FeatureKind.NUMERIC) {
        List<NumericCells> compared = new ArrayList<>();
        for (Collection<UniversalProfile> side : List.of(referenceGroups.values(), currentGroups.values())) {
          for (UniversalProfile group : side) {
            FeatureCells cells = group.states().get(column);
            if (cells != null) {
              compared.add(cells.numeric());
            }
          }
        }
        frozen.put(column, FeatureBins.numeric(column, state == null ? BinEdges.fromCutPoints()
            : numericEdges(state.numeric(), compared, binning, bins)));
      } else if (categories.containsKey(column)) {
        frozen.put(column, FeatureBins.categorical(column, categories.get(column)));
      } else {
        frozen.put(column, FeatureBins.categorical(column, state == null ? CategoryBins.of(List.of())
            : categoryBins(state.categories(), maxCategories)));
      }
    }
    return frozen;
  }

  /** Edges chosen from {@code reference} at the common level of it and {@code compared}. */
  static BinEdges numericEdges(NumericCells reference, List<NumericCells> compared, Binning binning, int bins) {
    List<NumericCells> all = new ArrayList<>(compared);
    all.add(reference);
    int level = CellBinning.commonLevel(all);
    NumericCells coarse = reference.level() > level ? reference.copy().coarsenedTo(level) : reference;
    return binning == Binning.EQUAL_WIDTH ? CellBinning.equalWidthEdges(coarse, bins)
        : CellBinning.quantileEdges(coarse, bins);
  }

  /** {@link CategoryBins#topK} of the reference's value counts (exact, or the sketch's estimates beyond its cap). */
  public static CategoryBins categoryBins(CategoryCounts reference, int maxCategories) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (CategoryCounts.ValueCount value : reference.topValues(Integer.MAX_VALUE)) {
      counts.put(value.value(), value.estimate());
    }
    return CategoryBins.topK(counts, maxCategories);
  }

  /** Each group's profile over the frozen bins ({@link #profile}). */
  public static Map<GroupKey, DatasetProfile> profiles(Map<GroupKey, UniversalProfile> scanned,
      Map<String, FeatureBins> bins, CategoryBins labelBins) {
    Map<GroupKey, DatasetProfile> out = new LinkedHashMap<>();
    scanned.forEach((key, profile) -> out.put(key, profile(profile, bins, labelBins)));
    return out;
  }

  /** One group's profile over the frozen bins (features without bins, or not counted, are left out). */
  public static DatasetProfile profile(UniversalProfile profile, Map<String, FeatureBins> bins, CategoryBins labelBins) {
    Map<String, HistogramState> states = new LinkedHashMap<>();
    for (Map.Entry<String, FeatureCells> entry : profile.states().entrySet()) {
      FeatureBins frozen = bins.get(entry.getKey());
      if (frozen != null) {
        states.put(entry.getKey(), state(entry.getValue(), frozen, labelBins));
      }
    }
    return new DatasetProfile(profile.rowCount(), states, profile.joint() == null ? null : profile.joint().copy());
  }

  /** A feature's histogram state over its frozen bins: exact bin counts, missing, moments, joint label counts. */
  public static HistogramState state(FeatureCells cells, FeatureBins bins, CategoryBins labelBins) {
    HistogramState state = HistogramState.empty(bins.binCount());
    if (cells.kind() == FeatureKind.NUMERIC) {
      NumericCells numeric = cells.numeric();
      state.setBinCounts(CellBinning.binCounts(numeric, bins.edges()));
      state.setMissingCount(numeric.missingCount() + numeric.nanCount());
      state.setZeroCount(numeric.zeroCount());
      state.setDistinctCount(numeric.distinctCount() + (numeric.positiveInfinityCount() > 0 ? 1 : 0)
          + (numeric.negativeInfinityCount() > 0 ? 1 : 0));
      if (numeric.finiteCount() > 0) {
        state.setFiniteCount(numeric.finiteCount());
        state.setFiniteMean(numeric.mean());
        state.setFiniteSquaredDeviations(numeric.squaredDeviations());
      }
    } else {
      state.setBinCounts(categoryCounts(cells.categories(), bins.categories()));
      state.setMissingCount(cells.categories().nullCount());
      state.setDistinctCount(cells.categories().distinctCount());
    }
    if (labelBins != null && cells.byLabel() != null) {
      int labelCount = labelBins.binCount();
      long[] joint = new long[bins.binCount() * labelCount];
      for (Map.Entry<String, FeatureCells> entry : cells.byLabel().entrySet()) {
        int labelBin = labelBins.binOf(entry.getKey());
        FeatureCells part = entry.getValue();
        long[] counts = part.kind() == FeatureKind.NUMERIC ? CellBinning.binCounts(part.numeric(), bins.edges())
            : categoryCounts(part.categories(), bins.categories());
        for (int b = 0; b < counts.length; b++) {
          joint[b * labelCount + labelBin] += counts[b];
        }
      }
      state.setJointLabelCounts(joint);
    }
    return state;
  }

  /** Counts of the frozen categories, then "other": the non-null count minus theirs. */
  static long[] categoryCounts(CategoryCounts counts, CategoryBins bins) {
    List<String> categories = bins.categories();
    long[] out = new long[categories.size() + 1];
    long kept = 0;
    for (int i = 0; i < categories.size(); i++) {
      out[i] = counts.count(categories.get(i)).estimate();
      kept += out[i];
    }
    out[categories.size()] = Math.max(0, counts.nonNullCount() - kept);
    return out;
  }

  /**
   * The groups one scan gave, with the sums {@link ProfileSet#fromScan} forms: each slice over all
   * windows, each window over the first slice key's values, and the whole data.
   */
  public static Map<GroupKey, UniversalProfile> assemble(Map<GroupKey, UniversalProfile> scanned, List<String> sliceKeys) {
    Map<GroupKey, UniversalProfile> groups = new LinkedHashMap<>();
    String firstKey = sliceKeys.isEmpty() ? null : sliceKeys.get(0);
    for (Map.Entry<GroupKey, UniversalProfile> entry : scanned.entrySet()) {
      GroupKey key = entry.getKey();
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
      for (GroupKey target : new java.util.LinkedHashSet<>(targets)) {
        UniversalProfile.addInto(groups, target, entry.getValue());
      }
    }
    return groups;
  }

  /**
   * The kept values of each slice key: its {@code maxSlices} most frequent values in the reference's
   * (unwindowed) groups by row count, ties by value (code point order), null first; null may be one.
   */
  public static Map<String, List<String>> keptSlices(Map<GroupKey, UniversalProfile> reference, List<String> sliceKeys,
      int maxSlices) {
    Map<String, List<String>> kept = new LinkedHashMap<>();
    for (String sliceKey : sliceKeys) {
      Map<String, Long> rows = new HashMap<>();
      reference.forEach((key, profile) -> {
        if (sliceKey.equals(key.sliceKey())) {
          rows.merge(key.sliceValue(), profile.rowCount(), Long::sum);
        }
      });
      List<Map.Entry<String, Long>> entries = new ArrayList<>(rows.entrySet());
      Comparator<Map.Entry<String, Long>> byRows = Comparator.comparingLong(e -> -e.getValue());
      entries.sort(byRows.thenComparing(Map.Entry::getKey, Comparator.nullsFirst(CellFreeze::compareCodePoints)));
      List<String> values = new ArrayList<>();
      for (int i = 0; i < Math.min(maxSlices, entries.size()); i++) {
        values.add(entries.get(i).getKey());
      }
      kept.put(sliceKey, values);
    }
    return kept;
  }

  /** The reference's groups with every slice value not kept (per key) added into {@code __other__}. */
  public static Map<GroupKey, UniversalProfile> foldSlices(Map<GroupKey, UniversalProfile> reference,
      Map<String, List<String>> kept) {
    Map<GroupKey, UniversalProfile> folded = new LinkedHashMap<>();
    for (Map.Entry<GroupKey, UniversalProfile> entry : reference.entrySet()) {
      GroupKey key = entry.getKey();
      GroupKey target = key;
      if (key.sliced()) {
        Set<String> values = new HashSet<>(kept.getOrDefault(key.sliceKey(), List.of()));
        if (!values.contains(key.sliceValue())) {
          target = new GroupKey(key.windowStart(), key.windowEnd(), key.sliceKey(), CategoryBins.OTHER_LABEL);
        }
      }
      UniversalProfile existing = folded.get(target);
      if (existing == null) {
        folded.put(target, entry.getValue());
      } else {
        existing.merge(entry.getValue());
      }
    }
    return folded;
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
