package io.driftlake.spark;

import io.driftlake.DriftProgress;
import io.driftlake.DriftRun;
import io.driftlake.spark.engine.CellsRequest;
import io.driftlake.spark.engine.Grouping;
import io.driftlake.spark.engine.HistogramEngine;
import io.driftlake.spark.engine.ProfileRequest;
import io.driftlake.spark.engine.ProfileTarget;
import io.driftlake.spark.input.DatasetReader;
import io.driftlake.spark.input.OutputSafety;
import io.driftlake.spark.table.DriftTable;
import io.driftlake.spark.table.ProfileTable;

import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.CellFreeze;
import io.driftlake.core.profile.UniversalProfile;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.spark.bins.ReferenceBinner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.DriftException;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Binning;
import io.driftlake.core.config.Engine;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.profile.ProfileSet;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.DriftRows;
import io.driftlake.core.table.RunInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The drift action, one method per phase: plan (read both datasets, or take the reference from a
 * stored profile; fold the model columns into the settings; decide the features) → profile the
 * reference → profile the current data (one scan each, grouped by window and slice, into universal
 * states) → compare (the bins frozen from the reference's states, {@link CellFreeze}, then
 * {@link DriftRows}) → write the profile table (if any) and the drift table, one Delta transaction
 * each. Each phase that runs Spark jobs runs under its own job group
 * ({@code driftlake-<runId>-<phase>}) so the UI and listeners can tell them apart, and a failure names
 * the phase (and the dataset or table) it happened in.
 */
