package io.driftlake;

import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.config.RunArguments;
import io.driftlake.core.profile.ProfileSet;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.kernel.KernelDriftTable;
import io.driftlake.kernel.KernelProfileTable;
import io.driftlake.report.ReportFile;
import io.driftlake.spark.ProfileRollup;
import io.driftlake.spark.table.ProfileTable;
import io.driftlake.spark.DriftJob;
import io.driftlake.spark.input.DriftSessions;
import io.driftlake.spark.table.DriftTable;
import io.driftlake.spark.input.TableLocation;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The public Java API: what {@code main}, notebooks and tests call. No Scala type appears here.
 *
 * <pre>{@code
 * DriftRun run = Driftlake.run(spark, DriftConfig.builder()
 *     .reference("/data/features/2024-01").current("/data/features/2024-02")
 *     .output("/lake/drift").build());
 * }</pre>
 */
public final class Driftlake {
  private Driftlake() {}

  /** Runs the drift job and writes its rows to the drift table in one Delta transaction. */
  public static DriftRun run(SparkSession spark, DriftConfig config) {
    return DriftJob.run(spark, config, DriftProgress.NONE, KernelProfileTable::read);
  }

  /**
   * {@link #run(SparkSession, DriftConfig)}, telling {@code progress} as each phase ends, e.g.
   * {@code DriftProgress.standardError()} for the command line's progress lines on stderr.
   */
  public static DriftRun run(SparkSession spark, DriftConfig config, DriftProgress progress) {
    return DriftJob.run(spark, config, progress, KernelProfileTable::read);
  }

  /**
   * {@link #run(SparkSession, DriftConfig, DriftProgress)} with the session still to come: the stored
   * profiles {@code config} names in a profile table at a path start reading (Delta Kernel, no Spark)
   * before {@code session} is called, so that read overlaps the session's start; and a run between two
   * stored profiles of a local profile table that appends a new run id to a local drift table never
   * calls it (Kernel reads, the comparison runs here, Kernel appends). What {@code drift run} does.
   */
  public static DriftRun run(java.util.function.Supplier<SparkSession> session, DriftConfig config, DriftProgress progress) {
    io.driftlake.core.profile.StoredProfile.Reader profiles = KernelProfileTable.startReading(config);
    return DriftJob.run(io.driftlake.spark.common.LazySession.starting(session, KernelDriftTable::hadoopConf), config, progress, profiles);
  }

  /**
   * Runs the drift job from command-line style arguments ({@code --reference ... --current ...
   * --output ...}, {@code --config FILE} included), exactly as {@code drift run} parses them.
   */
  public static DriftRun run(SparkSession spark, String... args) {
    return DriftJob.run(spark, RunArguments.parse(args), DriftProgress.NONE, KernelProfileTable::read);
  }

  /**
   * {@link #run(SparkSession, String...)} for callers that hold a list, such as PySpark through py4j,
   * which turns a Python list into a {@code java.util.List}.
   */
  public static DriftRun runCommandLine(SparkSession spark, java.util.List<String> args) {
    return run(spark, args.toArray(String[]::new));
  }

  /** {@link #runCommandLine(SparkSession, java.util.List)} with progress lines ({@link DriftProgress}). */
  public static DriftRun runCommandLine(SparkSession spark, java.util.List<String> args, DriftProgress progress) {
    return DriftJob.run(spark, RunArguments.parse(args.toArray(String[]::new)), progress, KernelProfileTable::read);
  }

  /**
   * Starts {@code drift watch}: the current data ({@code config.current()}, a Delta table or a folder of
   * files) read as a Structured Stream into the drift table, exactly once, from the checkpoint
   * {@code config.checkpoint()} (required) and the trigger {@code config.trigger()} ({@code available-now},
   * the default, or an interval such as {@code "5 minutes"}). Returns the running query: wait on it
   * ({@code awaitTermination()}), stop it ({@code stop()}). docs/watch.md.
   */
  public static org.apache.spark.sql.streaming.StreamingQuery watch(SparkSession spark, DriftConfig config) {
    return io.driftlake.spark.watch.DriftWatch.start(spark, config, DriftProgress.NONE, null).query();
  }

  /**
   * {@link #watch(SparkSession, DriftConfig)} from command-line style arguments, exactly as {@code drift
   * watch} parses them; for PySpark through py4j:
   * {@code StreamingQuery(spark._jvm.io.driftlake.Driftlake.watchCommandLine(spark._jsparkSession, [...]))}.
   */
  public static org.apache.spark.sql.streaming.StreamingQuery watchCommandLine(SparkSession spark, java.util.List<String> args) {
    return watch(spark, RunArguments.parse(args.toArray(String[]::new)));
  }

  /** {@link #watch(SparkSession, DriftConfig)}, telling {@code progress} each phase and {@code lines} each micro-batch. */
  public static io.driftlake.spark.watch.DriftWatch watch(SparkSession spark, DriftConfig config, DriftProgress progress,
      java.io.PrintStream lines) {
    return io.driftlake.spark.watch.DriftWatch.start(spark, config, progress, lines);
  }

