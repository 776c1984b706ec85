package io.driftlake.spark;

import io.driftlake.spark.bins.ReferenceBinner;
import io.driftlake.spark.common.Features;
import io.driftlake.spark.engine.ProfileTarget;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.profile.Identifiers;
import io.driftlake.core.table.FeatureSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which columns are measured and how, decided from the two schemas and the options before any data
 * is read. A feature that cannot be compared keeps its place with the reason, so that it still gets a
 * drift row ({@code FAILED}) while the others are measured. Once the bins are frozen
 * ({@link #withBins}) each feature carries them, and the same value gives the profiler its targets and
 * the comparison its {@link FeatureSpec}: nothing is looked up again by column name.
 *
 * <p>The default features (no {@code --features}) leave out the columns the run itself uses — the
 * window column, the {@code --slice-by} columns and the columns the filters read, each of which would
 * drift by construction or be constant within a slice — and the columns of types that are not
 * measured (struct, map, array, binary, interval, variant, ...). {@link #notices()} names them, one
 * line each kind; named in {@code --features} they are measured (or, for an unsupported type, get a
 * {@code FAILED} row saying why). String columns that look like identifiers are left out after the
 * reference's scan, when their distinct share is known ({@link #withoutIdentifiers}).
 */
public final class FeaturePlan {

  /**
   * One feature.
   *
   * @param kind null when the reference type is not supported
   * @param currentType null when the current data lacks the column
   * @param problem why the feature cannot be compared (a FAILED row), or null
   * @param bins its frozen bins; null until frozen, and for a feature that cannot be binned
   */
  public record Feature(String column, DataType referenceType, DataType currentType, FeatureKind kind, String problem,
      FeatureBins bins) {

    public boolean binnable() {
      return kind != null;
    }

    public boolean comparable() {
      return kind != null && problem == null;
    }

    /** The reference's type name ({@code double}, {@code string}, ...), as the drift and profile tables record it. */
    public String dataType() {
      return referenceType.simpleString();
    }

    /** What the comparison needs of this feature (core has no Spark types). */
    public FeatureSpec spec() {
      return new FeatureSpec(column, dataType(), bins, problem);
    }

    /** What the profiler counts of this feature in the reference. */
    public ProfileTarget referenceTarget() {
      return new ProfileTarget(bins, referenceType);
    }

    /** What the profiler counts of this feature in the current data. */
    public ProfileTarget currentTarget() {
      return new ProfileTarget(bins, currentType);
    }

    /** The value expression over a dataset of the given column type. */
    public Column value(DataType type) {
      return kind == FeatureKind.NUMERIC ? Features.numericValue(column, type) : Features.categoricalValue(column, type);
    }
  }

  private final List<Feature> features;
  private final List<String> notices;
  /**
   * The columns the options name (every feature when {@code --features} is given; the
   * {@code --categorical} and model columns otherwise): the identifier rule never leaves these out.
   */
  private final Set<String> named;

  private FeaturePlan(List<Feature> features, List<String> notices, Set<String> named) {
    this.features = List.copyOf(features);
    this.notices = List.copyOf(notices);
    this.named = Set.copyOf(named);
  }

  /** The distinct and non-null values of a string column in the reference, for {@link #withoutIdentifiers}. */
  public record Distinct(long distinct, long values) {}

  /**
   * The string features the options do not name (so: default features) — the columns
   * {@link #withoutIdentifiers} may leave out. Their distinct shares are read from the reference's
   * states after its scan.
   */
  public List<Feature> identifierCandidates() {
    return features.stream().filter(f -> f.kind() == FeatureKind.CATEGORICAL)
        .filter(f -> f.referenceType() instanceof org.apache.spark.sql.types.StringType)
        .filter(f -> !named.contains(f.column())).toList();
  }

  /**
   * The plan without the candidates that look like identifiers ({@link Identifiers}: at least 95%
   * distinct over at least 100 non-null reference values), and a notice naming each with its share
   * ("left out, looks like an identifier: Title (99.9% distinct of 1255 values); ..."). The same plan
   * when none does.
   */
  public FeaturePlan withoutIdentifiers(Map<String, Distinct> distinct) {
    List<String> leftOut = new ArrayList<>();
    List<Feature> kept = new ArrayList<>();
    Set<String> candidates = new LinkedHashSet<>();
    identifierCandidates().forEach(f -> candidates.add(f.column()));
    for (Feature f : features) {
      Distinct d = distinct.get(f.column());
      if (candidates.contains(f.column()) && d != null && Identifiers.looksLikeIdentifier(d.distinct(), d.values())) {
        leftOut.add(f.column() + " (" + Identifiers.share(d.distinct(), d.values()) + " distinct of " + d.values()
            + " values)");
      } else {
        kept.add(f);
      }
    }
    if (leftOut.isEmpty()) {
      return this;
    }
    if (kept.stream().noneMatch(Feature::binnable)) {
      throw DriftErrors.noFeatures();
    }
    List<String> withNotice = new ArrayList<>(notices);
    withNotice.add("left out, looks like an identifier: " + String.join(", ", leftOut)
        + "; name them in --features to measure them");
    return new FeaturePlan(kept, withNotice, named);
  }

  public List<Feature> features() {
    return features;
  }

  /** One line per kind of column the default features left out, naming them and how to include them. */
  public List<String> notices() {
    return notices;
  }

  /** The plan with each binnable feature's frozen bins (by column, as {@link ReferenceBinner} gives them). */
  public FeaturePlan withBins(Map<String, FeatureBins> frozen) {
    List<Feature> binned = new ArrayList<>();
    for (Feature f : features) {
      binned.add(f.binnable() ? new Feature(f.column(), f.referenceType(), f.currentType(), f.kind(), f.problem(),
          frozen.get(f.column())) : f);
    }
    return new FeaturePlan(binned, notices, named);
  }

  /** The features that can be binned: the reference is profiled over these. */
  public List<Feature> binnable() {
    return features.stream().filter(Feature::binnable).toList();
  }

  /** The features that can be compared: the current data is profiled over these. */
  public List<Feature> comparable() {
    return features.stream().filter(Feature::comparable).toList();
  }

  /** The frozen bins by column, in feature order, as a {@link io.driftlake.core.profile.ProfileSet} holds them. */
  public Map<String, FeatureBins> bins() {
    Map<String, FeatureBins> bins = new LinkedHashMap<>();
    binnable().forEach(f -> bins.put(f.column(), f.bins()));
    return bins;
  }

  /** The reference type names by column, in feature order, as a {@link io.driftlake.core.profile.ProfileSet} holds them. */
  public Map<String, String> dataTypes() {
    Map<String, String> types = new LinkedHashMap<>();
    binnable().forEach(f -> types.put(f.column(), f.dataType()));
    return types;
  }

  public List<FeatureSpec> specs() {
    return features.stream().map(Feature::spec).toList();
  }

  /** The {@code --label-col} feature; it must be a binnable column of the reference. */
  public Feature label(String column) {
    return binnable().stream().filter(f -> f.column().equals(column)).findFirst()
        .orElseThrow(() -> DriftErrors.badOptionValue("--label-col", column,
            "no such column of a supported type in the reference"));
  }

  public static FeaturePlan of(StructType reference, StructType current, DriftConfig config) {
    return of(reference, current, config, Map.of());
  }

  /**
   * @param filterColumns the columns the filters read, each with the options that read it
   *     ({@code --reference-filter}, {@code --current-filter}); left out of the default features
   */
  public static FeaturePlan of(StructType reference, StructType current, DriftConfig config,
      Map<String, List<String>> filterColumns) {
    Map<String, DataType> referenceColumns = columns(reference);
    Map<String, DataType> currentColumns = columns(current);
    Set<String> categorical = new LinkedHashSet<>(config.categorical());
    Set<String> exclude = new LinkedHashSet<>(config.exclude());
    // the window column places rows in time; measured as a feature it would drift by construction
    config.windowColumn().filter(w -> !config.features().contains(w)).ifPresent(exclude::add);
    Map<String, List<String>> usedByRun = usedByRun(config, filterColumns, referenceColumns.keySet());

    List<String> unknown = new ArrayList<>();
    for (String name : config.features()) {
      if (!referenceColumns.containsKey(name)) {
        unknown.add(name);
      }
    }
    for (String name : config.categorical()) {
      if (!referenceColumns.containsKey(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw DriftErrors.unknownFeatures(unknown, referenceColumns.keySet());
    }

    boolean explicit = !config.features().isEmpty();
    List<String> names = explicit ? config.features() : new ArrayList<>(referenceColumns.keySet());
    List<Feature> planned = new ArrayList<>();
    List<String> leftOutUsed = new ArrayList<>();
    List<String> leftOutTypes = new ArrayList<>();
    for (String name : new LinkedHashSet<>(names)) {
      if (!explicit && usedByRun.containsKey(name) && !config.exclude().contains(name)) {
        leftOutUsed.add(name + " (" + String.join(", ", usedByRun.get(name)) + ")");
        continue;
      }
      if (exclude.contains(name)) {
        continue;
      }
      DataType referenceType = referenceColumns.get(name);
      Optional<FeatureKind> kind = categorical.contains(name) && Features.castableToCategory(referenceType)
          ? Optional.of(FeatureKind.CATEGORICAL)
          : Features.defaultKind(referenceType);
      if (kind.isEmpty()) {
        if (explicit || categorical.contains(name)) {
          planned.add(new Feature(name, referenceType, currentColumns.get(name), null,
              "unsupported type " + referenceType.simpleString()
                  + ": measure numeric, boolean, string, date or timestamp columns, or cast it in a view", null));
        } else {
          leftOutTypes.add(name + " (" + referenceType.simpleString() + ")");
        }
        continue;
      }
      DataType currentType = currentColumns.get(name);
      planned.add(new Feature(name, referenceType, currentType, kind.get(),
          currentProblem(name, referenceType, currentType, categorical.contains(name)), null));
    }
    if (planned.stream().noneMatch(Feature::binnable)) {
      throw DriftErrors.noFeatures();
    }
    List<String> notices = new ArrayList<>();
    if (!leftOutUsed.isEmpty()) {
      notices.add("left out, used by the run itself: " + String.join(", ", leftOutUsed)
          + "; name them in --features to measure them");
    }
    if (!leftOutTypes.isEmpty()) {
      notices.add("left out, types not measured: " + String.join(", ", leftOutTypes)
          + "; cast them in a view to measure them (named in --features they get a FAILED row saying why)");
    }
    Set<String> named = new LinkedHashSet<>(config.features());
    named.addAll(config.categorical());
    config.labelCol().ifPresent(named::add);
    config.predictionCol().ifPresent(named::add);
    if (explicit) {
      planned.forEach(f -> named.add(f.column()));
    }
    return new FeaturePlan(planned, notices, named);
  }

  /**
   * The columns the run itself uses, each with the options that use it, in option order: the window
   * column, the slice-by columns, then the filters' columns. The model columns (label, prediction)
   * are never among them: the run measures those by design.
   */
  private static Map<String, List<String>> usedByRun(DriftConfig config, Map<String, List<String>> filterColumns,
      Set<String> columns) {
    Map<String, List<String>> used = new LinkedHashMap<>();
    config.windowColumn().ifPresent(c -> used.computeIfAbsent(c, k -> new ArrayList<>()).add("--window-column"));
    config.sliceBy().forEach(c -> used.computeIfAbsent(c, k -> new ArrayList<>()).add("--slice-by"));
    filterColumns.forEach((c, options) -> used.computeIfAbsent(c, k -> new ArrayList<>()).addAll(options));
    used.keySet().retainAll(columns);
    config.labelCol().ifPresent(used::remove);
    config.predictionCol().ifPresent(used::remove);
    return used;
  }

  /**
   * Why the current column cannot be compared, or null. Types must stay in one family (any width of
   * number, date, timestamp, string, boolean); a {@code --categorical} column compares as strings, so
   * any atomic type will do.
   */
  private static String currentProblem(String name, DataType referenceType, DataType currentType,
      boolean forcedCategorical) {
    if (currentType == null) {
      return "column missing from the current data: restore it upstream, or leave it out with --exclude " + name;
    }
    boolean castable = forcedCategorical
        ? Features.castableToCategory(currentType)
        : Features.family(currentType) == Features.family(referenceType);
    if (!castable) {
      return "type changed from " + referenceType.simpleString() + " in the reference to "
          + currentType.simpleString() + " in the current data: cast it back upstream, or pass --categorical "
          + name + " to compare the values as strings";
    }
    return null;
  }

  private static Map<String, DataType> columns(StructType schema) {
    Map<String, DataType> columns = new LinkedHashMap<>();
    for (StructField field : schema.fields()) {
      columns.putIfAbsent(field.name(), field.dataType());
    }
    return columns;
  }
}
