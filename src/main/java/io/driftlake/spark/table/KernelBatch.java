package io.driftlake.spark.table;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.driftlake.core.table.Column;
import io.driftlake.core.table.ColumnType;
import io.driftlake.core.table.TableColumns;
import io.driftlake.core.table.TableRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of a core table ({@link TableRow}) as a Delta Kernel {@link ColumnarBatch}, for Kernel's
 * Parquet writer: the one mapping from {@link ColumnType} to Kernel's types, and column vectors that
 * read the rows' plain Java values in place (no copy into Spark rows).
 *
 * <p>The schema is the one a Spark-created Delta table of these columns has: every column, struct
 * field and array element nullable (Delta stores a written DataFrame's schema {@code asNullable}), so
 * a table created by either writer has the same schema and {@link #schema} can be compared with an
 * existing table's ({@link #fits}).
 */
final class KernelBatch implements ColumnarBatch {
  private final StructType schema;
  private final List<ColumnVector> vectors;
  private final int size;

  private KernelBatch(StructType schema, List<ColumnVector> vectors, int size) {
    this.schema = schema;
    this.vectors = vectors;
    this.size = size;
  }

  /** The Kernel schema of {@code columns}, as a Spark-created Delta table stores it (all nullable). */
  static StructType schema(TableColumns columns) {
    StructType schema = new StructType();
    for (Column<?> column : columns.all()) {
      schema = schema.add(column.name(), dataType(column.type()), true);
    }
    return schema;
  }

  /** Kernel's type of a column type (struct fields and array elements nullable, as Delta stores them). */
  static DataType dataType(ColumnType type) {
    if (type instanceof ColumnType.Scalar scalar) {
      return switch (scalar) {
        case STRING -> StringType.STRING;
        case TIMESTAMP -> TimestampType.TIMESTAMP;
        case DATE -> DateType.DATE;
        case DOUBLE -> DoubleType.DOUBLE;
        case LONG -> LongType.LONG;
        case BOOLEAN -> BooleanType.BOOLEAN;
        case BINARY -> io.delta.kernel.types.BinaryType.BINARY;
      };
    }
    if (type instanceof ColumnType.ArrayOf array) {
      return new ArrayType(dataType(array.element()), true);
    }
    List<StructField> fields = new ArrayList<>();
    for (ColumnType.Field field : ((ColumnType.Struct) type).fields()) {
      fields.add(new StructField(field.name(), dataType(field.type()), true));
    }
    return new StructType(fields);
  }

  /**
   * Whether a table of {@code tableSchema} holds exactly {@code columns}, in any order, each of the
   * type this version writes ({@link #dataType}); an older table that lacks a column or a struct field
   * does not (Kernel 4.0.1 cannot add them; Spark's write with mergeSchema does).
   */
  static boolean fits(TableColumns columns, StructType tableSchema) {
    if (tableSchema.length() != columns.size()) {
      return false;
    }
    for (StructField field : tableSchema.fields()) {
      if (!columns.has(field.getName()) || !dataType(columns.column(field.getName()).type()).equals(field.getDataType())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rows (all of {@code columns}' table) as one batch whose schema is {@code tableSchema}, the
   * table's own column order (Spark's mergeSchema appends an older table's new columns at the end);
   * {@code tableSchema} must {@link #fits fit}.
   */
  static KernelBatch of(TableColumns columns, List<TableRow> rows, StructType tableSchema) {
    List<ColumnVector> vectors = new ArrayList<>(columns.size());
    for (StructField field : tableSchema.fields()) {
      Column<?> column = columns.column(field.getName());
      List<Object> values = new ArrayList<>(rows.size());
      for (TableRow row : rows) {
        values.add(row.value(column));
      }
      vectors.add(new Values(column.type(), values));
    }
    return new KernelBatch(tableSchema, vectors, rows.size());
  }

  @Override
  public StructType getSchema() {
    return schema;
  }

  @Override
  public ColumnVector getColumnVector(int ordinal) {
    return vectors.get(ordinal);
  }

  @Override
  public int getSize() {
    return size;
  }

  @Override
  public ColumnarBatch withDeletedColumnAt(int ordinal) {
    List<ColumnVector> kept = new ArrayList<>(vectors);
    kept.remove(ordinal);
    List<StructField> fields = new ArrayList<>(schema.fields());
    fields.remove(ordinal);
    return new KernelBatch(new StructType(fields), kept, size);
  }

  /**
   * A column of core values ({@link ColumnType#javaClass()}): timestamps as microseconds since the
   * epoch (Kernel's and Parquet's unit; {@code Instant} has nanoseconds, truncated as Spark does),
   * dates as days since the epoch, arrays and structs as child vectors over the same values.
   */
  private static final class Values implements ColumnVector {
    private final ColumnType type;
    private final List<?> values;

    Values(ColumnType type, List<?> values) {
      this.type = type;
      this.values = values;
    }

    @Override
    public DataType getDataType() {
      return dataType(type);
    }

    @Override
    public int getSize() {
      return values.size();
    }

    @Override
    public void close() {}

    @Override
    public boolean isNullAt(int rowId) {
      return values.get(rowId) == null;
    }

    @Override
    public boolean getBoolean(int rowId) {
      return (Boolean) values.get(rowId);
    }

    @Override
    public int getInt(int rowId) {
      return Math.toIntExact(((LocalDate) values.get(rowId)).toEpochDay());
    }

    @Override
    public long getLong(int rowId) {
      Object value = values.get(rowId);
      if (value instanceof Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
      }
      return (Long) value;
    }

    @Override
    public double getDouble(int rowId) {
      return (Double) values.get(rowId);
    }

    @Override
    public String getString(int rowId) {
      return (String) values.get(rowId);
    }

    @Override
    public byte[] getBinary(int rowId) {
      return (byte[]) values.get(rowId);
    }

    @Override
    public ArrayValue getArray(int rowId) {
      Object value = values.get(rowId);
      List<?> elements;
      if (value instanceof double[] doubles) {
        elements = Arrays.stream(doubles).boxed().toList();
      } else if (value instanceof long[] longs) {
        elements = Arrays.stream(longs).boxed().toList();
      } else {
        elements = (List<?>) value;
      }
      ColumnVector vector = new Values(((ColumnType.ArrayOf) type).element(), elements);
      return new ArrayValue() {
        @Override
        public int getSize() {
          return elements.size();
        }

        @Override
        public ColumnVector getElements() {
          return vector;
        }
      };
    }

    @Override
    public ColumnVector getChild(int ordinal) {
      ColumnType.Struct struct = (ColumnType.Struct) type;
      List<Object> field = new ArrayList<>(values.size());
      for (Object value : values) {
        field.add(value == null ? null : ((List<?>) value).get(ordinal));
      }
      return new Values(struct.fields().get(ordinal).type(), field);
    }
  }
}
