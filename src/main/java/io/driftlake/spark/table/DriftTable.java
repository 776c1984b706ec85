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
   * Writes one run's records in a single Delta transaction that replaces exactly that run's rows (an
   * earlier attempt, or a concurrent run, of the same id) and touches no other run's files; a missing
   * table (partitioned by {@code run_date}) is created by that same commit. See
   * {@link #replaceOrCreate} for how, and for the races.
   */
  public static void write(SparkSession spark, String output, String runId, List<DriftRecord> records) {
    validateRunId(runId);
    // coalesce, not repartition: the local rows' two partitions become one file without a shuffle stage
    Dataset<Row> frame = toDataFrame(spark, records).coalesce(1);
    replaceOrCreate(spark, output, frame, "run_id", runId, PARTITION_COLUMN);
  }

  /**
   * Replaces the rows whose {@code idColumn} is {@code id} with {@code frame}, in one Delta commit; a
   * commit lost to a concurrent writer is retried ({@link DeltaCommits}). New columns are added to an
   * older table (mergeSchema); a missing table is created by the same commit.
   *
   * <p><b>How.</b> At a path, the table's log is read first, with Delta Kernel and no Spark job
   * ({@link KeyedRows}): does the table exist, may any live file hold rows of the id (partition values
   * and the {@code min}/{@code max} statistics of the id column), and which version {@code v} has the
   * id's application transaction ({@code SetTransaction} with app id {@code driftlake:run_id=ID}, -1
   * if none). Then one Spark write, with Delta's idempotent-write options {@code txnAppId} = that app
   * id and {@code txnVersion} = {@code v + 1}:
   * <ul>
   *   <li>a new id: a plain <em>append</em> (with {@code partitionBy} when the table is missing, so
   *       the commit that creates the table carries the rows). It reads no file, so Delta records it
   *       as a blind append, and it skips the search for old rows that a {@code replaceWhere} costs;
   *   <li>an id the table may hold: an <em>overwrite</em> with {@code replaceWhere idColumn = 'id'},
   *       which removes the old rows (rewriting a file that holds other ids' rows too) in the commit
   *       that adds the new ones.
   * </ul>
   * A catalog table, or a log Kernel cannot read, takes the older way: a create commit when the table
   * is missing, then the {@code replaceWhere} overwrite.
   *
   * <p><b>Races</b> (Delta's optimistic concurrency, {@code WriteSerializable} isolation, Delta
   * 4.0.1's {@code ConflictChecker}). Each write commits on the snapshot its transaction started from;
   * when another commit landed since, Delta checks the two and either commits on top or fails ours
   * with a {@code DeltaConcurrentModificationException}, and the whole write (log read included) is
   * tried again on the new version.
   * <ul>
   *   <li><em>Two runs of one id, concurrently:</em> both write with the id's app id and both read its
   *       version inside their transactions (the idempotent-write check calls {@code txn.txnVersion},
   *       which records the app id as read). The second to commit finds the first's
   *       {@code SetTransaction} for an app id it read and fails ({@code ConcurrentTransactionException},
   *       {@code checkForUpdatedApplicationTransactionIdsThatCurrentTxnDependsOn}); its retry sees the
   *       id, overwrites the first copy: one copy. If instead the first committed between the second's
   *       log read and the start of its transaction, the second's transaction sees a recorded version
   *       at least its own {@code v + 1} (any writer of the id that commits after a snapshot read the
   *       version that snapshot had, or conflicted and read a later one), so Delta skips the second's
   *       write: one copy, the first's. Two overwrites of one id also conflict on their own (both
   *       remove the same file, or one adds a file the other's read predicate covers).
   *   <li><em>Two creators of a missing table:</em> both commit version 0; the loser fails with
   *       {@code ProtocolChangedException} ({@code checkProtocolCompatibility}) and its retry finds
   *       the table. Same id: the retry sees the rows and overwrites them (or skips, as above).
   *   <li><em>Runs of different ids, concurrently</em> (six jobs at midnight): new ids are blind
   *       appends that read no files and touch different app ids, so they do not conflict with each
   *       other, nor with an overwrite of another id (under {@code WriteSerializable} a transaction
   *       that changes no metadata is not checked against concurrent blind appends). What still
   *       conflicts and is retried: a concurrent creation of the table (above), a schema change
   *       (mergeSchema on an older table: {@code MetadataChangedException}), and two overwrites of
   *       different ids on the same table (the {@code replaceWhere} on the data column {@code run_id}
   *       has no partition predicate, so it covers every file the other adds). The write used to be
   *       an overwrite for every run, so six new runs started together conflicted in turn.
   *   <li><em>A killed run</em> leaves nothing: its rows become visible only with its one commit.
   * </ul>
   * The one race this does not close: a run of this version and a run of an older Driftlake (which
   * writes no {@code SetTransaction}) writing the same new id at the same moment can leave two copies;
   * a rerun of the id leaves one. The table keeps one small {@code SetTransaction} per id in its log.
   */
  public static void replaceOrCreate(SparkSession spark, String output, Dataset<Row> frame, String idColumn, String id,
      String partitionColumn) {
    String replaceWhere = idColumn + " = '" + id + "'";
    if (!Locations.isPath(output)) {
      createThenReplace(spark, output, frame, replaceWhere, partitionColumn);
      return;
    }
    boolean[] fellBack = {false};
    DeltaCommits.withRetry(output, () -> {
      KeyedRows.State state = KeyedRows.of(spark, output, idColumn, id);
      if (state == KeyedRows.State.UNKNOWN) {
        fellBack[0] = true;
        return;
      }
      var writer = frame.write().format("delta").option("mergeSchema", "true")
          .option("txnAppId", KeyedRows.appId(idColumn, id)).option("txnVersion", state.txnVersion() + 1);
      if (state.mayHoldId()) {
        writer = writer.mode("overwrite").option("replaceWhere", replaceWhere);
      } else {
        writer = writer.mode("append");
        if (!state.tableExists() && partitionColumn != null) {
          writer = writer.partitionBy(partitionColumn);
        }
      }
      writer.save(output);
    });
    if (fellBack[0]) {
      createThenReplace(spark, output, frame, replaceWhere, partitionColumn);
    }
  }

  /**
   * The way for a catalog table, or a log Kernel cannot read: a missing table is first created empty,
   * as its own transaction, so that the rows are always written by a {@code replaceWhere} overwrite
   * (an append there let two runs of one id both land: the second checked "no table yet", the first
   * then committed version 0, and the second's append, reading nothing, conflicted with nothing). A
   * replaceWhere on a data column covers every partition for Delta's conflict checker: a file a
   * concurrent run adds fails it ({@code ConcurrentAppendException}), and the retry replaces that copy.
   */
  static void createThenReplace(SparkSession spark, String output, Dataset<Row> frame, String replaceWhere,
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
