package io.driftlake.spark.table;

import io.driftlake.spark.common.Features;
import io.driftlake.core.config.Locations;

import io.delta.tables.DeltaTable;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta drift table: its schema (a contract for dashboards, see docs/drift-table.md) and the one
 * way it is changed, a single Delta transaction per run that replaces exactly that run's rows.
 */
public final class DriftTable {
  /** The partition column: the UTC date of {@code run_ts}. */
  public static final String PARTITION_COLUMN = "run_date";

  /** The drift table's schema, built from {@link DriftColumns} (its one definition). */
  public static final StructType SCHEMA = SparkColumns.schema(DriftColumns.ALL);

  private DriftTable() {}

  /**
   * Checks a run id before anything is read, so a bad one fails fast (the {@code --run-id} setting
   * checks a given one while the arguments are parsed, before a session starts).
   */
  public static String validateRunId(String runId) {
    if (runId == null || runId.isBlank() || DriftConfig.RUN_ID.checked(runId) == null) {
      throw DriftErrors.badOptionValue("--run-id", String.valueOf(runId), "expected a run id");
    }
    return runId;
  }

  /** The records as a DataFrame with the drift table's schema. */
  public static Dataset<Row> toDataFrame(SparkSession spark, List<DriftRecord> records) {
    List<Row> rows = new ArrayList<>(records.size());
    for (DriftRecord r : records) {
      rows.add(SparkColumns.toRow(r.row()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** Rows read from the drift table as records; a column an older table lacks reads as null. */
  public static List<DriftRecord> records(List<Row> rows) {
    List<DriftRecord> records = new ArrayList<>(rows.size());
    for (Row row : rows) {
      records.add(DriftRecord.of(SparkColumns.fromRow(DriftColumns.ALL, row)));
    }
    return records;
  }

  /**
   * Writes one run's records in a single Delta transaction, an overwrite with
   * {@code replaceWhere run_id = '<id>'}, which atomically removes an earlier attempt (or a concurrent
   * run) of the same id and touches no other run's files; a missing table (partitioned by
   * {@code run_date}) is created empty first.
   */
  public static void write(SparkSession spark, String output, String runId, List<DriftRecord> records) {
    validateRunId(runId);
    // coalesce, not repartition: the local rows' two partitions become one file without a shuffle stage
    Dataset<Row> frame = toDataFrame(spark, records).coalesce(1);
    replaceOrCreate(spark, output, frame, "run_id = '" + runId + "'", PARTITION_COLUMN);
  }

  /**
   * Replaces the rows matching {@code replaceWhere} with {@code frame} in one Delta transaction; a
   * commit lost to a concurrent writer is retried ({@link DeltaCommits}). New columns are added to an
   * older table (mergeSchema).
   *
   * <p>A missing table is first created empty, as its own transaction, so that the rows are always
   * written by a {@code replaceWhere} overwrite. Writing the first rows with an append instead (as
   * this did) let two runs of one id both land: the second checked "no table yet", the first then
   * committed version 0, and the second's append started its transaction on that version, a plain
   * append that reads nothing and so conflicts with nothing. A replaceWhere on the data column
   * {@code run_id} has no partition predicate, so for Delta's conflict checker it reads every
   * partition: a file a concurrent run adds fails it ({@code ConcurrentAppendException}), and the retry
   * replaces that copy. Two creators racing cost nothing: the loser's empty commit conflicts
   * ({@code ProtocolChangedException}, retried) or, once the table exists, appends no rows.
   */
  public static void replaceOrCreate(SparkSession spark, String output, Dataset<Row> frame, String replaceWhere,
      String partitionColumn) {
    boolean path = Locations.isPath(output);
    DeltaCommits.withRetry(output, () -> {
      if (!(path ? DeltaTable.isDeltaTable(spark, output) : spark.catalog().tableExists(output))) {
        var create = spark.createDataFrame(List.of(), frame.schema()).write().format("delta")
            .mode("append").option("mergeSchema", "true");
        if (partitionColumn != null) {
          create = create.partitionBy(partitionColumn);
        }
        save(create, output, path);
      }
    });
    DeltaCommits.withRetry(output, () -> save(frame.write().format("delta").option("mergeSchema", "true")
        .mode("overwrite").option("replaceWhere", replaceWhere), output, path));
  }

  private static void save(org.apache.spark.sql.DataFrameWriter<Row> writer, String output, boolean path) {
    if (path) {
      writer.save(output);
    } else {
      writer.saveAsTable(output);
    }
  }

  /** Reads the drift table (a path or a table name), optionally one run's rows only. */
  public static Dataset<Row> read(SparkSession spark, String table, String runId) {
    Dataset<Row> rows = readExisting(spark, table, "drift", "--table", "drift run --output " + table);
    return runId == null ? rows : rows.where(Features.column("run_id").equalTo(runId));
  }

  /**
   * An existing Delta table (a path or a catalog name) of the given role ("drift", "profile"); a
   * one-line error naming the option to check and the command that writes one otherwise.
   */
  public static Dataset<Row> readExisting(SparkSession spark, String table, String role, String option, String writeCommand) {
    if (Locations.isPath(table)) {
      if (!DeltaTable.isDeltaTable(spark, table)) {
        throw DriftErrors.input("no Delta " + role + " table at " + table + ". Check " + option
            + ", or write one with '" + writeCommand + "'");
      }
      return spark.read().format("delta").load(table);
    }
    if (!spark.catalog().tableExists(table)) {
      throw DriftErrors.tableNotFound(role, table);
    }
    return spark.table(table);
  }

}
