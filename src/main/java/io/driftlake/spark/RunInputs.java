package io.driftlake.spark;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.DriftException;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.profile.CellFreeze;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.ProfileSet;
import io.driftlake.core.profile.UniversalProfile;
import io.driftlake.spark.common.SparkErrors;
import io.driftlake.spark.input.DatasetReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The drift action's static helpers: what a run's settings say about its inputs (reader options, model
 * columns, the window column's type, a stored profile's bins) and the errors each phase turns a
 * failure into (naming the phase and the dataset or table).
 */
final class RunInputs {
  private RunInputs() {}

  /** The reader options of one side: those of both sides, then its own over them. */
  static Map<String, String> readOptions(Map<String, String> both, Map<String, String> own) {
    Map<String, String> options = new LinkedHashMap<>(both);
    options.putAll(own);
    return options;
  }

  /**
   * The run's settings with the model columns folded in: a vector column named in {@code --features}
   * stands for its elements; the prediction and label columns are categorical (and measured, when
   * {@code --features} lists columns explicitly, as is the probability vector).
   */
  static DriftConfig withModelColumns(DriftConfig config, Map<String, List<String>> vectors) {
    List<String> features = new ArrayList<>();
    for (String name : config.features()) {
      features.addAll(vectors.getOrDefault(name, List.of(name)));
    }
    List<String> categorical = new ArrayList<>(config.categorical());
    for (Optional<String> column : List.of(config.predictionCol(), config.labelCol())) {
      column.ifPresent(c -> {
        categorical.add(c);
        if (!features.isEmpty() && !features.contains(c)) {
          features.add(c);
        }
      });
    }
    config.probabilityCol().ifPresent(c -> {
      if (!features.isEmpty()) {
        vectors.getOrDefault(c, List.of(c)).stream().filter(e -> !features.contains(e)).forEach(features::add);
      }
    });
    return config.toBuilder().features(features).categorical(categorical).build();
  }

  static List<String> probabilityElements(String column, Map<String, List<String>> vectors) {
    List<String> elements = vectors.get(column);
    if (elements == null) {
      throw DriftErrors.badOptionValue("--probability-col", column, "not an MLlib vector column of the data "
          + "(a classifier's probability column is one)");
    }
    return elements;
  }

  /** The stored bins of every planned feature; a feature binned differently than planned is an error. */
  static Map<String, FeatureBins> storedBins(ProfileSet stored, FeaturePlan plan) {
    Map<String, FeatureBins> bins = new LinkedHashMap<>();
    for (FeaturePlan.Feature feature : plan.binnable()) {
      FeatureBins frozen = stored.bins().get(feature.column());
      if (frozen.kind() != feature.kind()) {
        throw DriftErrors.input("the reference profile binned " + feature.column() + " as " + frozen.kind().label()
            + " but this run plans it as " + feature.kind().label() + ". Pass the same --categorical as the run that stored it");
      }
      bins.put(feature.column(), frozen);
    }
    return bins;
  }

  /** The window column's type in the current data, or null when not windowed; checks that it exists and fits. */
  static DataType windowType(DriftConfig config, StructType current) {
    if (config.windowColumn().isEmpty()) {
      return null;
    }
    String name = config.windowColumn().get();
    for (StructField field : current.fields()) {
      if (field.name().equals(name)) {
        DataType type = field.dataType();
        if (!(type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType
            || type instanceof StringType)) {
          throw DriftErrors.badOptionValue("--window-column", name, "it is " + type.simpleString()
              + ": give a date, timestamp or timestamp-formatted string column");
        }
        return type;
      }
    }
    throw DriftErrors.badOptionValue("--window-column", name, "no such column in the current data; its columns are "
        + String.join(", ", current.fieldNames()));
  }

  /** A failed read of the stored reference profile: an input error about the profile table (exit code 2). */
  static Function<Exception, DriftException> storedProfileReadFailure(String spec, String table, String option) {
    String role = option.equals(DriftConfig.REFERENCE_PROFILE.option()) ? "reference" : "current";
    return e -> DriftErrors.input("failed to read the stored " + role + " profile '" + spec + "' from the profile table "
        + table + ": " + SparkErrors.firstLine(e)
        + ". Check --profile-table (a Delta table that 'drift run --profile-table' wrote) and " + option, e);
  }

