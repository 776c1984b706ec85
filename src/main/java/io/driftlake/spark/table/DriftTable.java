package io.driftlake.spark.table;

import io.driftlake.spark.common.Features;
import io.driftlake.spark.common.LazySession;
import io.driftlake.core.config.Locations;

import io.delta.tables.DeltaTable;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.TableColumns;
import io.driftlake.core.table.TableRow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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
    write(LazySession.of(spark), output, runId, records);
  }

  /**
   * {@link #write(SparkSession, String, String, List)} with the session started only if Spark writes:
   * a new run id appended to a table at a local path by Delta Kernel needs none.
   */
  public static void write(LazySession spark, String output, String runId, List<DriftRecord> records) {
    validateRunId(runId);
    // built only if Spark writes (a Kernel append needs no DataFrame); coalesce, not repartition: the
    // local rows' two partitions become one file without a shuffle stage
    Supplier<Dataset<Row>> frame = () -> toDataFrame(spark.get(), records).coalesce(1);
    replaceOrCreate(spark, output, frame, new LocalRows(DriftColumns.ALL, records.stream().map(DriftRecord::row).toList()),
        "run_id", runId, PARTITION_COLUMN);
  }

  /** The rows of a write as core values too, so that Delta Kernel can write them without Spark. */
  record LocalRows(TableColumns columns, List<TableRow> rows) {}

  /** {@link #replaceOrCreate(LazySession, String, Supplier, LocalRows, String, String, String)} with Spark's write only. */
  public static void replaceOrCreate(SparkSession spark, String output, Dataset<Row> frame, String idColumn, String id,
      String partitionColumn) {
    replaceOrCreate(LazySession.of(spark), output, () -> frame, null, idColumn, id, partitionColumn);
  }

  /**
   * Replaces the rows whose {@code idColumn} is {@code id} with {@code frame}'s (the same rows as
   * {@code local}, when given), in one Delta commit; a commit lost to a concurrent writer is retried
   * ({@link DeltaCommits}). New columns are added to an older table (mergeSchema); a missing table is
   * created by the same commit.
   *
   * <p><b>How.</b> At a path, the table's log is read first, with Delta Kernel and no Spark job
   * ({@link KeyedRows}): does the table exist, may any live file hold rows of the id (partition values
   * and the {@code min}/{@code max} statistics of the id column), and which version {@code v} has the
   * id's application transaction ({@code SetTransaction} with app id {@code driftlake:run_id=ID}, -1
   * if none). Then one commit, carrying a {@code SetTransaction} of that app id at version {@code v + 1}:
   * <ul>
   *   <li>a new id, with {@code local} rows, on the local file system (other stores keep Spark's write:
   *       their commit protocol can be set by {@code spark.delta.logStore.*} settings, which Kernel's
   *       default engine does not read), on a missing table or one with exactly this version's
   *       columns and partitioning: a <em>Delta Kernel append</em> ({@link KernelAppend}): Kernel writes
   *       the Parquet file (with the statistics {@link KeyedRows} reads) and commits it with
   *       {@code withTransactionId(appId, v + 1)}, creating the table (partitioned by
   *       {@code partitionColumn}) in the same commit when it is missing. No Spark job runs; a Spark
   *       write with {@code txnVersion} rebuilds the snapshot's state to read the app id's version
   *       (three Spark jobs on a table with history), which is most of what the write used to cost;
   *   <li>a new id otherwise (an older table that lacks columns: Kernel 4.0.1 cannot evolve a schema;
   *       a table feature Kernel does not write): a Spark <em>append</em> with Delta's idempotent-write
   *       options {@code txnAppId}/{@code txnVersion} (with {@code partitionBy} when the table is missing);
   *   <li>an id the table may hold: a Spark <em>overwrite</em> with {@code replaceWhere idColumn = 'id'}
   *       and the same idempotent-write options, which removes the old rows (rewriting a file that
   *       holds other ids' rows too) in the commit that adds the new ones (Kernel 4.0.1 has no way to
   *       remove them).
   * </ul>
   * A catalog table, or a log Kernel cannot read, takes the older way: a create commit when the table
   * is missing, then the {@code replaceWhere} overwrite.
   *
   * <p><b>Races</b> (Delta's optimistic concurrency: Spark's {@code WriteSerializable} isolation and
   * Delta 4.0.1's {@code ConflictChecker}; Kernel 4.0.1's {@code TransactionBuilderImpl},
   * {@code TransactionImpl.commitWithRetry} and {@code replay.ConflictChecker}). Each write commits on
   * the snapshot its transaction started from; when another commit landed since, the writer checks the
   * two and either commits on top or fails ours ({@code DeltaConcurrentModificationException} from
   * Spark, {@code ConcurrentWriteException} from Kernel), and the whole write (log read included) is
   * tried again on the new version.
   * <ul>
   *   <li><em>Two runs of one id, concurrently:</em> both commit a {@code SetTransaction} of the id's
   *       app id. Spark's transaction reads the app id's version ({@code txn.txnVersion}), so a Spark
   *       write that loses to a commit carrying that app id fails ({@code ConcurrentTransactionException},
   *       {@code checkForUpdatedApplicationTransactionIdsThatCurrentTxnDependsOn}); Kernel's conflict
   *       check fails a losing commit whose winners carry a {@code SetTransaction} of its app id
   *       ({@code handleTxn}). The retry sees the id and overwrites the first copy: one copy. If the
   *       first committed between the second's log read and the start of its transaction, the second
   *       finds a recorded version at least its own {@code v + 1}: Spark skips the write (one copy, the
   *       first's), Kernel's {@code build} fails with {@code ConcurrentTransactionException} and the
   *       retry overwrites (one copy). Two overwrites of one id also conflict on their own (both remove
   *       the same file, or one adds a file the other's read predicate covers).
   *   <li><em>Two creators of a missing table:</em> both commit version 0; the loser fails
   *       ({@code ProtocolChangedException} from either writer: the winner's version 0 carries a
   *       protocol; a Kernel writer that reads the log after the winner committed but was given a
   *       schema fails in {@code build}, which {@link KernelAppend} reports as a lost race), and its
   *       retry finds the table. Same id: the retry sees the rows and overwrites them (or skips).
   *   <li><em>Runs of different ids, concurrently</em> (six jobs at midnight): new ids are appends that
   *       read no files and carry different app ids. Kernel rebases a commit that lost only to such
   *       commits (no protocol, metadata or same-app-id {@code SetTransaction} among the winners) onto
   *       the new version by itself; Spark's blind appends do not conflict with each other either.
   *       What still conflicts and is retried: a concurrent creation of the table (above), a schema
   *       change (mergeSchema on an older table: {@code MetadataChangedException}), two overwrites of
   *       different ids (the {@code replaceWhere} on the data column {@code run_id} has no partition
   *       predicate, so it covers every file the other adds), and an overwrite that loses to a Kernel
   *       append (Kernel 4.0.1 records every commit with {@code isBlindAppend = false}, so Spark checks
   *       its files against the overwrite's predicate).
   *   <li><em>A killed run</em> leaves nothing: its rows become visible only with its one commit (a
   *       Parquet file written before the kill is in no commit; VACUUM removes it).
   * </ul>
   * The one race this does not close: a run of this version and a run of an older Driftlake (which
   * writes no {@code SetTransaction}) writing the same new id at the same moment can leave two copies;
   * a rerun of the id leaves one. The table keeps one small {@code SetTransaction} per id in its log.
   */
  static void replaceOrCreate(LazySession spark, String output, Supplier<Dataset<Row>> frame, LocalRows local, String idColumn,
      String id, String partitionColumn) {
    String replaceWhere = idColumn + " = '" + id + "'";
    if (!Locations.isPath(output)) {
      createThenReplace(spark.get(), output, frame.get(), replaceWhere, partitionColumn);
      return;
    }
    boolean[] fellBack = {false};
    org.apache.hadoop.conf.Configuration hadoopConf = spark.hadoopConf(output);
    io.delta.kernel.engine.Engine engine = KeyedRows.engine(hadoopConf);
    LocalRows kernelRows = local != null && KernelAppend.onLocalFiles(hadoopConf, output) ? local : null;
    DeltaCommits.withRetry(output, () -> {
      KeyedRows.State state = KeyedRows.of(engine, output, idColumn, id);
      if (state == KeyedRows.State.UNKNOWN) {
        fellBack[0] = true;
        return;
      }
      if (kernelRows != null && !state.mayHoldId() && KernelAppend.append(engine, output, state,
          KeyedRows.appId(idColumn, id), kernelRows.columns(), kernelRows.rows(), partitionColumn)) {
        return;
      }
      var writer = frame.get().write().format("delta").option("mergeSchema", "true")
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
      createThenReplace(spark.get(), output, frame.get(), replaceWhere, partitionColumn);
    }
  }

  /**
   * {@code drift watch}'s commit: replaces the rows matching {@code replaceWhere} with {@code frame}'s
   * (a missing table is created by the same commit), recording {@code version} for {@code appId}
   * ({@code txnAppId}/{@code txnVersion}, Delta's idempotent writes). When the table already records
   * that version or a later one for the app id, nothing is written: Delta skips such a write itself, and
   * a table at a path is checked first (Delta Kernel, no Spark job) so the frame is not even built.
   *
   * @return false when the version was already committed
   */
  public static boolean replaceOnce(SparkSession spark, String output, Supplier<Dataset<Row>> frame, String replaceWhere,
      String partitionColumn, String appId, long version) {
    boolean path = Locations.isPath(output);
    boolean[] wrote = {false};
    DeltaCommits.withRetry(output, () -> {
      if (recordedVersion(spark, output, appId) >= version) {
        wrote[0] = false;
        return;
      }
      boolean exists = path ? DeltaTable.isDeltaTable(spark, output) : spark.catalog().tableExists(output);
      var writer = frame.get().write().format("delta").option("mergeSchema", "true")
          .option("txnAppId", appId).option("txnVersion", version);
      if (exists) {
        writer = writer.mode("overwrite").option("replaceWhere", replaceWhere);
      } else {
        writer = writer.mode("append");
        if (partitionColumn != null) {
          writer = writer.partitionBy(partitionColumn);
        }
      }
      save(writer, output, path);
      wrote[0] = true;
    });
    return wrote[0];
  }

  /**
   * The version the table records for {@code appId} (its latest {@code SetTransaction}), -1 when none
   * or no table; read with Delta Kernel at a path, and through the catalog's location for a table name.
   */
  public static long recordedVersion(SparkSession spark, String table, String appId) {
    String path = table;
    if (!Locations.isPath(table)) {
      if (!spark.catalog().tableExists(table)) {
        return -1;
      }
      path = spark.sql("DESCRIBE DETAIL " + table).first().getAs("location");
    }
    return KeyedRows.txnVersion(KeyedRows.engine(spark), path, appId);
  }

  /**
   * {@code drift watch}'s write of its rows: those of the windows in {@code windows} and the
   * whole-data rows (all of the watch's rows when {@code windows} is null) replace the same rows of run
   * {@code runId}, in one commit under the batch's idempotent version ({@link #replaceOnce}).
   */
  public static boolean writeWatch(SparkSession spark, String output, String runId, List<DriftRecord> records,
      java.util.Set<java.time.Instant> windows, String appId, long version) {
    validateRunId(runId);
    String replaceWhere = "run_id = '" + runId + "'";
    if (windows != null) {
      replaceWhere += " AND (window_start IS NULL" + (windows.isEmpty() ? "" : " OR window_start IN ("
          + windows.stream().sorted().map(w -> "timestamp_micros(" + io.driftlake.core.config.Granularity.toMicros(w) + ")")
              .collect(java.util.stream.Collectors.joining(", ")) + ")") + ")";
    }
    return replaceOnce(spark, output, () -> toDataFrame(spark, records).coalesce(1), replaceWhere, PARTITION_COLUMN,
        appId, version);
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
