package io.driftlake.spark.table;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.utils.CloseableIterator;
import org.apache.spark.sql.SparkSession;

/**
 * What a Delta table at a path holds of one id (a drift table's {@code run_id}, a profile table's
 * {@code profile_id}), read from its log alone with Delta Kernel: no Spark job and no data file read.
 * The write uses it to choose between a blind append (a new id) and a {@code replaceWhere} overwrite
 * (an id the table may already hold); see {@link DriftTable#replaceOrCreate}.
 */
final class KeyedRows {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeyedRows.class);

  /**
   * @param tableExists whether there is a Delta table at the path
   * @param mayHoldId whether a live data file may hold rows of the id: its partition values and
   *     {@code min}/{@code max} statistics (or their absence) do not rule it out
   * @param txnVersion the version of the id's application transaction ({@code SetTransaction}) in the
   *     same snapshot, -1 when it has none
   */
  record State(boolean tableExists, boolean mayHoldId, long txnVersion) {
    /** What is assumed when the log cannot be read here: the id may be there, no transaction known. */
    static final State UNKNOWN = new State(true, true, -1);
  }

  private KeyedRows() {}

  /** The application id under which writes of {@code id} record their {@code SetTransaction}. */
  static String appId(String idColumn, String id) {
    return "driftlake:" + idColumn + "=" + id;
  }

  /**
   * The state of {@code id} in the table at {@code path}, from one snapshot of its log. Anything Kernel
   * cannot read (a table feature it does not know, a file system it has no client for) gives
   * {@link State#UNKNOWN}, which sends the write down the path that needs no knowledge.
   */
  static State of(SparkSession spark, String path, String idColumn, String id) {
    return of(engine(spark), path, idColumn, id);
  }

  /** The version the table at {@code path} records for {@code appId}, -1 when none or no table (or unreadable here). */
  static long txnVersion(Engine engine, String path, String appId) {
    try {
      Snapshot snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
      return snapshot instanceof SnapshotImpl impl ? impl.getLatestTransactionVersion(engine, appId).orElse(-1L) : -1L;
    } catch (TableNotFoundException e) {
      return -1;
    }
  }

  /** Delta Kernel's default engine on the session's Hadoop configuration (file systems, credentials). */
  static Engine engine(SparkSession spark) {
    return engine(spark.sessionState().newHadoopConf());
  }

  /** Delta Kernel's default engine on {@code hadoopConf}. */
  static Engine engine(org.apache.hadoop.conf.Configuration hadoopConf) {
    return DefaultEngine.create(hadoopConf);
  }

  /** {@link #of(SparkSession, String, String, String)} with an engine the caller goes on using. */
  static State of(Engine engine, String path, String idColumn, String id) {
    try {
      Snapshot snapshot;
      try {
        snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
      } catch (TableNotFoundException e) {
        return new State(false, false, -1);
      }
      if (snapshot.getSchema().indexOf(idColumn) < 0) {
        return State.UNKNOWN;
      }
      long txnVersion = snapshot instanceof SnapshotImpl impl
          ? impl.getLatestTransactionVersion(engine, appId(idColumn, id)).orElse(-1L) : -1L;
      Scan scan = snapshot.getScanBuilder()
          .withFilter(new Predicate("=", new Column(idColumn), Literal.ofString(id))).build();
      try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
        while (files.hasNext()) {
          try (CloseableIterator<Row> rows = files.next().getRows()) {
            if (rows.hasNext()) {
              return new State(true, true, txnVersion);
            }
          }
        }
      }
      return new State(true, false, txnVersion);
    } catch (Exception | LinkageError e) {
      LOG.info("driftlake: cannot read the Delta log at {} with Delta Kernel ({}); writing as for an id it may hold",
          path, e.toString());
      return State.UNKNOWN;
    }
  }
}
