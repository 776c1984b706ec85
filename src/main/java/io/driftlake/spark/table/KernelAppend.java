package io.driftlake.spark.table;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionBuilder;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.driftlake.core.table.Column;
import io.driftlake.core.table.ColumnType;
import io.driftlake.core.table.TableColumns;
import io.driftlake.core.table.TableRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of an id new to a table, appended by one Delta Kernel transaction: Parquet files written
 * in-process by Kernel's default engine (with the min/max/null-count statistics of the table's first
 * 32 leaf columns, {@code run_id} among them, which {@link KeyedRows} reads), one commit with the
 * id's {@code SetTransaction}, and Kernel's post-commit hooks (checkpoint every 10 versions, the
 * checksum file). No Spark job and no snapshot-state reconstruction, which is what a Spark write with
 * {@code txnVersion} costs (three Spark jobs on a table with history). See
 * {@link DriftTable#replaceOrCreate} for when it is used and for the races.
 *
 * <p>What Kernel 4.0.1 cannot do, so the caller takes Spark's write instead: add columns to an older
 * table ({@code TransactionBuilder.withSchema} on an existing table throws "Evolution is not currently
 * supported"), remove an earlier copy's files (the rerun of an id is a {@code replaceWhere}), write a
 * table with a feature it does not support, or a catalog table. Used on the local file system only
 * ({@link #onLocalFiles}).
 */
final class KernelAppend {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KernelAppend.class);

  /** The {@code engineInfo} of the commit ({@code Kernel-4.0.1/Driftlake} in the table's history). */
  static final String ENGINE_INFO = "Driftlake";

  private KernelAppend() {}

  /**
   * Appends {@code rows} as the first rows of the id whose {@code SetTransaction} application id is
   * {@code appId}, at version {@code state.txnVersion() + 1}, creating the table (partitioned by
   * {@code partitionColumn}, when not null) if {@code state} says it is missing. Returns false, having
   * committed nothing, when the table is one Kernel cannot append these rows to as they are (another
   * schema, another partitioning, a table feature Kernel does not write). A lost race throws Kernel's
   * {@link ConcurrentWriteException} (a concurrent commit of the same id, a concurrent creation or
   * schema change), after which the caller reads the log again and retries.
   */
  static boolean append(Engine engine, String path, KeyedRows.State state, String appId, TableColumns columns,
      List<TableRow> rows, String partitionColumn) {
    StructType schema = KernelBatch.schema(columns);
    List<String> partitioning = partitionColumn == null ? List.of() : List.of(partitionColumn);
    TransactionBuilder builder = Table.forPath(engine, path).createTransactionBuilder(engine, ENGINE_INFO, Operation.WRITE)
        .withTransactionId(engine, appId, state.txnVersion() + 1);
    if (!state.tableExists()) {
      builder = builder.withSchema(engine, schema).withPartitionColumns(engine, partitioning);
    }
    Transaction txn;
    try {
      txn = builder.build(engine);
    } catch (ConcurrentWriteException e) {
      throw e; // the id's transaction committed since the log was read
    } catch (KernelException | UnsupportedOperationException e) {
      if (!state.tableExists() && exists(engine, path)) {
        // given a schema, Kernel refuses a table that another writer created since the log was read
        throw new ConcurrentWriteException("the table at " + path + " was created by another writer meanwhile");
      }
      LOG.info("driftlake: Delta Kernel cannot append to {} ({}); writing with Spark", path, e.getMessage());
      return false;
    }
    StructType tableSchema = txn.getSchema(engine);
    if (!KernelBatch.fits(columns, tableSchema) || !txn.getPartitionColumns(engine).equals(partitioning)) {
      LOG.info("driftlake: the table at {} has other columns or partitioning than this version writes; writing with Spark "
          + "(which adds the new columns)", path);
      return false;
    }
    Row txnState = txn.getTransactionState(engine);
    List<Row> actions = new ArrayList<>();
    for (Map.Entry<Map<String, Literal>, List<TableRow>> partition : byPartition(columns, rows, partitionColumn).entrySet()) {
      Map<String, Literal> values = partition.getKey();
      DataWriteContext context = Transaction.getWriteContext(engine, txnState, values);
      try (CloseableIterator<FilteredColumnarBatch> data = Transaction.transformLogicalData(engine, txnState,
              iterator(List.of(new FilteredColumnarBatch(KernelBatch.of(columns, partition.getValue(), tableSchema),
                  Optional.empty()))),
              values);
          CloseableIterator<DataFileStatus> files = engine.getParquetHandler()
              .writeParquetFiles(context.getTargetDirectory(), data, context.getStatisticsColumns());
          CloseableIterator<Row> added = Transaction.generateAppendActions(engine, txnState, files, context)) {
        added.forEachRemaining(actions::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the rows' Parquet file under " + context.getTargetDirectory(), e);
      }
    }
    TransactionCommitResult committed = txn.commit(engine, CloseableIterable.inMemoryIterable(iterator(actions)));
    for (PostCommitHook hook : committed.getPostCommitHooks()) {
      try {
        hook.threadSafeInvoke(engine);
      } catch (IOException | RuntimeException e) { // the commit stands; a missing checkpoint or checksum only costs readers time
        LOG.warn("driftlake: the {} after commit {} of {} failed ({}); the rows are committed", hook.getType(),
            committed.getVersion(), path, e.toString());
      }
    }
    return true;
  }

  private static boolean exists(Engine engine, String path) {
    try {
      Table.forPath(engine, path).getLatestSnapshot(engine);
      return true;
    } catch (io.delta.kernel.exceptions.TableNotFoundException e) {
      return false;
    }
  }

  /**
   * Whether {@code path} is on the local file system, where Kernel's default engine commits the way
   * Spark's Delta does (an atomic create of the next log file). On other stores the commit protocol
   * (the {@code LogStore}) may be chosen by {@code spark.delta.logStore.*} session settings, which
   * Kernel's default engine does not read (it reads {@code delta.logStore.*} from the Hadoop
   * configuration), so a Kernel commit there could use a weaker one than the user's Spark writes.
   */
  static boolean onLocalFiles(org.apache.hadoop.conf.Configuration hadoopConf, String path) {
    return io.driftlake.spark.common.LazySession.onLocalFileSystem(hadoopConf, path);
  }

  /** The rows grouped by their partition value (a drift run's rows share one {@code run_date}). */
  private static Map<Map<String, Literal>, List<TableRow>> byPartition(TableColumns columns, List<TableRow> rows,
      String partitionColumn) {
    Map<Map<String, Literal>, List<TableRow>> groups = new LinkedHashMap<>();
    if (partitionColumn == null) {
      groups.put(Map.of(), rows);
      return groups;
    }
    Column<?> column = columns.column(partitionColumn);
    Map<Object, List<TableRow>> byValue = new LinkedHashMap<>();
    for (TableRow row : rows) {
      byValue.computeIfAbsent(row.value(column), v -> new ArrayList<>()).add(row);
    }
    byValue.forEach((value, group) -> groups.put(Map.of(partitionColumn, literal(column.type(), value)), group));
    return groups;
  }

  private static Literal literal(ColumnType type, Object value) {
    if (value == null) {
      throw new IllegalArgumentException("a null partition value is not written by Kernel here");
    }
    if (type == ColumnType.Scalar.DATE) {
      return Literal.ofDate(Math.toIntExact(((LocalDate) value).toEpochDay()));
    }
    if (type == ColumnType.Scalar.STRING) {
      return Literal.ofString((String) value);
    }
    if (type == ColumnType.Scalar.LONG) {
      return Literal.ofLong((Long) value);
    }
    throw new IllegalArgumentException("no partition literal for a " + type.sql() + " column");
  }

  private static <T> CloseableIterator<T> iterator(List<T> items) {
    Iterator<T> it = items.iterator();
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }
}