  /** A failed profile-table write: an input error (exit code 2); it comes first, so the drift table is untouched. */
  static Function<Exception, DriftException> profileTableWriteFailure(String table) {
    return e -> DriftErrors.input("failed to write the profile table " + table + ": " + SparkErrors.firstLine(e)
        + ". Check --profile-table: give a Delta table or a new path; the drift table was not written", e);
  }

  static Function<Exception, DriftException> driftTableWriteFailure(String output) {
    return e -> DriftErrors.internal("failed to write the drift table " + output + ": " + SparkErrors.firstLine(e)
        + ". The table is unchanged (Delta commits whole transactions)", e);
  }

  /** {@code work}, with a failure that is not already a {@link DriftException} turned into {@code failure}'s. */
  static <T> T failingWith(Function<Exception, DriftException> failure, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (DriftException e) {
      throw e;
    } catch (Exception e) {
      throw failure.apply(e);
    }
  }

  /** A failure of the classify phase that {@link Classifying} did not turn into a message (it turns them all). */
  static Function<Exception, DriftException> classifyFailure() {
    return e -> DriftErrors.internal("the classify phase failed: " + SparkErrors.firstLine(e)
        + ". Run without --domain-classifier, and report it", e);
  }

  /** The failure of a phase that scans a dataset: an input error naming the phase and the dataset. */
  static Function<Exception, DriftException> readFailure(String phase, String role, DatasetReader.Loaded dataset) {
    return e -> DriftErrors.input("the " + phase + " phase failed while reading the " + role + " ("
        + dataset.description() + "): " + SparkErrors.firstLine(e) + ". Check the input data and its format", e);
  }

  /** The categorical features whose state in {@code whole} is a sketch, not exact counts. */
  static List<FeaturePlan.Feature> overflowed(List<FeaturePlan.Feature> features, UniversalProfile whole) {
    return features.stream().filter(f -> f.kind() == FeatureKind.CATEGORICAL)
        .filter(f -> whole.states().get(f.column()) != null && !whole.states().get(f.column()).categories().isExact())
        .toList();
  }

  /** The first {@code limit} numeric comparable features, when at least two (as {@link ProfileRequest#jointColumns}). */
  static List<String> universalJointColumns(List<FeaturePlan.Feature> comparable, int limit) {
    List<String> numeric = comparable.stream().filter(f -> f.kind() == FeatureKind.NUMERIC)
        .map(FeaturePlan.Feature::column).limit(limit).toList();
    return numeric.size() < 2 ? List.of() : numeric;
  }

  /** {@code base}'s profiles with the states {@code recount} has for the same group put in place of theirs. */
  static Map<GroupKey, DatasetProfile> replaced(Map<GroupKey, DatasetProfile> base,
      Map<GroupKey, DatasetProfile> recount) {
    if (recount.isEmpty()) {
      return base;
    }
    Map<GroupKey, DatasetProfile> out = new LinkedHashMap<>();
    base.forEach((key, profile) -> {
      DatasetProfile exact = recount.get(key);
      if (exact == null) {
        out.put(key, profile);
      } else {
        Map<String, HistogramState> states = new LinkedHashMap<>(profile.states());
        exact.states().forEach((column, state) -> {
          if (states.containsKey(column)) {
            states.put(column, state);
          }
        });
        out.put(key, new DatasetProfile(profile.rowCount(), states, profile.joint()));
      }
    });
    return out;
  }

  /** The categorical bins: the exact top values where given, else the top values of the reference's state. */
  static Function<String, FeatureBins> categoryBins(Map<String, CategoryBins> exact, UniversalProfile referenceWhole,
      DriftConfig config) {
    return column -> FeatureBins.categorical(column, exact.containsKey(column) ? exact.get(column)
        : CellFreeze.categoryBins(referenceWhole.states().get(column).categories(), config.maxCategories()));
  }

  /** A recount's per-scan-group profiles summed as {@link CellFreeze#assemble} sums the states (empty stays empty). */
  static Map<GroupKey, DatasetProfile> assembled(List<String> sliceKeys, Map<GroupKey, DatasetProfile> scanned) {
    return scanned.isEmpty() ? scanned : ProfileSet.fromScan(Map.of(), Map.of(), null, null, sliceKeys, scanned).groups();
  }

