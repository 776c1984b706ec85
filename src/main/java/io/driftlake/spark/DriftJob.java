package io.driftlake.spark;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.DriftException;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Engine;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.metrics.FeatureComparison;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.DriftStatus;
import io.driftlake.core.table.RunInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The drift action: read → freeze bins from the reference → profile both datasets (one scan each) →
 * compare → write one Delta transaction. Each phase runs under its own Spark job group
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

    DatasetReader.Loaded reference = DatasetReader.read(spark, "reference", config.reference(),
        config.referenceFormat(), config.referenceVersion(), config.referenceTimestamp(), config.referenceFilter());
    DatasetReader.Loaded current = DatasetReader.read(spark, "current", config.current(),
        config.currentFormat(), java.util.Optional.empty(), java.util.Optional.empty(), config.currentFilter());
    FeaturePlan plan = FeaturePlan.of(reference.data().schema(), current.data().schema(), config);

    Map<String, FeatureBins> bins = phase(runId, PHASE_BINS, "reference", reference,
        () -> ReferenceBinner.freeze(reference.data(), plan.features(), config));

    List<Profiler.Target> referenceTargets = new ArrayList<>();
    List<Profiler.Target> currentTargets = new ArrayList<>();
    for (FeaturePlan.Feature feature : plan.features()) {
      if (feature.binnable()) {
        referenceTargets.add(new Profiler.Target(bins.get(feature.column()), feature.referenceType()));
      }
      if (feature.comparable()) {
        currentTargets.add(new Profiler.Target(bins.get(feature.column()), feature.currentType()));
      }
    }
    Engine engine = Profiler.resolve(config.engine(), spark);
    LOG.info("driftlake engine: {}", engine.label());
    Profiler.Profile referenceProfile = phase(runId, PHASE_PROFILE_REFERENCE, "reference", reference,
        () -> Profiler.profile(engine, reference.data(), referenceTargets));
    if (referenceProfile.rowCount() == 0) {
      throw DriftErrors.emptyDataset("reference", reference.filtered());
    }
    Profiler.Profile currentProfile = phase(runId, PHASE_PROFILE_CURRENT, "current", current,
        () -> Profiler.profile(engine, current.data(), currentTargets));
    if (currentProfile.rowCount() == 0) {
      throw DriftErrors.emptyDataset("current", current.filtered());
    }

    RunInfo run = new RunInfo(runId, runTs, reference.description(), current.description(),
        config.binning(), config.smoothing(), config.logBase(), config.threshold());
    List<DriftRecord> records = new ArrayList<>();
    for (FeaturePlan.Feature feature : plan.features()) {
      records.add(compare(run, feature, bins.get(feature.column()),
          referenceProfile.states().get(feature.column()), currentProfile.states().get(feature.column())));
    }
    pauseBeforeWrite();
    phase(runId, PHASE_WRITE, null, null, () -> {
      DriftTable.write(spark, config.output(), runId, records);
      return null;
    });
    return new DriftRun(runId, config.output(), records);
  }

  private static DriftRecord compare(RunInfo run, FeaturePlan.Feature feature, FeatureBins bins,
      HistogramState reference, HistogramState current) {
    String dataType = feature.referenceType().simpleString();
    if (!feature.binnable()) {
      return DriftRecord.unmeasured(run, feature.column(), dataType, null, null, null, DriftStatus.FAILED,
          feature.problem());
    }
    if (feature.problem() != null) {
      return DriftRecord.unmeasured(run, feature.column(), dataType, bins, reference, null, DriftStatus.FAILED,
          feature.problem());
    }
    if (reference.valueCount() == 0 || current.valueCount() == 0) {
      String side = reference.valueCount() == 0 ? "reference" : "current data";
      return DriftRecord.unmeasured(run, feature.column(), dataType, bins, reference, current, DriftStatus.SKIPPED,
          "every value is null or NaN in the " + side + ": nothing to compare");
    }
    return DriftRecord.measured(run, dataType, bins, reference, current,
        FeatureComparison.compare(bins, reference, current, run.smoothing(), run.logBase()));
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
