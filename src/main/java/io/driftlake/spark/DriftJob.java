package io.driftlake.spark;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.DriftException;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Binning;
import io.driftlake.core.config.Engine;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.profile.ProfileSet;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.DriftRows;
import io.driftlake.core.table.FeatureSpec;
import io.driftlake.core.table.RunInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The drift action: read → freeze bins (and slice values) from the reference, or take them from a
 * stored reference profile → profile both datasets, one scan each, grouped by window and slice →
 * compare ({@link DriftRows}) → write the profile table (if any) and the drift table, one Delta
 * transaction each. Each phase runs under its own Spark job group
 * ({@code driftlake-<runId>-<phase>}) so the UI and listeners can tell them apart.
 */
public final class DriftJob {
  /** Job-group phase names, in order. */
  public static final String PHASE_BINS = "bins";
  public static final String PHASE_PROFILE_REFERENCE = "profile-reference";
  public static final String PHASE_PROFILE_CURRENT = "profile-current";
  public static final String PHASE_WRITE = "write";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriftJob.class);

  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final DriftConfig config;

  private DriftJob(SparkSession spark, DriftConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public static DriftRun run(SparkSession spark, DriftConfig config) {
    return new DriftJob(spark, config).execute();
  }

  private DriftRun execute() {
    Instant runTs = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String runId = DriftTable.validateRunId(
        config.runId().orElseGet(() -> RUN_ID_TIME.format(runTs) + "-" + UUID.randomUUID().toString().substring(0, 8)));

    ProfileSet storedReference = null;
    DatasetReader.Loaded reference = null;
    StructType referenceSchema;
    String referenceDescription;
    Map<String, List<String>> vectors = new LinkedHashMap<>();
    if (config.referenceProfile().isPresent()) {
      String spec = config.referenceProfile().get();
      String table = config.profileTable().orElseThrow();
      storedReference = phase(runId, PHASE_BINS, null, null, () -> ProfileTable.read(spark, table, spec)).withoutWindows();
      referenceSchema = schemaOf(storedReference);
      referenceDescription = "profile " + spec + " in " + table;
    } else {
      reference = expandVectors(DatasetReader.read(spark, "reference", config.reference(), config.referenceFormat(),
          config.referenceVersion(), config.referenceTimestamp(), config.referenceFilter()), "reference", vectors);
      referenceSchema = reference.data().schema();
      referenceDescription = reference.description();
    }
    DatasetReader.Loaded current = expandVectors(DatasetReader.read(spark, "current", config.current(),
        config.currentFormat(), java.util.Optional.empty(), java.util.Optional.empty(), config.currentFilter()),
        "current data", vectors);
    DriftConfig config = withModelColumns(this.config, vectors);
    FeaturePlan plan = FeaturePlan.of(referenceSchema, current.data().schema(), config);
    DataType windowType = windowType(current.data().schema());
    List<Grouping.Slice> slices = Slicing.slices(config, reference == null ? null : reference.data(), current.data());
    List<DriftRows.ProbabilityColumn> probabilities = config.probabilityCol()
        .map(column -> List.of(new DriftRows.ProbabilityColumn(column, probabilityElements(column, vectors))))
        .orElse(List.of());

    Map<String, FeatureBins> bins;
    List<Grouping.Slice> frozenSlices;
    if (storedReference != null) {
      bins = storedBins(storedReference, plan);
      frozenSlices = Slicing.storedSlices(storedReference, slices, config.referenceProfile().get());
    } else {
      DatasetReader.Loaded ref = reference;
      ReferenceBinner.Frozen frozen = phase(runId, PHASE_BINS, "reference", reference,
          () -> ReferenceBinner.freeze(ref.data(), plan.features(), slices, config));
      bins = frozen.bins();
      frozenSlices = frozen.slices();
    }

    List<Profiler.Target> referenceTargets = new ArrayList<>();
    List<Profiler.Target> currentTargets = new ArrayList<>();
    Map<String, String> dataTypes = new LinkedHashMap<>();
    List<FeatureSpec> specs = new ArrayList<>();
    for (FeaturePlan.Feature feature : plan.features()) {
      specs.add(new FeatureSpec(feature.column(), feature.referenceType().simpleString(), feature.binnable(),
          feature.problem()));
      if (feature.binnable()) {
        referenceTargets.add(new Profiler.Target(bins.get(feature.column()), feature.referenceType()));
        dataTypes.put(feature.column(), feature.referenceType().simpleString());
      }
      if (feature.comparable()) {
        currentTargets.add(new Profiler.Target(bins.get(feature.column()), feature.currentType()));
      }
    }
    Profiler.Target referenceLabel = null;
    Profiler.Target currentLabel = null;
    if (config.labelCol().isPresent()) {
      FeaturePlan.Feature label = labelFeature(plan, config.labelCol().get());
      referenceLabel = new Profiler.Target(bins.get(label.column()), label.referenceType());
      currentLabel = label.comparable() ? new Profiler.Target(bins.get(label.column()), label.currentType()) : null;
    }
    Profiler.Target refLabel = referenceLabel;
    Profiler.Target curLabel = currentLabel;
    Engine engine = Profiler.resolve(config.engine(), spark);
    LOG.info("driftlake engine: {}", engine.label());
    Binning binning = storedReference != null && storedReference.binning() != null
        ? storedReference.binning() : config.binning();
    List<String> sliceKeys = frozenSlices.stream().map(Grouping.Slice::key).toList();

    ProfileSet referenceProfiles;
    if (storedReference != null) {
      referenceProfiles = storedReference;
    } else {
      DatasetReader.Loaded ref = reference;
      Grouping referenceGrouping = new Grouping(null, null, null, frozenSlices);
      referenceProfiles = ProfileSet.fromScan(bins, dataTypes, binning, null, sliceKeys,
          phase(runId, PHASE_PROFILE_REFERENCE, "reference", reference,
              () -> Profiler.profile(engine, ref.data(), referenceTargets, referenceGrouping, refLabel)));
    }
    if (referenceProfiles.whole().rowCount() == 0) {
      throw DriftErrors.emptyDataset("reference", reference != null && reference.filtered());
    }
    Grouping currentGrouping = new Grouping(config.windowColumn().orElse(null), windowType,
        config.granularity().orElse(null), frozenSlices);
    ProfileSet currentProfiles = ProfileSet.fromScan(bins, dataTypes, binning, currentGrouping.granularity(), sliceKeys,
        phase(runId, PHASE_PROFILE_CURRENT, "current", current,
            () -> Profiler.profile(engine, current.data(), currentTargets, currentGrouping, curLabel)));
    if (currentProfiles.whole().rowCount() == 0) {
      throw DriftErrors.emptyDataset("current", current.filtered());
    }

    RunInfo run = new RunInfo(runId, runTs, referenceDescription, current.description(),
        binning, config.smoothing(), config.logBase(), config.thresholds());
    List<DriftRecord> records = DriftRows.build(run, specs, probabilities, referenceProfiles, currentProfiles,
        config.driftType());
    pauseBeforeWrite();
    List<ProfileTable.Entry> stored = new ArrayList<>();
    if (storedReference == null) {
      stored.add(new ProfileTable.Entry(ProfileTable.REFERENCE, referenceDescription, referenceProfiles));
    }
    stored.add(new ProfileTable.Entry(ProfileTable.CURRENT, current.description(), currentProfiles));
    phase(runId, PHASE_WRITE, null, null, () -> {
      config.profileTable().ifPresent(table -> ProfileTable.write(spark, table, runId, runTs, stored));
      DriftTable.write(spark, config.output(), runId, records);
      return null;
    });
    return new DriftRun(runId, config.output(), records, config.failOnDrift());
  }

  /** The dataset with its MLlib vector columns expanded into one numeric column per element ({@link VectorColumns}). */
  private DatasetReader.Loaded expandVectors(DatasetReader.Loaded loaded, String role, Map<String, List<String>> vectors) {
    VectorColumns.Expanded expanded = VectorColumns.expand(loaded.data(), config.vectorMaxDims(), role);
    expanded.elements().forEach(vectors::putIfAbsent);
    return new DatasetReader.Loaded(expanded.data(), loaded.description(), loaded.filtered());
  }

  /**
   * The run's settings with the model columns folded in: a vector column named in {@code --features}
   * stands for its elements; the prediction and label columns are categorical (and measured, when
   * {@code --features} lists columns explicitly, as is the probability vector).
   */
  private static DriftConfig withModelColumns(DriftConfig config, Map<String, List<String>> vectors) {
    List<String> features = new ArrayList<>();
    for (String name : config.features()) {
      features.addAll(vectors.getOrDefault(name, List.of(name)));
    }
    List<String> categorical = new ArrayList<>(config.categorical());
    for (java.util.Optional<String> column : List.of(config.predictionCol(), config.labelCol())) {
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

  private static List<String> probabilityElements(String column, Map<String, List<String>> vectors) {
    List<String> elements = vectors.get(column);
    if (elements == null) {
      throw DriftErrors.badOptionValue("--probability-col", column, "not an MLlib vector column of the data "
          + "(a classifier's probability column is one)");
    }
    return elements;
  }

  private static FeaturePlan.Feature labelFeature(FeaturePlan plan, String label) {
    return plan.features().stream().filter(f -> f.column().equals(label) && f.binnable()).findFirst()
        .orElseThrow(() -> DriftErrors.badOptionValue("--label-col", label,
            "no such column of a supported type in the reference"));
  }

  /** The reference's columns as the stored profile recorded them. */
  private static StructType schemaOf(ProfileSet stored) {
    StructType schema = new StructType();
    for (Map.Entry<String, String> column : stored.dataTypes().entrySet()) {
      schema = schema.add(column.getKey(), DataType.fromDDL(column.getValue()));
    }
    return schema;
  }

  /** The stored bins of every planned feature; a feature binned differently than planned is an error. */
  private static Map<String, FeatureBins> storedBins(ProfileSet stored, FeaturePlan plan) {
    Map<String, FeatureBins> bins = new LinkedHashMap<>();
    for (FeaturePlan.Feature feature : plan.features()) {
      if (!feature.binnable()) {
        continue;
      }
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
  private DataType windowType(StructType current) {
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

  /**
   * Runs one phase under its job group. A Spark failure while reading a dataset becomes a one-line
   * input error naming the dataset; anything else propagates.
   */
  private <T> T phase(String runId, String phase, String role, DatasetReader.Loaded dataset, Supplier<T> work) {
    SparkContext context = spark.sparkContext();
    context.setJobGroup(jobGroup(runId, phase), "driftlake " + phase + " (run " + runId + ")", false);
    // jobs/gpu-explain reads these two lines to tell which query plans belong to which phase.
    LOG.info("driftlake phase begin: {}", phase);
    long start = System.nanoTime();
    try {
      T result = work.get();
      LOG.info("driftlake phase end: {} ({} ms)", phase, (System.nanoTime() - start) / 1_000_000);
      return result;
    } catch (DriftException e) {
      throw e;
    } catch (Exception e) {
      if (role != null) {
        throw DriftErrors.input("failed while reading the " + role + " (" + dataset.description() + "): "
            + SparkErrors.firstLine(e) + ". Check the input data and its format", e);
      }
      throw DriftErrors.internal("failed to write the drift table " + config.output() + ": "
          + SparkErrors.firstLine(e) + ". The table is unchanged (Delta commits whole transactions)", e);
    } finally {
      context.clearJobGroup();
    }
  }

  /**
   * Fault-injection hook for the atomicity test: with {@code -Ddriftlake.pauseBeforeWriteMillis=N} the
   * run logs {@code driftlake paused before write} and sleeps N ms between profiling and the Delta
   * commit, so a test can kill the process there. Off (0) unless the property is set.
   */
  private static void pauseBeforeWrite() {
    long millis = Long.getLong("driftlake.pauseBeforeWriteMillis", 0L);
    if (millis > 0) {
      LOG.info("driftlake paused before write ({} ms)", millis);
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The Spark job group of a phase, e.g. {@code driftlake-RUNID-profile-current}. */
  public static String jobGroup(String runId, String phase) {
    return "driftlake-" + runId + "-" + phase;
  }
}
