package io.driftlake;

import io.driftlake.cli.RunOptions;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.spark.DriftJob;
import io.driftlake.spark.DriftRun;
import io.driftlake.spark.DriftSessions;
import io.driftlake.spark.DriftTable;
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
    return DriftJob.run(spark, config);
  }

  /**
   * Runs the drift job from command-line style arguments ({@code --reference ... --current ...
   * --output ...}, {@code --config FILE} included), exactly as {@code drift run} parses them.
   */
  public static DriftRun run(SparkSession spark, String... args) {
    return DriftJob.run(spark, RunOptions.parse(args));
  }

  /**
   * {@link #run(SparkSession, String...)} for callers that hold a list, such as PySpark through py4j,
   * which turns a Python list into a {@code java.util.List}.
   */
  public static DriftRun runCommandLine(SparkSession spark, java.util.List<String> args) {
    return run(spark, args.toArray(String[]::new));
  }

  /** The drift table (a path or a table name) as a DataFrame; {@code runId} may be null for all runs. */
  public static Dataset<Row> read(SparkSession spark, String table, String runId) {
    return DriftTable.read(spark, table, runId);
  }

  /**
   * The session a command-line run would use: an existing one if any, else a new one
   * ({@code master} or {@code local[*]} when null) with Delta configured.
   */
  public static SparkSession session(String master) {
    return DriftSessions.getOrCreate(master);
  }
}