  /**
   * The run's {@code :table} rows with the columns added, missing and retyped between the two sides'
   * schemas, each without the columns in {@code used} (those the run measures, windows or slices by:
   * their own rows already say what changed). A stored side's schema is the columns its profile kept.
   */
  static List<io.driftlake.core.table.DriftRecord> withColumnChanges(List<io.driftlake.core.table.DriftRecord> records,
      StructType reference, StructType current, java.util.Set<String> used) {
    Map<String, DataType> ref = new LinkedHashMap<>();
    Map<String, DataType> cur = new LinkedHashMap<>();
    for (StructField field : reference.fields()) {
      ref.put(field.name(), field.dataType());
    }
    for (StructField field : current.fields()) {
      cur.put(field.name(), field.dataType());
    }
    List<String> added = cur.keySet().stream().filter(c -> !ref.containsKey(c) && !used.contains(c)).toList();
    List<String> missing = ref.keySet().stream().filter(c -> !cur.containsKey(c) && !used.contains(c)).toList();
    List<String> retyped = ref.keySet().stream().filter(c -> cur.containsKey(c) && !used.contains(c)
        && !ref.get(c).sameType(cur.get(c))).toList();
    return records.stream().map(r -> !r.columnName().equals(io.driftlake.core.table.DriftRecord.TABLE_ROW) ? r
        : r.with(io.driftlake.core.table.DriftColumns.COLUMNS_ADDED, added)
            .with(io.driftlake.core.table.DriftColumns.COLUMNS_MISSING, missing)
            .with(io.driftlake.core.table.DriftColumns.COLUMNS_RETYPED, retyped)).toList();
  }

  /** The columns the run measures, windows or slices by. */
  static java.util.Set<String> usedColumns(DriftConfig config, FeaturePlan features) {
    java.util.Set<String> used = new java.util.HashSet<>(config.sliceBy());
    features.features().forEach(f -> used.add(f.column()));
    config.windowColumn().ifPresent(used::add);
    return used;
  }

  /**
   * {@code features} without the string columns that look like identifiers
   * ({@link FeaturePlan#withoutIdentifiers}), judged from the reference's whole-data states: the
   * distinct count is the state's own while it counts exactly, else {@code overflowedDistinct}'s (the
   * exact grouped count of a column past the exact cap).
   */
  static FeaturePlan withoutIdentifiers(FeaturePlan features, UniversalProfile referenceWhole,
      Map<String, Long> overflowedDistinct) {
    Map<String, FeaturePlan.Distinct> distinct = new LinkedHashMap<>();
    for (FeaturePlan.Feature f : features.identifierCandidates()) {
      io.driftlake.core.histogram.FeatureCells cells = referenceWhole.states().get(f.column());
      if (cells == null) {
        continue;
      }
      io.driftlake.core.histogram.CategoryCounts counts = cells.categories();
      Long exact = counts.isExact() ? Long.valueOf(counts.distinctTracked()) : overflowedDistinct.get(f.column());
      if (exact != null) {
        distinct.put(f.column(), new FeaturePlan.Distinct(exact, counts.nonNullCount()));
      }
    }
    FeaturePlan kept = features.withoutIdentifiers(distinct);
    if (kept != features) {
      org.slf4j.LoggerFactory.getLogger(DriftJob.class).info("driftlake: {}", kept.notices().get(kept.notices().size() - 1));
    }
    return kept;
  }

  /** The stored reference profile, which must have rows (a stored profile is never filtered). */
  static ProfileSet storedReference(Sides.Stored stored) {
    ProfileSet profiles = stored.stored().profiles();
    if (profiles.whole().rowCount() == 0) {
      throw DriftErrors.emptyDataset("reference", false);
    }
    return profiles;
  }

  /**
   * The joint features: the first {@code --joint-max-features} numeric features both sides can
   * compare, so that the reference's and the current data's co-moments cover the same columns.
   */
  static List<String> jointColumns(DriftConfig config, FeaturePlan features) {
    return io.driftlake.spark.engine.ProfileRequest.jointColumns(
        features.comparable().stream().map(FeaturePlan.Feature::currentTarget).toList(), config.jointMaxFeatures());
  }

  /** The dataset with its MLlib vector columns expanded into one numeric column per element ({@link VectorColumns}). */
  static DatasetReader.Loaded expandVectors(DatasetReader.Loaded loaded, String role, DriftConfig settings,
      Map<String, List<String>> vectors) {
    VectorColumns.Expanded expanded = VectorColumns.expand(loaded.data(), settings.vectorMaxDims(), role);
    expanded.elements().forEach(vectors::putIfAbsent);
    return new DatasetReader.Loaded(expanded.data(), loaded.description(), loaded.filtered());
  }
}