  /** The drift table (a path or a table name) as a DataFrame; {@code runId} may be null for all runs. */
  public static Dataset<Row> read(SparkSession spark, String table, String runId) {
    return DriftTable.read(spark, table, runId);
  }

  /**
   * The drift table's rows as records, run {@code runId}'s only or all (null). A path is read with
   * Delta Kernel and {@code spark} is never asked for a session; a table name ({@code db.table}) is
   * read through the catalog of the session {@code spark} supplies.
   */
  public static java.util.List<DriftRecord> readRecords(String table, String runId,
      java.util.function.Supplier<SparkSession> spark) {
    if (TableLocation.isPath(table)) {
      return KernelDriftTable.read(table, runId);
    }
    return DriftTable.records(DriftTable.read(spark.get(), table, runId).collectAsList());
  }

  /**
   * {@link #report(SparkSession, String, String, java.nio.file.Path)} that starts no SparkSession for
   * a path (read with Delta Kernel); {@code spark} supplies one for a table name only.
   */
  public static String report(String table, String runId, java.nio.file.Path out,
      java.util.function.Supplier<SparkSession> spark) {
    if (TableLocation.isPath(table)) {
      return ReportFile.write(KernelDriftTable.read(table, runId), table, runId, out);
    }
    return report(spark.get(), table, runId, out);
  }

  /**
   * Writes the self-contained HTML report of run {@code runId} (the latest when null) of the drift
   * table to {@code out}; returns the run id reported.
   */
  public static String report(SparkSession spark, String table, String runId, java.nio.file.Path out) {
    return io.driftlake.spark.DriftReportWriter.write(spark, table, runId, out);
  }

  /**
   * Creates (or replaces) the dashboard views over the drift table (see docs/dashboards.md) in
   * {@code schema} (the current one when null); returns the statements it ran.
   */
  public static java.util.List<String> createViews(SparkSession spark, String table, String schema) {
    return io.driftlake.spark.table.DashboardViews.create(spark, table, schema);
  }

  /**
   * Whether views created through {@code spark} live only as long as it does (no metastore: Spark's
   * embedded in-memory catalog); then {@link #createViews}' statements must be run where a metastore
   * is (Databricks SQL, a Hive-enabled session) for dashboards to see them.
   */
  public static boolean viewsAreSessionLocal(SparkSession spark) {
    return io.driftlake.spark.table.DashboardViews.sessionLocal(spark);
  }

  /**
   * A stored profile ({@code ID}, {@code ID/reference} or {@code ID/current}) from the Delta profile
   * table that {@code --profile-table} wrote.
   */
  public static ProfileSet readProfile(SparkSession spark, String profileTable, String spec) {
    return ProfileTable.read(spark, profileTable, spec);
  }

  /**
   * Rolls the stored window profiles of run {@code fromId} up to {@code granularity} (e.g. daily →
   * weekly) without reading the raw data; stores the result as {@code newId} when not null and, when
   * {@code output} is not null, writes its drift rows there. See {@link ProfileRollup}.
   */
  public static ProfileRollup.Result rollUp(SparkSession spark, String profileTable, String fromId, String granularity,
      String newId, String output, String driftType) {
    return rollUp(spark, profileTable, fromId, granularity, newId, output, driftType, DriftConfig.builder().judging());
  }

  /**
   * {@link #rollUp(SparkSession, String, String, String, String, String, String)} with the drift rows
   * judged by {@code judging}'s smoothing, log base, thresholds, alpha, min-rows, explain-top and
   * correlation threshold ({@link DriftConfig#JUDGING}), as a run with those settings judges its rows.
   */
  public static ProfileRollup.Result rollUp(SparkSession spark, String profileTable, String fromId, String granularity,
      String newId, String output, String driftType, DriftConfig.Judging judging) {
    return ProfileRollup.rollUp(spark, profileTable, fromId, parse("--granularity", granularity, Granularity::parse),
        newId, output, driftType == null ? DriftType.BASELINE : parse("--drift-type", driftType, DriftType::parse),
        judging);
  }

  private static <T> T parse(String option, String text, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw io.driftlake.core.DriftErrors.badOptionValue(option, text, e.getMessage());
    }
  }

  /**
   * The session a command-line run would use: an existing one if any, else a new one
   * ({@code master} or {@code local[*]} when null) with Delta configured.
   */
  public static SparkSession session(String master) {
    return DriftSessions.getOrCreate(master);
  }

  /**
   * {@link #session(String)}; a new session shows Spark's console progress bar as {@code bar} says
   * ({@code WHEN_TERMINAL}: the command line's default, unless {@code --quiet}).
   */
  public static SparkSession session(String master, DriftSessions.ProgressBar bar) {
    return DriftSessions.getOrCreate(master, bar);
  }
}
