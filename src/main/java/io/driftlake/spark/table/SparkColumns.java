package io.driftlake.spark.table;

import io.driftlake.core.table.Column;
import io.driftlake.core.table.ColumnType;
import io.driftlake.core.table.TableColumns;
import io.driftlake.core.table.TableRow;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one mapping between the core column model ({@link ColumnType}, {@link TableRow}) and Spark: the
 * schema of a table's columns, a row's values as a Spark {@link Row}, and a Spark row read back. A
 * column that an older table lacks reads as null (new columns are only ever appended).
 */
public final class SparkColumns {
  private SparkColumns() {}

  /** The Spark schema of {@code columns}, in their order. */
  public static StructType schema(TableColumns columns) {
    List<StructField> fields = new ArrayList<>(columns.size());
    for (Column<?> column : columns.all()) {
      fields.add(new StructField(column.name(), dataType(column.type()), column.nullable(), Metadata.empty()));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** The Spark type of a column type; array elements are never null, struct fields may be. */
  public static DataType dataType(ColumnType type) {
    if (type instanceof ColumnType.Scalar scalar) {
      return switch (scalar) {
        case STRING -> DataTypes.StringType;
        case TIMESTAMP -> DataTypes.TimestampType;
        case DATE -> DataTypes.DateType;
        case DOUBLE -> DataTypes.DoubleType;
        case LONG -> DataTypes.LongType;
        case BOOLEAN -> DataTypes.BooleanType;
        case BINARY -> DataTypes.BinaryType;
      };
    }
    if (type instanceof ColumnType.ArrayOf array) {
      return DataTypes.createArrayType(dataType(array.element()), false);
    }
    ColumnType.Struct struct = (ColumnType.Struct) type;
    return new StructType(struct.fields().stream()
        .map(f -> new StructField(f.name(), dataType(f.type()), true, Metadata.empty()))
        .toArray(StructField[]::new));
  }

  /** The row's values as a Spark row of {@link #schema} of its columns. */
  public static Row toRow(TableRow row) {
    Object[] values = new Object[row.columns().size()];
    for (Column<?> column : row.columns().all()) {
      values[column.ordinal()] = toSpark(column.type(), row.value(column));
    }
    return RowFactory.create(values);
  }

  /** A core value as Spark's external type: Instant → Timestamp, double[] → List, a struct → Row. */
  public static Object toSpark(ColumnType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type instanceof ColumnType.Scalar scalar) {
      return switch (scalar) {
        case TIMESTAMP -> Timestamp.from((Instant) value);
        case DATE -> Date.valueOf((LocalDate) value);
        default -> value;
      };
    }
    if (type instanceof ColumnType.ArrayOf array) {
      if (value instanceof double[] doubles) {
        return Arrays.stream(doubles).boxed().toList();
      }
      if (value instanceof long[] longs) {
        return Arrays.stream(longs).boxed().toList();
      }
      List<Object> elements = new ArrayList<>();
      for (Object element : (List<?>) value) {
        elements.add(toSpark(array.element(), element));
      }
      return elements;
    }
    List<ColumnType.Field> fields = ((ColumnType.Struct) type).fields();
    List<?> values = (List<?>) value;
    Object[] struct = new Object[fields.size()];
    for (int i = 0; i < struct.length; i++) {
      struct[i] = toSpark(fields.get(i).type(), values.get(i));
    }
    return RowFactory.create(struct);
  }

  /** A Spark row of a table back as a row of {@code columns}, by column name; absent columns are null. */
  public static TableRow fromRow(TableColumns columns, Row row) {
    TableRow.Builder values = TableRow.builder(columns);
    for (Column<?> column : columns.all()) {
      values.setValue(column, read(row, column));
    }
    return values.build();
  }

  /** The value of {@code column} in a Spark row, as the core type; null when the row has no such field. */
  public static <T> T read(Row row, Column<T> column) {
    if (!row.schema().getFieldIndex(column.name()).isDefined()) {
      return null;
    }
    int i = row.fieldIndex(column.name());
    @SuppressWarnings("unchecked")
    T value = (T) fromSpark(column.type(), row.isNullAt(i) ? null : row.get(i));
    return value;
  }

  /** A Spark external value (as {@code Row.get} returns it) as the core type. */
  public static Object fromSpark(ColumnType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type instanceof ColumnType.Scalar scalar) {
      return switch (scalar) {
        case TIMESTAMP -> value instanceof Timestamp ts ? ts.toInstant() : value;
        case DATE -> value instanceof Date date ? date.toLocalDate() : value;
        default -> value;
      };
    }
    if (type instanceof ColumnType.ArrayOf array) {
      List<?> elements = value instanceof List<?> list ? list
          : scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) value);
      if (array.element() == ColumnType.DOUBLE) {
        return elements.stream().mapToDouble(e -> (Double) e).toArray();
      }
      if (array.element() == ColumnType.LONG) {
        return elements.stream().mapToLong(e -> (Long) e).toArray();
      }
      List<Object> converted = new ArrayList<>(elements.size());
      for (Object element : elements) {
        converted.add(fromSpark(array.element(), element));
      }
      return converted;
    }
    List<ColumnType.Field> fields = ((ColumnType.Struct) type).fields();
    Row struct = (Row) value;
    List<Object> values = new ArrayList<>(fields.size());
    for (ColumnType.Field field : fields) {
      if (struct.schema() != null && !struct.schema().getFieldIndex(field.name()).isDefined()) {
        values.add(null); // a field appended after the row was written
        continue;
      }
      int i = struct.schema() == null ? values.size() : struct.fieldIndex(field.name());
      values.add(fromSpark(field.type(), struct.isNullAt(i) ? null : struct.get(i)));
    }
    return values;
  }
}
