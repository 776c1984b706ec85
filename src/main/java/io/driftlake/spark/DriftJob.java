package io.driftlake.spark;

import io.driftlake.DriftProgress;
import io.driftlake.DriftRun;
import io.driftlake.spark.engine.CellsRequest;
import io.driftlake.spark.engine.Grouping;
import io.driftlake.spark.engine.HistogramEngine;
import io.driftlake.spark.engine.ProfileRequest;
import io.driftlake.spark.engine.ProfileTarget;
import io.driftlake.spark.Sides.Scanned;
import io.driftlake.spark.Sides.Side;
import io.driftlake.spark.Sides.Stored;
import io.driftlake.spark.input.DatasetReader;
import io.driftlake.spark.common.LazySession;
import io.driftlake.spark.input.OutputSafety;
import io.driftlake.spark.table.DriftTable;
import io.driftlake.spark.table.ProfileTable;

import io.driftlake.core.profile.StoredProfile;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.CellFreeze;
import io.driftlake.core.profile.NewValues;
import io.driftlake.core.profile.UniversalProfile;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.spark.bins.ReferenceBinner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.DriftException;
import io.driftlake.core.config.Locations;
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
 * the phase (and the dataset or table) it happened in. A run between two stored profiles of local
 * tables starts no session ({@link LazySession}); should its write need Spark after all (a re-run of
 * its id replaces rows), the session starts in the write phase, whose time it then counts in, and that
 * write's jobs run outside the group.
 */
