package io.driftlake.kernel;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.table.Column;
import io.driftlake.core.table.ColumnType;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.TableColumns;
import io.driftlake.core.table.TableRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a drift table at a path with Delta Kernel (the default engine over Hadoop's file systems),
 * without a SparkSession: what {@code drift show}, {@code drift runs} and {@code drift report} use for
 * a path, so they answer in about the time the JVM takes to start.
 *
 * <p>Values come back as the core model holds them ({@link ColumnType}): timestamps as {@link Instant}
 * (Delta stores microseconds since the epoch, UTC), dates as {@link LocalDate}, {@code array<double>}
 * and {@code array<bigint>} as primitive arrays, other arrays as lists, a struct as the list of its
 * field values. A column (or struct field) that an older table lacks reads as null, exactly as
 * {@code SparkColumns.fromRow} does.
 */
public final class KernelDriftTable {
  private KernelDriftTable() {}

  /**
   * The records of the drift table at {@code path}: run {@code runId}'s only, or every run's when it
   * is null. Fails with a one-line input error when there is no Delta table there.
   */
  public static List<DriftRecord> read(String path, String runId) {
    List<DriftRecord> records = new ArrayList<>();
    for (TableRow row : readRows(path, DriftColumns.ALL, runId)) {
      records.add(DriftRecord.of(row));
    }
    return records;
  }

  /** The rows of the Delta table at {@code path} as rows of {@code columns} (by name), optionally of one run. */
  static List<TableRow> readRows(String path, TableColumns columns, String runId) {
    return readRows(path, columns, DriftColumns.RUN_ID.name(), runId == null ? null : Set.of(runId),
        "no Delta drift table at " + path + ". Check --table, or write one with 'drift run --output " + path + "'");
  }

  /**
   * The rows of the Delta table at {@code path} as rows of {@code columns} (by name), only those whose
   * string column {@code keyColumn} is one of {@code keys} (all rows when {@code keys} is null); fails
   * with {@code notFound} (an input error) when there is no Delta table there.
   */
  static List<TableRow> readRows(String path, TableColumns columns, String keyColumn, Set<String> keys, String notFound) {
    Engine engine = DefaultEngine.create(hadoopConf());
    Snapshot snapshot;
    try {
      snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
    } catch (TableNotFoundException e) {
      throw DriftErrors.input(notFound);
    }
    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
    List<TableRow> rows = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            Row file = fileRows.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
            CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
                .readParquetFiles(single(status), physicalSchema, Optional.empty());
            try (CloseableIterator<FilteredColumnarBatch> data = Scan.transformPhysicalData(engine, scanState, file, physical)) {
              while (data.hasNext()) {
                addRows(data.next(), columns, keyColumn, keys, rows);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the drift table at " + path, e);
    }
    return rows;
  }

  private static void addRows(FilteredColumnarBatch filtered, TableColumns columns, String keyColumn, Set<String> keys,
      List<TableRow> rows) {
    ColumnarBatch batch = filtered.getData();
    StructType schema = batch.getSchema();
    ColumnVector[] vectors = new ColumnVector[columns.size()];
    for (Column<?> column : columns.all()) {
      int index = schema.indexOf(column.name());
      vectors[column.ordinal()] = index < 0 ? null : batch.getColumnVector(index);
    }
    ColumnVector selection = filtered.getSelectionVector().orElse(null);
    int keyIndex = keys == null ? -1 : schema.indexOf(keyColumn);
    ColumnVector keyValues = keyIndex < 0 ? null : batch.getColumnVector(keyIndex);
    for (int i = 0; i < batch.getSize(); i++) {
      if (selection != null && (selection.isNullAt(i) || !selection.getBoolean(i))) {
        continue; // removed by a deletion vector
      }
      if (keyValues != null && (keyValues.isNullAt(i) || !keys.contains(keyValues.getString(i)))) {
        continue;
      }
      TableRow.Builder row = TableRow.builder(columns);
      for (Column<?> column : columns.all()) {
        ColumnVector vector = vectors[column.ordinal()];
        row.setValue(column, vector == null ? null : value(column.type(), vector, i));
      }
      rows.add(row.build());
    }
  }

  /** The value at {@code i} of a vector as the core type; null for a null. */
  static Object value(ColumnType type, ColumnVector vector, int i) {
    if (vector.isNullAt(i)) {
      return null;
    }
    if (type instanceof ColumnType.Scalar scalar) {
      return switch (scalar) {
        case STRING -> vector.getString(i);
        case TIMESTAMP -> microsToInstant(vector.getLong(i));
        case DATE -> LocalDate.ofEpochDay(vector.getInt(i));
        case DOUBLE -> vector.getDouble(i);
        case LONG -> vector.getLong(i);
        case BOOLEAN -> vector.getBoolean(i);
        case BINARY -> vector.getBinary(i);
      };
    }
    if (type instanceof ColumnType.ArrayOf array) {
      ArrayValue value = vector.getArray(i);
      ColumnVector elements = value.getElements();
      int size = value.getSize();
      if (array.element() == ColumnType.DOUBLE) {
        double[] doubles = new double[size];
        for (int e = 0; e < size; e++) {
          doubles[e] = elements.getDouble(e);
        }
        return doubles;
      }
      if (array.element() == ColumnType.LONG) {
        long[] longs = new long[size];
        for (int e = 0; e < size; e++) {
          longs[e] = elements.getLong(e);
        }
        return longs;
      }
      List<Object> list = new ArrayList<>(size);
      for (int e = 0; e < size; e++) {
        list.add(value(array.element(), elements, e));
      }
      return list;
    }
    List<ColumnType.Field> fields = ((ColumnType.Struct) type).fields();
    StructType written = (StructType) vector.getDataType();
    List<Object> values = new ArrayList<>(fields.size());
    for (ColumnType.Field field : fields) {
      int index = written.indexOf(field.name());
      values.add(index < 0 ? null : value(field.type(), vector.getChild(index), i)); // absent: appended later
    }
    return values;
  }

  /**
   * Hadoop's configuration as Spark would see it: {@code core-site.xml} and friends from the
   * classpath, plus every {@code -Dspark.hadoop.KEY=VALUE} system property as {@code KEY} (how
   * {@code DRIFT_JAVA_OPTS} passes object-store settings to a Spark run, so a Kernel read gets them too).
   */
  public static Configuration hadoopConf() {
    Configuration conf = new Configuration(ParsedResources.BASE); // a copy: no second parse of the XML
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark.hadoop."))
        .forEach(k -> conf.set(k.substring("spark.hadoop.".length()), System.getProperty(k)));
    return conf;
  }

  /** The XML resources parsed once per JVM (a tenth of a second each time a new configuration reads them). */
  private static final class ParsedResources {
    static final Configuration BASE = parsed();

    private static Configuration parsed() {
      Configuration conf = new Configuration();
      conf.size(); // loads the resources now, so that copies take the parsed properties
      return conf;
    }
  }

  private static Instant microsToInstant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static <T> CloseableIterator<T> single(T element) {
    return new CloseableIterator<>() {
      private boolean done;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public T next() {
        if (done) {
          throw new java.util.NoSuchElementException();
        }
        done = true;
        return element;
      }

      @Override
      public void close() {}
    };
  }
}