public final class DriftJob {
  /** Phase names, in order; all but plan and compare run Spark jobs, under job groups of these names. */
  public static final String PHASE_PLAN = DriftProgress.PHASE_PLAN;
  /** Only with {@code --reference-profile}: reading the stored profile and its bins. */
  public static final String PHASE_BINS = DriftProgress.PHASE_BINS;
  public static final String PHASE_PROFILE_REFERENCE = DriftProgress.PHASE_PROFILE_REFERENCE;
  public static final String PHASE_PROFILE_CURRENT = DriftProgress.PHASE_PROFILE_CURRENT;
  public static final String PHASE_COMPARE = DriftProgress.PHASE_COMPARE;
  public static final String PHASE_WRITE = DriftProgress.PHASE_WRITE;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriftJob.class);

  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /** The reference: a dataset this run scans, or a profile a previous run stored ({@code --reference-profile}). */
  private sealed interface Reference {
    String description();

    /** The reference's columns: the plan checks the current data's against them. */
    StructType schema();

    /** Whether rows were filtered out ({@code --reference-filter}), for the empty-dataset message. */
    boolean filtered();
  }

  private record Scanned(DatasetReader.Loaded dataset) implements Reference {
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

  private record Stored(ProfileSet profile, String spec, String table) implements Reference {
    @Override
    public String description() {
      return "profile " + spec + " in " + table;
    }

    /** The columns as the stored profile recorded them: their type names, parsed back. */
    @Override
    public StructType schema() {
      StructType schema = new StructType();
      for (Map.Entry<String, String> column : profile.dataTypes().entrySet()) {
        schema = schema.add(column.getKey(), DataType.fromDDL(column.getValue()));
      }
      return schema;
    }

    @Override
    public boolean filtered() {
      return false;
    }
  }

  /**
   * What the run measures, decided before any scan.
   *
   * @param config the run's effective settings: the given ones with the model columns folded in
   *     ({@link #withModelColumns}); the only settings the phases read
   * @param windowType the window column's type in the current data, or null when not windowed
   * @param engine the profile engine, {@code AUTO} resolved
   */
  private record Plan(DriftConfig config, Reference reference, DatasetReader.Loaded current, FeaturePlan features,
      List<Grouping.Slice> slices, List<DriftRows.ProbabilityColumn> probabilities, DataType windowType,
      Engine engine) {}

  /** The plan's features with their frozen bins, the frozen slices, and how the numeric edges were chosen. */
  private record Frozen(FeaturePlan features, List<Grouping.Slice> slices, Binning binning) {
    List<String> sliceKeys() {
      return slices.stream().map(Grouping.Slice::key).toList();
    }
  }

  private final SparkSession spark;
  private final String runId;
  private final Instant runTs;
  private final DriftProgress progress;
  /** When the phase now running began ({@link System#nanoTime()}), for the progress lines. */
  private long phaseStart = System.nanoTime();

  private DriftJob(SparkSession spark, String runId, Instant runTs, DriftProgress progress) {
    this.spark = spark;
    this.runId = runId;
    this.runTs = runTs;
    this.progress = progress;
  }

  public static DriftRun run(SparkSession spark, DriftConfig settings) {
    return run(spark, settings, DriftProgress.NONE);
  }

  /** {@link #run(SparkSession, DriftConfig)}, telling {@code progress} as each phase ends. */
  public static DriftRun run(SparkSession spark, DriftConfig settings, DriftProgress progress) {
    Instant runTs = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String runId = DriftTable.validateRunId(settings.runId()
        .orElseGet(() -> RUN_ID_TIME.format(runTs) + "-" + UUID.randomUUID().toString().substring(0, 8)));
    DriftJob job = new DriftJob(spark, runId, runTs, progress); // the plan phase's time starts here
    OutputSafety.check(spark, settings); // before anything is read
    return job.execute(settings);
  }

  private DriftRun execute(DriftConfig settings) {
    Plan plan = plan(settings);
    ended(PHASE_PLAN, "reference and current data", null, plan.features().features().size());
    if (plan.reference() instanceof Scanned && plan.engine() != Engine.BUILTIN) {
      return executeUniversal(plan);
    }
    // a stored reference profile, or the builtin engine (whose universal cells are not GPU-placeable yet:
    // docs/gpu.md): bins frozen first (from the stored profile, or one scan of the reference), then every
    // dataset counted into them, all with built-in expressions
    Frozen frozen = plan.reference() instanceof Stored stored ? storedBins(plan, stored) : scannedBins(plan);
    ended(PHASE_BINS, "reference", null, frozen.features().binnable().size());
    ProfileSet reference = plan.reference() instanceof Stored stored ? storedReference(plan, stored)
        : scannedReference(plan, frozen);
    ended(PHASE_PROFILE_REFERENCE, "reference", reference.whole().rowCount(), frozen.features().binnable().size());
    ProfileSet current = profileCurrent(plan, frozen);
    ended(PHASE_PROFILE_CURRENT, "current data", current.whole().rowCount(), frozen.features().comparable().size());
    return compareAndWrite(plan, frozen, reference, current);
  }

  /**
   * A scanned reference: each dataset is read once into universal states (the reference grouped by
   * every slice value), the slices are kept from the reference's states, and the bins are frozen at
   * comparison time from the reference's states at the common level of every compared group
   * ({@link CellFreeze}).
   */
  private DriftRun executeUniversal(Plan plan) {
    DriftConfig config = plan.config();
    DatasetReader.Loaded reference = ((Scanned) plan.reference()).dataset();
    List<String> sliceKeys = plan.slices().stream().map(Grouping.Slice::key).toList();
    List<FeaturePlan.Feature> binnable = plan.features().binnable();
    List<FeaturePlan.Feature> comparable = plan.features().comparable();
    String label = config.labelCol().map(c -> plan.features().label(c).column()).orElse(null);
    List<String> joint = RunInputs.universalJointColumns(comparable, config.jointMaxFeatures());
    Map<GroupKey, UniversalProfile> referenceCells = phase(PHASE_PROFILE_REFERENCE,
        RunInputs.readFailure(PHASE_PROFILE_REFERENCE, "reference", reference),
        () -> cells(Engines.of(plan.engine(), "reference", config.engine() == Engine.COLUMNAR), new CellsRequest(
            reference.data(), binnable.stream().map(f -> new CellsRequest.Target(f.column(), f.kind(), f.referenceType())).toList(),
            new Grouping(null, null, null, plan.slices()), label, joint)));
    Map<String, List<String>> kept = CellFreeze.keptSlices(referenceCells, sliceKeys, config.maxSlices());
    referenceCells = CellFreeze.foldSlices(referenceCells, kept);
    UniversalProfile referenceWhole = CellFreeze.assemble(referenceCells, sliceKeys).get(GroupKey.WHOLE);
    long referenceRows = referenceWhole == null ? 0 : referenceWhole.rowCount();
    if (referenceRows == 0) {
      throw DriftErrors.emptyDataset("reference", plan.reference().filtered());
    }
    List<Grouping.Slice> slices = new ArrayList<>();
    for (Grouping.Slice slice : plan.slices()) {
      List<String> values = new ArrayList<>(kept.get(slice.key()));
      boolean keepNull = values.remove(null);
      slices.add(slice.withKept(values, keepNull));
    }
    // a categorical column with more distinct values than CategoryCounts keeps exactly (an id, not a
    // category) is recounted by Spark, so the kept values and their counts stay exact as before
    String counted = engineRan;
    List<FeaturePlan.Feature> overflowedReference = RunInputs.overflowed(binnable, referenceWhole);
    Map<String, CategoryBins> exactBins = exactTopCategories(PHASE_PROFILE_REFERENCE, reference, overflowedReference,
        config.maxCategories());
    Function<String, FeatureBins> categoryBins = column -> FeatureBins.categorical(column, exactBins.containsKey(column)
        ? exactBins.get(column) : CellFreeze.categoryBins(referenceWhole.states().get(column).categories(), config.maxCategories()));
    Map<GroupKey, DatasetProfile> referenceRecount = recount(plan, reference.data(), overflowedReference, true,
        categoryBins, new Grouping(null, null, null, slices), label == null ? null
            : new ProfileTarget(categoryBins.apply(label), plan.features().label(label).referenceType()));
    engineRan = counted;
    ended(PHASE_PROFILE_REFERENCE, "reference", referenceRows, binnable.size());
    DatasetReader.Loaded current = plan.current();
    String currentLabel = label != null && plan.features().label(label).comparable() ? label : null;
    Map<GroupKey, UniversalProfile> currentCells = phase(PHASE_PROFILE_CURRENT,
        RunInputs.readFailure(PHASE_PROFILE_CURRENT, "current data", current),
        () -> cells(Engines.of(plan.engine(), "current data", config.engine() == Engine.COLUMNAR), new CellsRequest(
            current.data(), comparable.stream().map(f -> new CellsRequest.Target(f.column(), f.kind(), f.currentType())).toList(),
            new Grouping(config.windowColumn().orElse(null), plan.windowType(), config.granularity().orElse(null), slices),
            currentLabel, joint)));
    UniversalProfile currentWhole = CellFreeze.assemble(currentCells, sliceKeys).get(GroupKey.WHOLE);
    long currentRows = currentWhole == null ? 0 : currentWhole.rowCount();
    if (currentRows == 0) {
      throw DriftErrors.emptyDataset("current", current.filtered());
    }
    counted = engineRan;
    Map<GroupKey, DatasetProfile> currentRecount = recount(plan, current.data(), RunInputs.overflowed(comparable, currentWhole), false,
        categoryBins, new Grouping(config.windowColumn().orElse(null), plan.windowType(), config.granularity().orElse(null),
            slices), currentLabel == null ? null
            : new ProfileTarget(categoryBins.apply(label), plan.features().label(label).currentType()));
    engineRan = counted;
    ended(PHASE_PROFILE_CURRENT, "current data", currentRows, comparable.size());
    Map<String, FeatureKind> kinds = new LinkedHashMap<>();
    binnable.forEach(f -> kinds.put(f.column(), f.kind()));
    CellFreeze.Frozen bins = CellFreeze.freeze(kinds, referenceCells, currentCells, sliceKeys, config.binning(),
        config.bins(), config.maxCategories(), label, exactBins);
    Frozen frozen = new Frozen(plan.features().withBins(bins.bins()), slices, config.binning());
    ProfileSet referenceProfiles = ProfileSet.fromScan(bins.bins(), frozen.features().dataTypes(), config.binning(), null,
        sliceKeys, replaced(bins.reference(), referenceRecount));
    ProfileSet currentProfiles = ProfileSet.fromScan(bins.bins(), frozen.features().dataTypes(), config.binning(),
        config.granularity().orElse(null), sliceKeys, replaced(bins.current(), currentRecount));
    return compareAndWrite(plan, frozen, referenceProfiles, currentProfiles);
  }

  /**
   * The exact counts of {@code features} into their frozen categories, per group of {@code grouping}:
   * one more scan of {@code data}, of those columns only (none when {@code features} is empty).
   */
  private Map<GroupKey, DatasetProfile> recount(Plan plan, Dataset<Row> data, List<FeaturePlan.Feature> features,
      boolean reference, Function<String, FeatureBins> bins, Grouping grouping, ProfileTarget label) {
    if (features.isEmpty()) {
      return Map.of();
    }
    String phase = reference ? PHASE_PROFILE_REFERENCE : PHASE_PROFILE_CURRENT;
    String role = reference ? "reference" : "current data";
    DatasetReader.Loaded loaded = reference ? ((Scanned) plan.reference()).dataset() : plan.current();
    List<ProfileTarget> targets = features.stream().map(f -> new ProfileTarget(bins.apply(f.column()),
        reference ? f.referenceType() : f.currentType())).toList();
    LOG.info("driftlake: recounting {} categorical column(s) of the {} with more distinct values than counted exactly: {}",
        features.size(), role, features.stream().map(FeaturePlan.Feature::column).toList());
    return phase(phase, RunInputs.readFailure(phase, role, loaded), () -> profile(Engines.of(plan.engine(), role,
        plan.config().engine() == Engine.COLUMNAR), new ProfileRequest(data, targets, grouping, label, List.of())));
  }

  /** {@code base}'s profiles with the states {@code recount} has for the same group put in place of theirs. */
  private static Map<GroupKey, DatasetProfile> replaced(Map<GroupKey, DatasetProfile> base,
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

  private DriftRun compareAndWrite(Plan plan, Frozen frozen, ProfileSet reference, ProfileSet current) {
    RunInfo info = runInfo(plan, frozen);
    List<DriftRecord> records = DriftRows.build(info, frozen.features().specs(), plan.probabilities(), reference,
        current, plan.config().driftType());
    ended(PHASE_COMPARE, null, (long) records.size(), plan.features().features().size());
    write(plan, reference, current, records);
    ended(PHASE_WRITE, "drift table " + plan.config().output(), (long) records.size(), null);
    return new DriftRun(runId, plan.config().output(), records, plan.config().failOnDrift(), info,
        plan.features().notices());
  }

  /** Counts {@code request}'s universal states with {@code engine}, noting which engine counted. */
  private Map<GroupKey, UniversalProfile> cells(HistogramEngine engine, CellsRequest request) {
    HistogramEngine.Outcome outcome = engine.cells(request);
    if (outcome instanceof HistogramEngine.NotApplicable not) {
      throw new IllegalStateException(engine.description() + " cannot count this input: " + not.reason());
    }
    HistogramEngine.CountedCells counted = (HistogramEngine.CountedCells) outcome;
    engineRan = counted.countedBy();
    return counted.profiles();
  }

  /** Tells the progress listener that {@code phase} ended, with how long it took since the previous one ended. */
  private void ended(String phase, String dataset, Long rows, Integer features) {
    long now = System.nanoTime();
    double seconds = (now - phaseStart) / 1e9;
    phaseStart = now;
    progress.phaseEnded(new DriftProgress.PhaseEnd(phase, dataset, rows, features, seconds, engineRan));
    engineRan = null;
  }

  /** The engine the phase now running counted with (profile phases), for its progress line; else null. */
  private String engineRan;

  /**
   * Reads the reference (or its stored profile) and the current data at once (schema inference runs
   * Spark jobs), expands their vectors, folds the model columns into the settings, plans the features.
   */
  private Plan plan(DriftConfig settings) {
    Map<String, List<String>> vectors = new LinkedHashMap<>();
    DatasetReader.Pending currentRead = DatasetReader.inBackground(spark, () -> DatasetReader.read(spark, "current",
        settings.current(), settings.currentFormat(), Optional.empty(), Optional.empty(), settings.currentFilter(),
        RunInputs.readOptions(settings.readOption(), settings.currentReadOption())));
    Reference reference = currentRead.meanwhile(() -> readReference(settings, vectors));
    DatasetReader.Loaded current = expandVectors(currentRead.join(), "current data", settings, vectors);
    DriftConfig config = RunInputs.withModelColumns(settings, vectors);
    Map<String, List<String>> filterColumns = new LinkedHashMap<>();
    if (reference instanceof Scanned) {
      settings.referenceFilter().ifPresent(f -> FilterColumns.referenced(spark, reference.schema(), f)
          .forEach(c -> filterColumns.computeIfAbsent(c, k -> new ArrayList<>()).add("--reference-filter")));
    }
    settings.currentFilter().ifPresent(f -> FilterColumns.referenced(spark, current.data().schema(), f)
        .forEach(c -> filterColumns.computeIfAbsent(c, k -> new ArrayList<>()).add("--current-filter")));
    FeaturePlan features = FeaturePlan.of(reference.schema(), current.data().schema(), config, filterColumns);
    features.notices().forEach(notice -> LOG.info("driftlake: {}", notice));
    List<Grouping.Slice> slices = Slicing.slices(config,
        reference instanceof Scanned scanned ? scanned.dataset().data() : null, current.data());
    List<DriftRows.ProbabilityColumn> probabilities = config.probabilityCol()
        .map(column -> List.of(new DriftRows.ProbabilityColumn(column, RunInputs.probabilityElements(column, vectors))))
        .orElse(List.of());
    Engine engine = Engines.resolve(config.engine(), spark);
    LOG.info("driftlake engine: {}", engine.label());
    return new Plan(config, reference, current, features, slices, probabilities,
        RunInputs.windowType(config, current.data().schema()), engine);
  }

  private Reference readReference(DriftConfig settings, Map<String, List<String>> vectors) {
    if (settings.referenceProfile().isPresent()) {
      String spec = settings.referenceProfile().get();
      String table = settings.profileTable().orElseThrow();
      // under the bins job group: this read replaces freezing the bins from a scan
      ProfileSet stored = phase(PHASE_BINS, RunInputs.storedProfileReadFailure(spec, table), () -> ProfileTable.read(spark, table, spec));
      return new Stored(stored.withoutWindows(), spec, table);
    }
    return new Scanned(expandVectors(DatasetReader.read(spark, "reference", settings.reference(),
        settings.referenceFormat(), settings.referenceVersion(), settings.referenceTimestamp(),
        settings.referenceFilter(), RunInputs.readOptions(settings.readOption(), settings.referenceReadOption())),
        "reference", settings, vectors));
  }

  /** The bins and slice values of the stored reference profile ({@code --reference-profile}). */
  private Frozen storedBins(Plan plan, Stored stored) {
    ProfileSet profile = stored.profile();
    return new Frozen(plan.features().withBins(RunInputs.storedBins(profile, plan.features())),
        Slicing.storedSlices(profile, plan.slices(), stored.spec()),
        profile.binning() != null ? profile.binning() : plan.config().binning());
  }

  /**
   * The bins of a scanned reference for the frozen-bin path (the {@code builtin} engine, whose universal
   * cells are not GPU-placeable yet): one scan of the reference into universal states on the CPU (the
   * engine's {@code cells}), the kept slices and the bins frozen from them as the universal path freezes
   * them ({@link CellFreeze}), but from the reference's states alone: the edges are the universal path's
   * wherever no current group is coarser than the reference (then the universal path coarsens to it).
   * Both datasets are then counted into these bins with built-in expressions.
   */
  private Frozen scannedBins(Plan plan) {
    DriftConfig config = plan.config();
    DatasetReader.Loaded reference = ((Scanned) plan.reference()).dataset();
    List<String> sliceKeys = plan.slices().stream().map(Grouping.Slice::key).toList();
    List<FeaturePlan.Feature> binnable = plan.features().binnable();
    String label = config.labelCol().map(c -> plan.features().label(c).column()).orElse(null);
    Map<GroupKey, UniversalProfile> scanned = phase(PHASE_BINS, RunInputs.readFailure(PHASE_BINS, "reference", reference),
        () -> cells(Engines.of(plan.engine(), "reference", false), new CellsRequest(reference.data(),
            binnable.stream().map(f -> new CellsRequest.Target(f.column(), f.kind(), f.referenceType())).toList(),
            new Grouping(null, null, null, plan.slices()), label, List.of())));
    Map<String, List<String>> kept = CellFreeze.keptSlices(scanned, sliceKeys, config.maxSlices());
    Map<GroupKey, UniversalProfile> referenceCells = CellFreeze.foldSlices(scanned, kept);
    UniversalProfile whole = CellFreeze.assemble(referenceCells, sliceKeys).get(GroupKey.WHOLE);
    if (whole == null || whole.rowCount() == 0) {
      throw DriftErrors.emptyDataset("reference", plan.reference().filtered());
    }
    List<FeaturePlan.Feature> overflowedReference = RunInputs.overflowed(binnable, whole);
    Map<String, CategoryBins> exactBins = exactTopCategories(PHASE_BINS, reference, overflowedReference,
        config.maxCategories());
    Map<String, FeatureKind> kinds = new LinkedHashMap<>();
    binnable.forEach(f -> kinds.put(f.column(), f.kind()));
    CellFreeze.Frozen bins = CellFreeze.freeze(kinds, referenceCells, Map.of(), sliceKeys, config.binning(),
        config.bins(), config.maxCategories(), label, exactBins);
    List<Grouping.Slice> slices = new ArrayList<>();
    for (Grouping.Slice slice : plan.slices()) {
      List<String> values = new ArrayList<>(kept.get(slice.key()));
      boolean keepNull = values.remove(null);
      slices.add(slice.withKept(values, keepNull));
    }
    return new Frozen(plan.features().withBins(bins.bins()), slices, config.binning());
  }

  /**
   * The exact top {@code maxCategories} values of categorical columns whose universal state overflowed
   * into a sketch (ids, not categories), from one grouped count of the reference under {@code phase};
   * none when no column overflowed.
   */
  private Map<String, CategoryBins> exactTopCategories(String phase, DatasetReader.Loaded reference,
      List<FeaturePlan.Feature> overflowed, int maxCategories) {
    Map<String, CategoryBins> exact = new LinkedHashMap<>();
    if (overflowed.isEmpty()) {
      return exact;
    }
    List<Map<String, Long>> top = phase(phase, RunInputs.readFailure(phase, "reference", reference),
        () -> ReferenceBinner.topValues(reference.data(), overflowed.stream().map(f -> f.value(f.referenceType())).toList(),
            java.util.Collections.nCopies(overflowed.size(), false), java.util.Collections.nCopies(overflowed.size(), maxCategories)));
    for (int i = 0; i < overflowed.size(); i++) {
      exact.put(overflowed.get(i).column(), CategoryBins.topK(top.get(i), maxCategories));
    }
    return exact;
  }

  /** A scanned reference counted into its frozen bins (the frozen-bin path), grouped by its kept slices. */
  private ProfileSet scannedReference(Plan plan, Frozen frozen) {
    DatasetReader.Loaded reference = ((Scanned) plan.reference()).dataset();
    Grouping grouping = new Grouping(null, null, null, frozen.slices());
    ProfileTarget label = plan.config().labelCol().map(c -> frozen.features().label(c).referenceTarget()).orElse(null);
    List<ProfileTarget> targets = frozen.features().binnable().stream().map(FeaturePlan.Feature::referenceTarget).toList();
    ProfileSet profiles = ProfileSet.fromScan(frozen.features().bins(), frozen.features().dataTypes(), frozen.binning(),
        null, frozen.sliceKeys(), phase(PHASE_PROFILE_REFERENCE, RunInputs.readFailure(PHASE_PROFILE_REFERENCE, "reference", reference),
            () -> profile(Engines.of(plan.engine(), "reference", plan.config().engine() == Engine.COLUMNAR),
                new ProfileRequest(reference.data(), targets, grouping, label, jointColumns(plan, frozen)))));
    if (profiles.whole().rowCount() == 0) {
      throw DriftErrors.emptyDataset("reference", plan.reference().filtered());
    }
    return profiles;
  }

  /** The stored reference profile, which must have rows. */
  private static ProfileSet storedReference(Plan plan, Stored stored) {
    ProfileSet profiles = stored.profile();
    if (profiles.whole().rowCount() == 0) {
      throw DriftErrors.emptyDataset("reference", plan.reference().filtered());
    }
    return profiles;
  }

  /** The current data's profiles: one scan over the frozen bins, grouped by window and slice. */
  private ProfileSet profileCurrent(Plan plan, Frozen frozen) {
    DriftConfig config = plan.config();
    DatasetReader.Loaded current = plan.current();
    Grouping grouping = new Grouping(config.windowColumn().orElse(null), plan.windowType(),
        config.granularity().orElse(null), frozen.slices());
    ProfileTarget label = config.labelCol().map(frozen.features()::label)
        .filter(FeaturePlan.Feature::comparable).map(FeaturePlan.Feature::currentTarget).orElse(null);
    List<ProfileTarget> targets = frozen.features().comparable().stream().map(FeaturePlan.Feature::currentTarget).toList();
    ProfileSet profiles = ProfileSet.fromScan(frozen.features().bins(), frozen.features().dataTypes(), frozen.binning(),
        grouping.granularity(), frozen.sliceKeys(),
        phase(PHASE_PROFILE_CURRENT, RunInputs.readFailure(PHASE_PROFILE_CURRENT, "current data", current),
            () -> profile(Engines.of(plan.engine(), "current data", config.engine() == Engine.COLUMNAR),
                new ProfileRequest(current.data(), targets, grouping, label, jointColumns(plan, frozen)))));
    if (profiles.whole().rowCount() == 0) {
      throw DriftErrors.emptyDataset("current", current.filtered());
    }
    return profiles;
  }

  /** Counts {@code request} with {@code engine}, noting which engine counted for the phase's progress line. */
  private Map<GroupKey, DatasetProfile> profile(HistogramEngine engine, ProfileRequest request) {
    HistogramEngine.Outcome outcome = engine.profile(request);
    if (outcome instanceof HistogramEngine.NotApplicable not) {
      throw new IllegalStateException(engine.description() + " cannot count this input: " + not.reason());
    }
    HistogramEngine.Counted counted = (HistogramEngine.Counted) outcome;
    engineRan = counted.countedBy();
    return counted.profiles();
  }

  /**
   * The joint features: the first {@code --joint-max-features} numeric features both sides can
   * compare, so that the reference's and the current data's co-moments cover the same columns.
   */
  private static List<String> jointColumns(Plan plan, Frozen frozen) {
    return ProfileRequest.jointColumns(frozen.features().comparable().stream().map(FeaturePlan.Feature::currentTarget).toList(),
        plan.config().jointMaxFeatures());
  }

  /** What every drift row of the run shares, and what the rows are judged by. */
  private RunInfo runInfo(Plan plan, Frozen frozen) {
    DriftConfig config = plan.config();
    return new RunInfo(runId, runTs, plan.reference().description(), plan.current().description(),
        frozen.binning(), config.smoothing(), config.logBase(), config.thresholds(), config.alpha().orElse(null),
        config.minRows(), config.explainTop(), config.correlationThreshold());
  }

  /**
   * Writes the profiles to the profile table (when given; a scanned reference's too) and the rows to
   * the drift table, one Delta transaction each, in that order: a failed profile write leaves the
   * drift table as it was.
   */
  private void write(Plan plan, ProfileSet reference, ProfileSet current, List<DriftRecord> records) {
    DriftConfig config = plan.config();
    List<ProfileTable.Entry> stored = new ArrayList<>();
    if (plan.reference() instanceof Scanned) {
      stored.add(new ProfileTable.Entry(ProfileTable.REFERENCE, plan.reference().description(), reference));
    }
    stored.add(new ProfileTable.Entry(ProfileTable.CURRENT, plan.current().description(), current));
    phase(PHASE_WRITE, RunInputs.driftTableWriteFailure(config.output()), () -> {
      config.profileTable().ifPresent(table -> failingWith(RunInputs.profileTableWriteFailure(table), () -> {
        ProfileTable.write(spark, table, runId, runTs, stored);
        return null;
      }));
      DriftTable.write(spark, config.output(), runId, records);
      return null;
    });
  }

  /** The dataset with its MLlib vector columns expanded into one numeric column per element ({@link VectorColumns}). */
  private static DatasetReader.Loaded expandVectors(DatasetReader.Loaded loaded, String role, DriftConfig settings,
      Map<String, List<String>> vectors) {
    VectorColumns.Expanded expanded = VectorColumns.expand(loaded.data(), settings.vectorMaxDims(), role);
    expanded.elements().forEach(vectors::putIfAbsent);
    return new DatasetReader.Loaded(expanded.data(), loaded.description(), loaded.filtered());
  }

  /**
   * Runs one phase under its job group, logging its begin and end. A failure that is not already a
   * {@link DriftException} becomes the one {@code failure} makes of it, so that the message names the
   * phase and what it was reading or writing.
   */
  private <T> T phase(String phase, Function<Exception, DriftException> failure, Supplier<T> work) {
    SparkContext context = spark.sparkContext();
    context.setJobGroup(jobGroup(runId, phase), "driftlake " + phase + " (run " + runId + ")", false);
    // jobs/gpu-explain reads these two lines to tell which query plans belong to which phase.
    LOG.info("driftlake phase begin: {}", phase);
    long start = System.nanoTime();
    try {
      T result = failingWith(failure, work);
      LOG.info("driftlake phase end: {} ({} ms)", phase, (System.nanoTime() - start) / 1_000_000);
      return result;
    } finally {
      context.clearJobGroup();
    }
  }

  /** {@code work}, with a failure that is not already a {@link DriftException} turned into {@code failure}'s. */
  private static <T> T failingWith(Function<Exception, DriftException> failure, Supplier<T> work) {
    try {
      return work.get();
    } catch (DriftException e) {
      throw e;
    } catch (Exception e) {
      throw failure.apply(e);
    }
  }

  /** The Spark job group of a phase, e.g. {@code driftlake-RUNID-profile-current}. */
  public static String jobGroup(String runId, String phase) {
    return "driftlake-" + runId + "-" + phase;
  }
}