public final class DriftJob {
  /** Phase names, in order; all but plan and compare run Spark jobs, under job groups of these names. */
  public static final String PHASE_PLAN = DriftProgress.PHASE_PLAN;
  /** Only with {@code --reference-profile}: reading the stored profile and its bins. */
  public static final String PHASE_BINS = DriftProgress.PHASE_BINS;
  public static final String PHASE_PROFILE_REFERENCE = DriftProgress.PHASE_PROFILE_REFERENCE;
  public static final String PHASE_PROFILE_CURRENT = DriftProgress.PHASE_PROFILE_CURRENT;
  public static final String PHASE_CLASSIFY = DriftProgress.PHASE_CLASSIFY;
  public static final String PHASE_COMPARE = DriftProgress.PHASE_COMPARE;
  public static final String PHASE_WRITE = DriftProgress.PHASE_WRITE;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriftJob.class);

  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /**
   * What the run measures, decided before any scan.
   *
   * @param reference the reference: scanned, or a stored profile ({@code --reference-profile})
   * @param current the current data: scanned, or a stored profile ({@code --current-profile})
   * @param config the run's effective settings: the given ones with the model columns folded in
   *     ({@link #withModelColumns}); the only settings the phases read
   * @param windowType the window column's type in the current data, or null when not windowed
   * @param engine the profile engine, {@code AUTO} resolved
   */
  private record Plan(DriftConfig config, Side reference, Side current, FeaturePlan features,
      List<Grouping.Slice> slices, List<DriftRows.ProbabilityColumn> probabilities, DataType windowType,
      Engine engine) {
    /** The same plan measuring {@code other} features (identifiers left out once the reference is scanned). */
    Plan withFeatures(FeaturePlan other) {
      return other == features ? this
          : new Plan(config, reference, current, other, slices, probabilities, windowType, engine);
    }
  }

  /** The plan's features with their frozen bins, the frozen slices, and how the numeric edges were chosen. */
  private record Frozen(FeaturePlan features, List<Grouping.Slice> slices, Binning binning) {
    List<String> sliceKeys() {
      return slices.stream().map(Grouping.Slice::key).toList();
    }
  }

  /** The run's session, started on first need: a run between two stored profiles in local tables starts none. */
  private final LazySession session;
  private final String runId;
  private final Instant runTs;
  private final DriftProgress progress;
  /** {@code drift watch}'s micro-batch this job measures; null for a batch run. */
  private final WatchBatch watch;
  /** Reads stored profiles from a profile table at a path without Spark (Delta Kernel); null: Spark reads them. */
  private final StoredProfile.Reader pathProfiles;
  /** When the phase now running began ({@link System#nanoTime()}), for the progress lines. */
  private long phaseStart = System.nanoTime();

  private DriftJob(LazySession session, String runId, Instant runTs, DriftProgress progress, WatchBatch watch,
      StoredProfile.Reader pathProfiles) {
    this.session = session;
    this.pathProfiles = pathProfiles;
    this.watch = watch;
    this.runId = runId;
    this.runTs = runTs;
    this.progress = progress;
  }

  public static DriftRun run(SparkSession spark, DriftConfig settings) {
    return run(spark, settings, DriftProgress.NONE);
  }

  /** {@link #run(SparkSession, DriftConfig)}, telling {@code progress} as each phase ends. */
  public static DriftRun run(SparkSession spark, DriftConfig settings, DriftProgress progress) {
    return run(spark, settings, progress, null);
  }

  /**
   * {@link #run(SparkSession, DriftConfig, DriftProgress)}, reading stored profiles from a profile table
   * at a path with {@code pathProfiles} (the API passes Delta Kernel's reader, so a run from two stored
   * profiles runs no Spark job to read them); null: Spark reads them.
   */
  public static DriftRun run(SparkSession spark, DriftConfig settings, DriftProgress progress,
      StoredProfile.Reader pathProfiles) {
    return run(LazySession.of(spark), settings, progress, pathProfiles);
  }

  /**
   * {@link #run(SparkSession, DriftConfig, DriftProgress, StoredProfile.Reader)} with a session that
   * starts when the run first needs one: a run between two stored profiles of a local profile table,
   * writing a new run id to a local drift table (Delta Kernel reads, compares on the driver, Kernel
   * appends), never needs one.
   */
  public static DriftRun run(LazySession session, DriftConfig settings, DriftProgress progress,
      StoredProfile.Reader pathProfiles) {
    Instant runTs = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String runId = DriftTable.validateRunId(settings.runId()
        .orElseGet(() -> RUN_ID_TIME.format(runTs) + "-" + UUID.randomUUID().toString().substring(0, 8)));
    if (settings.checkpoint().isPresent() || settings.trigger().isPresent()) {
      throw DriftErrors.input("--checkpoint and --trigger are drift watch's: drop them from drift run, or run drift watch");
    }
    // a scan needs Spark, and so does a catalog table or another file system: the session starts now,
    // beside the stored profiles' read and before the plan phase's time starts
    if (settings.referenceProfile().isEmpty() || settings.currentProfile().isEmpty() || settings.domainClassifier()
        || !session.reachableWithoutSpark(settings.output())
        || settings.profileTable().filter(table -> !session.reachableWithoutSpark(table)).isPresent()) {
      session.get();
    }
    DriftJob job = new DriftJob(session, runId, runTs, progress, null, pathProfiles); // the plan phase's time starts here
    OutputSafety.check(session, settings); // before anything is read
    return job.execute(settings);
  }

  /**
   * One micro-batch of {@code drift watch} ({@link io.driftlake.spark.watch.DriftWatch}): the batch
   * counted into universal states and added to the watch's stored ones, the profile table rewritten
   * under the batch's idempotent version, and the rows of every window compared (each window its own
   * Benjamini–Hochberg family); the drift table is left to the watch, which writes the touched windows.
   */
  public static DriftRun watchBatch(SparkSession spark, DriftConfig settings, WatchBatch batch, DriftProgress progress) {
    Instant runTs = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return new DriftJob(LazySession.of(spark), settings.runId().orElseThrow(), runTs, progress, batch, null).execute(settings);
  }

  private DriftRun execute(DriftConfig settings) {
    Plan plan = plan(settings);
    ended(PHASE_PLAN, "reference and current data", null, plan.features().features().size());
    boolean scanFrozen = plan.current() instanceof Scanned && plan.engine() == Engine.BUILTIN;
    if (Sides.universal(plan.reference()) && Sides.universal(plan.current()) && !scanFrozen) {
      return executeUniversal(plan);
    }
    if (plan.current() instanceof Stored current) {
      // a frozen-bin current profile: it compares with its own run's reference profile only
      Sides.checkOwnBins(plan.reference(), current, plan.features().comparable().stream().map(FeaturePlan.Feature::column).toList());
      Frozen frozen = storedBins(plan, (Stored) plan.reference());
      return compareAndWrite(plan, frozen, RunInputs.storedReference( (Stored) plan.reference()), current.stored().profiles(),
          null, null, NewValues.NONE);
    }
    // scanned current data and a frozen-bin stored reference profile, or the builtin engine (whose
    // universal cells are not GPU-placeable yet: docs/gpu.md): bins frozen first (a stored reference's
    // own, or from a scanned reference's universal states), then the data counted into them
    Frozen frozen = plan.reference() instanceof Stored stored ? storedBins(plan, stored) : scannedBins(plan);
    ended(PHASE_BINS, "reference", null, frozen.features().binnable().size());
    ProfileSet reference = plan.reference() instanceof Stored stored ? RunInputs.storedReference( stored)
        : scannedReference(plan, frozen);
    ended(PHASE_PROFILE_REFERENCE, "reference", reference.whole().rowCount(), frozen.features().binnable().size());
    ProfileSet current = profileCurrent(plan, frozen);
    ended(PHASE_PROFILE_CURRENT, "current data", current.whole().rowCount(), frozen.features().comparable().size());
    return compareAndWrite(plan, frozen, reference, current, null, null, NewValues.NONE);
  }

  /** A side's universal states, assembled ({@link CellFreeze#assemble}), with the exact recounts of its overflowed categoricals. */
  private record SideCells(Map<GroupKey, UniversalProfile> groups, Map<GroupKey, DatasetProfile> exact) {}

  /**
   * Both sides as universal states — each scanned dataset read once, each stored profile read from the
   * profile table — the slices kept from the reference's states, and the bins frozen at comparison time
   * from the reference's states at the common level of every compared group ({@link CellFreeze}).
   */
  private DriftRun executeUniversal(Plan plan) {
    DriftConfig config = plan.config();
    List<String> sliceKeys = plan.slices().stream().map(Grouping.Slice::key).toList();
    List<FeaturePlan.Feature> binnable = plan.features().binnable();
    List<FeaturePlan.Feature> comparable = plan.features().comparable();
    String label = config.labelCol().map(c -> plan.features().label(c).column()).orElse(null);
    List<String> joint = RunInputs.universalJointColumns(comparable, config.jointMaxFeatures());
    Map<GroupKey, UniversalProfile> referenceGroups;
    List<Grouping.Slice> slices;
    Map<String, CategoryBins> exactBins = new LinkedHashMap<>();
    if (plan.reference() instanceof Stored stored) {
      referenceGroups = stored.stored().cells();
      slices = Slicing.storedSlices(stored.stored().profiles(), plan.slices(), stored.spec());
      engineRan = "stored profile";
    } else {
      DatasetReader.Loaded reference = ((Scanned) plan.reference()).dataset();
      Map<GroupKey, UniversalProfile> scanned = phase(PHASE_PROFILE_REFERENCE,
          RunInputs.readFailure(PHASE_PROFILE_REFERENCE, "reference", reference),
          () -> cells(Engines.of(plan.engine(), "reference", config.engine() == Engine.COLUMNAR), new CellsRequest(
              reference.data(), binnable.stream().map(f -> new CellsRequest.Target(f.column(), f.kind(), f.referenceType())).toList(),
              new Grouping(null, null, null, plan.slices()), label, joint)));
      Map<String, List<String>> kept = CellFreeze.keptSlices(scanned, sliceKeys, config.maxSlices());
      referenceGroups = CellFreeze.assemble(CellFreeze.foldSlices(scanned, kept), sliceKeys);
      slices = new ArrayList<>();
      for (Grouping.Slice slice : plan.slices()) {
        List<String> values = new ArrayList<>(kept.get(slice.key()));
        boolean keepNull = values.remove(null);
        slices.add(slice.withKept(values, keepNull));
      }
    }
    UniversalProfile referenceWhole = referenceGroups.get(GroupKey.WHOLE);
    long referenceRows = referenceWhole == null ? 0 : referenceWhole.rowCount();
    if (referenceRows == 0) {
      throw DriftErrors.emptyDataset("reference", plan.reference().filtered());
    }
    // a categorical column with more distinct values than CategoryCounts keeps exactly (an id, not a
    // category): its top values and counts stay exact, recounted by Spark from a scanned side, or taken
    // from the counts a stored profile kept over its own bins
    Map<String, Long> overflowedDistinct = new LinkedHashMap<>();
    if (plan.reference() instanceof Scanned scanned) {
      String counted = engineRan;
      exactBins.putAll(exactTopCategories(PHASE_PROFILE_REFERENCE, scanned.dataset(),
          RunInputs.overflowed(binnable, referenceWhole), config.maxCategories(), overflowedDistinct));
      engineRan = counted;
    }
    // string columns that look like identifiers leave a scanned run's plan now that the reference's states
    // tell (a stored profile measures what it kept)
    Plan judged = plan.reference() instanceof Scanned
        ? plan.withFeatures(RunInputs.withoutIdentifiers(plan.features(), referenceWhole, overflowedDistinct)) : plan;
    List<FeaturePlan.Feature> kept = judged.features().binnable();
    exactBins.keySet().retainAll(kept.stream().map(FeaturePlan.Feature::column).toList());
    List<FeaturePlan.Feature> overflowedReference = RunInputs.overflowed(kept, referenceWhole);
    SideCells reference;
    if (plan.reference() instanceof Stored stored) {
      overflowedReference.forEach(f -> exactBins.put(f.column(), stored.stored().profiles().bins().get(f.column()).categories()));
      reference = new SideCells(referenceGroups, Sides.storedExactCounts(stored.stored(),
          overflowedReference.stream().map(FeaturePlan.Feature::column).toList(), exactBins));
    } else {
      DatasetReader.Loaded scanned = ((Scanned) plan.reference()).dataset();
      String counted = engineRan;
      Function<String, FeatureBins> categoryBins = RunInputs.categoryBins(exactBins, referenceWhole, config);
      reference = new SideCells(referenceGroups, RunInputs.assembled(sliceKeys, recount(judged, scanned.data(),
          overflowedReference, true, categoryBins, new Grouping(null, null, null, slices), label == null ? null
              : new ProfileTarget(categoryBins.apply(label), judged.features().label(label).referenceType()))));
      engineRan = counted;
    }
    ended(PHASE_PROFILE_REFERENCE, "reference", referenceRows, kept.size());
    SideCells current = currentCells(judged, slices, sliceKeys, label, joint, RunInputs.categoryBins(exactBins, referenceWhole, config));
    ended(PHASE_PROFILE_CURRENT, "current data", current.groups().get(GroupKey.WHOLE).rowCount(),
        judged.features().comparable().size());
    Map<String, FeatureKind> kinds = new LinkedHashMap<>();
    kept.forEach(f -> kinds.put(f.column(), f.kind()));
    Map<String, FeatureBins> bins = CellFreeze.bins(kinds, reference.groups(), current.groups(), config.binning(),
        config.bins(), config.maxCategories(), exactBins);
    CategoryBins labelBins = label == null ? null : bins.get(label).categories();
    Frozen frozen = new Frozen(judged.features().withBins(bins), slices, config.binning());
    ProfileSet referenceProfiles = new ProfileSet(bins, frozen.features().dataTypes(), config.binning(), null, sliceKeys,
        RunInputs.replaced(CellFreeze.profiles(reference.groups(), bins, labelBins), reference.exact()));
    ProfileSet currentProfiles = new ProfileSet(bins, frozen.features().dataTypes(), config.binning(),
        plan.current() instanceof Stored stored ? stored.stored().profiles().granularity() : config.granularity().orElse(null),
        sliceKeys, RunInputs.replaced(CellFreeze.profiles(current.groups(), bins, labelBins), current.exact()));
    return compareAndWrite(judged, frozen, referenceProfiles, currentProfiles, reference.groups(), current.groups(),
        CellFreeze.newValues(reference.groups(), current.groups()));
  }

  /** The current side's universal states: one scan into them, or the stored profile's, folded to the reference's slices. */
  private SideCells currentCells(Plan plan, List<Grouping.Slice> slices, List<String> sliceKeys, String label,
      List<String> joint, Function<String, FeatureBins> categoryBins) {
    DriftConfig config = plan.config();
    List<FeaturePlan.Feature> comparable = plan.features().comparable();
    if (plan.current() instanceof Stored stored) {
      Map<GroupKey, UniversalProfile> groups = Sides.foldedToReferenceSlices(stored, slices);
      UniversalProfile whole = groups.get(GroupKey.WHOLE);
      if (whole == null || whole.rowCount() == 0) {
        throw DriftErrors.emptyDataset("current", false);
      }
      engineRan = "stored profile";
      Map<String, CategoryBins> exactBins = new LinkedHashMap<>();
      RunInputs.overflowed(comparable, whole).forEach(f -> exactBins.put(f.column(), categoryBins.apply(f.column()).categories()));
      return new SideCells(groups, Sides.storedExactCounts(stored.stored(), List.copyOf(exactBins.keySet()), exactBins));
    }
    DatasetReader.Loaded current = ((Scanned) plan.current()).dataset();
    String currentLabel = label != null && plan.features().label(label).comparable() ? label : null;
    Grouping grouping = new Grouping(config.windowColumn().orElse(null), plan.windowType(), config.granularity().orElse(null), slices);
    Map<GroupKey, UniversalProfile> scanned = phase(PHASE_PROFILE_CURRENT,
        RunInputs.readFailure(PHASE_PROFILE_CURRENT, "current data", current),
        () -> cells(Engines.of(plan.engine(), "current data", config.engine() == Engine.COLUMNAR), new CellsRequest(
            current.data(), comparable.stream().map(f -> new CellsRequest.Target(f.column(), f.kind(), f.currentType())).toList(),
            grouping, currentLabel, joint)));
    Map<GroupKey, UniversalProfile> groups = CellFreeze.assemble(scanned, sliceKeys);
    if (watch != null) {
      groups = watch.merged(groups, previous -> Sides.foldedToReferenceSlices(previous, slices));
    }
    UniversalProfile whole = groups.get(GroupKey.WHOLE);
    if (whole == null || whole.rowCount() == 0) {
      throw DriftErrors.emptyDataset("current", current.filtered());
    }
    String counted = engineRan;
    if (watch != null) {
      watch.checkExact(RunInputs.overflowed(comparable, whole).stream().map(FeaturePlan.Feature::column).toList());
    }
    Map<GroupKey, DatasetProfile> exact = RunInputs.assembled(sliceKeys, recount(plan, current.data(), RunInputs.overflowed(comparable, whole),
        false, categoryBins, grouping, currentLabel == null ? null
            : new ProfileTarget(categoryBins.apply(label), plan.features().label(label).currentType())));
    engineRan = counted;
    return new SideCells(groups, exact);
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
    DatasetReader.Loaded loaded = ((Scanned) (reference ? plan.reference() : plan.current())).dataset();
    List<ProfileTarget> targets = features.stream().map(f -> new ProfileTarget(bins.apply(f.column()),
        reference ? f.referenceType() : f.currentType())).toList();
    LOG.info("driftlake: recounting {} categorical column(s) of the {} with more distinct values than counted exactly: {}",
        features.size(), role, features.stream().map(FeaturePlan.Feature::column).toList());
    return phase(phase, RunInputs.readFailure(phase, role, loaded), () -> profile(Engines.of(plan.engine(), role,
        plan.config().engine() == Engine.COLUMNAR), new ProfileRequest(data, targets, grouping, label, List.of())));
  }

  /**
   * Compares the two sides' profiles and writes the rows; {@code referenceCells}/{@code currentCells} are
   * their universal states, stored with them (null on the frozen-bin path).
   */
  private DriftRun compareAndWrite(Plan plan, Frozen frozen, ProfileSet reference, ProfileSet current,
      Map<GroupKey, UniversalProfile> referenceCells, Map<GroupKey, UniversalProfile> currentCells, NewValues newValues) {
    RunInfo info = runInfo(plan, frozen);
    boolean classify = plan.config().domainClassifier() && watch == null; // a micro-batch is no window's sample
    DriftRows.Classified classified = !classify ? DriftRows.Classified.NONE
        : phase(PHASE_CLASSIFY, RunInputs.classifyFailure(), () -> Classifying.classify(session.get(), plan.config(),
            plan.reference(), plan.current(), frozen.features(), reference, current, plan.windowType()));
    if (classify) {
      engineRan = classified.cost();
      ended(PHASE_CLASSIFY, "both sides' samples", null, frozen.features().comparable().size());
    }
    List<DriftRecord> records = RunInputs.withColumnChanges(DriftRows.build(info, frozen.features().specs(),
        plan.probabilities(), reference, current, plan.config().driftType(), newValues, watch != null, classified),
        plan.reference().schema(),
        plan.current().schema(), RunInputs.usedColumns(plan.config(), plan.features()));
    ended(PHASE_COMPARE, null, (long) records.size(), frozen.features().features().size());
    write(plan, new ProfileTable.Entry(ProfileTable.REFERENCE, plan.reference().description(), reference, referenceCells),
        new ProfileTable.Entry(ProfileTable.CURRENT, plan.current().description(), current, currentCells), records);
    ended(PHASE_WRITE, watch != null ? "profile table " + plan.config().profileTable().orElseThrow()
        : "drift table " + plan.config().output(), (long) records.size(), null);
    return new DriftRun(runId, plan.config().output(), records, plan.config().failOnDrift(), info,
        frozen.features().notices());
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
   * Reads the reference and the current data (or their stored profiles) at once (schema inference runs
   * Spark jobs), expands their vectors, folds the model columns into the settings, plans the features.
   */
  private Plan plan(DriftConfig settings) {
    Map<String, List<String>> vectors = new LinkedHashMap<>();
    List<Stored> storedSides = readStored(settings); // both stored sides in one query
    DatasetReader.Pending currentRead = settings.currentProfile().isPresent() ? null
        : DatasetReader.inBackground(session.get(), () -> watch != null ? watch.loaded(settings)
            : DatasetReader.read(session.get(), "current", settings.current(),
            settings.currentFormat(), Optional.empty(), Optional.empty(), settings.currentFilter(),
            RunInputs.readOptions(settings.readOption(), settings.currentReadOption())));
    Supplier<Side> readReference = () -> settings.referenceProfile().isPresent() ? storedSides.get(0)
        : new Scanned(RunInputs.expandVectors(DatasetReader.read(session.get(), "reference", settings.reference(),
            settings.referenceFormat(), settings.referenceVersion(), settings.referenceTimestamp(),
            settings.referenceFilter(), RunInputs.readOptions(settings.readOption(), settings.referenceReadOption())),
            "reference", settings, vectors));
    Side reference = currentRead == null ? readReference.get() : currentRead.meanwhile(readReference);
    Side current = currentRead == null ? storedSides.get(storedSides.size() - 1)
        : new Scanned(RunInputs.expandVectors(currentRead.join(), "current data", settings, vectors));
    DriftConfig config = RunInputs.withModelColumns(settings, vectors);
    Map<String, List<String>> filterColumns = new LinkedHashMap<>();
    if (reference instanceof Scanned) {
      settings.referenceFilter().ifPresent(f -> FilterColumns.referenced(session.get(), reference.schema(), f)
          .forEach(c -> filterColumns.computeIfAbsent(c, k -> new ArrayList<>()).add("--reference-filter")));
    }
    if (current instanceof Scanned) {
      settings.currentFilter().ifPresent(f -> FilterColumns.referenced(session.get(), current.schema(), f)
          .forEach(c -> filterColumns.computeIfAbsent(c, k -> new ArrayList<>()).add("--current-filter")));
    }
    FeaturePlan features = FeaturePlan.of(reference.schema(), current.schema(), config, filterColumns);
    features.notices().forEach(notice -> LOG.info("driftlake: {}", notice));
    List<Grouping.Slice> slices = Slicing.slices(config, reference instanceof Scanned scanned ? scanned.dataset().data() : null,
        current instanceof Scanned scanned ? scanned.dataset().data() : null);
    if (current instanceof Stored stored) {
      Sides.checkCurrent(stored, slices, config.driftType().consecutive());
    }
    List<DriftRows.ProbabilityColumn> probabilities = config.probabilityCol()
        .map(column -> List.of(new DriftRows.ProbabilityColumn(column, RunInputs.probabilityElements(column, vectors))))
        .orElse(List.of());
    // two stored profiles are compared, not counted: no engine runs, and none is resolved (a session's setting)
    boolean scans = reference instanceof Scanned || current instanceof Scanned;
    Engine engine = scans ? Engines.resolve(config.engine(), session.get()) : config.engine();
    LOG.info("driftlake engine: {}", scans ? engine.label() : "none (both sides are stored profiles)");
    return new Plan(config, reference, current, features, slices, probabilities,
        current instanceof Scanned ? RunInputs.windowType(config, current.schema()) : null, engine);
  }

  /** The stored profiles the settings name ({@link StoredProfile.Request}), read in one query under the bins job group. */
  private List<Stored> readStored(DriftConfig settings) {
    StoredProfile.Request request = StoredProfile.Request.of(settings);
    if (request.specs().isEmpty()) {
      return List.of();
    }
    String table = settings.profileTable().orElseThrow();
    return Sides.sides(request, table, phase(PHASE_BINS, RunInputs.storedProfileReadFailure(request.given().get(0), table,
        request.options().get(0)), () -> pathProfiles != null && Locations.isPath(table)
        ? pathProfiles.read(table, request.specs(), request.options())
        : ProfileTable.readStored(session.get(), table, request.specs(), request.options())));
  }

  /** The bins and slice values of the stored reference profile ({@code --reference-profile}). */
  private Frozen storedBins(Plan plan, Stored stored) {
    ProfileSet profile = stored.stored().profiles();
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
    Map<String, Long> overflowedDistinct = new LinkedHashMap<>();
    Map<String, CategoryBins> exactBins = exactTopCategories(PHASE_BINS, reference, RunInputs.overflowed(binnable, whole),
        config.maxCategories(), overflowedDistinct);
    FeaturePlan features = RunInputs.withoutIdentifiers(plan.features(), whole, overflowedDistinct);
    Map<String, FeatureKind> kinds = new LinkedHashMap<>();
    features.binnable().forEach(f -> kinds.put(f.column(), f.kind()));
    exactBins.keySet().retainAll(kinds.keySet());
    CellFreeze.Frozen bins = CellFreeze.freeze(kinds, referenceCells, Map.of(), sliceKeys, config.binning(),
        config.bins(), config.maxCategories(), label, exactBins);
    List<Grouping.Slice> slices = new ArrayList<>();
    for (Grouping.Slice slice : plan.slices()) {
      List<String> values = new ArrayList<>(kept.get(slice.key()));
      boolean keepNull = values.remove(null);
      slices.add(slice.withKept(values, keepNull));
    }
    return new Frozen(features.withBins(bins.bins()), slices, config.binning());
  }

  /**
   * The exact top {@code maxCategories} values of categorical columns whose universal state overflowed
   * into a sketch (ids, not categories), from one grouped count of the reference under {@code phase};
   * none when no column overflowed.
   */
  private Map<String, CategoryBins> exactTopCategories(String phase, DatasetReader.Loaded reference,
      List<FeaturePlan.Feature> overflowed, int maxCategories, Map<String, Long> distinct) {
    Map<String, CategoryBins> exact = new LinkedHashMap<>();
    if (overflowed.isEmpty()) {
      return exact;
    }
    List<ReferenceBinner.TopValues> top = phase(phase, RunInputs.readFailure(phase, "reference", reference),
        () -> ReferenceBinner.topValuesAndDistinct(reference.data(), overflowed.stream().map(f -> f.value(f.referenceType())).toList(),
            java.util.Collections.nCopies(overflowed.size(), false), java.util.Collections.nCopies(overflowed.size(), maxCategories)));
    for (int i = 0; i < overflowed.size(); i++) {
      exact.put(overflowed.get(i).column(), CategoryBins.topK(top.get(i).top(), maxCategories));
      distinct.put(overflowed.get(i).column(), top.get(i).distinct());
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
                new ProfileRequest(reference.data(), targets, grouping, label, RunInputs.jointColumns(plan.config(), frozen.features())))));
    if (profiles.whole().rowCount() == 0) {
      throw DriftErrors.emptyDataset("reference", plan.reference().filtered());
    }
    return profiles;
  }

  /** The current data's profiles: one scan over the frozen bins, grouped by window and slice. */
  private ProfileSet profileCurrent(Plan plan, Frozen frozen) {
    DriftConfig config = plan.config();
    DatasetReader.Loaded current = ((Scanned) plan.current()).dataset();
    Grouping grouping = new Grouping(config.windowColumn().orElse(null), plan.windowType(),
        config.granularity().orElse(null), frozen.slices());
    ProfileTarget label = config.labelCol().map(frozen.features()::label)
        .filter(FeaturePlan.Feature::comparable).map(FeaturePlan.Feature::currentTarget).orElse(null);
    List<ProfileTarget> targets = frozen.features().comparable().stream().map(FeaturePlan.Feature::currentTarget).toList();
    ProfileSet profiles = ProfileSet.fromScan(frozen.features().bins(), frozen.features().dataTypes(), frozen.binning(),
        grouping.granularity(), frozen.sliceKeys(),
        phase(PHASE_PROFILE_CURRENT, RunInputs.readFailure(PHASE_PROFILE_CURRENT, "current data", current),
            () -> profile(Engines.of(plan.engine(), "current data", config.engine() == Engine.COLUMNAR),
                new ProfileRequest(current.data(), targets, grouping, label, RunInputs.jointColumns(plan.config(), frozen.features())))));
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

  /** What every drift row of the run shares, and what the rows are judged by. */
  private RunInfo runInfo(Plan plan, Frozen frozen) {
    DriftConfig config = plan.config();
    // a watch's rows keep naming what its first start read as the reference, batch after batch
    String reference = watch != null && watch.referenceSource() != null ? watch.referenceSource()
        : plan.reference().description();
    return new RunInfo(runId, runTs, reference, plan.current().description(),
        frozen.binning(), config.smoothing(), config.logBase(), config.thresholds(), config.alpha().orElse(null),
        config.minRows(), config.explainTop(), config.correlationThreshold());
  }

  /**
   * Writes the profiles of the scanned sides to the profile table (when given; a stored side is there
   * already) and the rows to the drift table, one Delta transaction each, in that order: a failed
   * profile write leaves the drift table as it was.
   */
  private void write(Plan plan, ProfileTable.Entry reference, ProfileTable.Entry current, List<DriftRecord> records) {
    DriftConfig config = plan.config();
    List<ProfileTable.Entry> stored = new ArrayList<>();
    if (watch != null) { // the watch's whole state, under the batch's version: a replay commits nothing
      phase(PHASE_WRITE, RunInputs.profileTableWriteFailure(config.profileTable().orElseThrow()), () -> watch.store(
          session.get(), config.profileTable().orElseThrow(), runId, runTs, List.of(reference, current)));
      return;
    }
    if (plan.reference() instanceof Scanned) {
      stored.add(reference);
    }
    if (plan.current() instanceof Scanned) {
      stored.add(current);
    }
    phase(PHASE_WRITE, RunInputs.driftTableWriteFailure(config.output()), () -> {
      config.profileTable().filter(table -> !stored.isEmpty()).ifPresent(table -> RunInputs.failingWith(
          RunInputs.profileTableWriteFailure(table), () -> {
            ProfileTable.write(session.get(), table, runId, runTs, stored);
            return null;
          }));
      DriftTable.write(session, config.output(), runId, records);
      return null;
    });
  }

  /**
   * Runs one phase under its job group, logging its begin and end. A failure that is not already a
   * {@link DriftException} becomes the one {@code failure} makes of it, so that the message names the
   * phase and what it was reading or writing.
   */
  private <T> T phase(String phase, Function<Exception, DriftException> failure, Supplier<T> work) {
    // no session yet (a run from stored profiles): the phase's work starts one only if it needs Spark,
    // and the jobs of a session started within a phase run outside its group
    SparkContext context = session.started().map(SparkSession::sparkContext).orElse(null);
    if (context != null) {
      context.setJobGroup(jobGroup(runId, phase), "driftlake " + phase + " (run " + runId + ")", false);
    }
    // jobs/gpu-explain reads these two lines to tell which query plans belong to which phase.
    LOG.info("driftlake phase begin: {}", phase);
    long start = System.nanoTime();
    try {
      T result = RunInputs.failingWith(failure, work);
      LOG.info("driftlake phase end: {} ({} ms)", phase, (System.nanoTime() - start) / 1_000_000);
      return result;
    } finally {
      if (context != null) {
        context.clearJobGroup();
      }
    }
  }

  /** The Spark job group of a phase, e.g. {@code driftlake-RUNID-profile-current}. */
  public static String jobGroup(String runId, String phase) {
    return "driftlake-" + runId + "-" + phase;
  }
}
