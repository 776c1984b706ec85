package io.driftlake.core.table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The type of a table column, without Spark: a scalar, an array of a type, or a struct of named
 * fields. The spark package maps it to a Spark {@code DataType} in one place ({@code SparkColumns}).
 *
 * <p>Values are held as plain Java objects: {@link #javaClass()} names the class. Arrays of doubles
 * and longs are primitive arrays ({@code double[]}, {@code long[]}); every other array is a
 * {@code List}; a struct value is a {@code List} of its field values in field order.
 */
public sealed interface ColumnType {
  /** The type as Spark SQL prints it (and docs/drift-table.md lists it), e.g. {@code array<bigint>}. */
  String sql();

  /** The class of a value of this type. */
  Class<?> javaClass();

  /** The scalar types. */
  enum Scalar implements ColumnType {
    STRING("string", String.class),
    TIMESTAMP("timestamp", Instant.class),
    DATE("date", LocalDate.class),
    DOUBLE("double", Double.class),
    LONG("bigint", Long.class),
    BOOLEAN("boolean", Boolean.class),
    /** Opaque bytes (a serialized state), held as {@code byte[]}. */
    BINARY("binary", byte[].class);

    private final String sql;
    private final Class<?> javaClass;

    Scalar(String sql, Class<?> javaClass) {
      this.sql = sql;
      this.javaClass = javaClass;
    }

    @Override
    public String sql() {
      return sql;
    }

    @Override
    public Class<?> javaClass() {
      return javaClass;
    }
  }

  /** An array whose elements are never null. */
  record ArrayOf(ColumnType element) implements ColumnType {
    @Override
    public String sql() {
      return "array<" + element.sql() + ">";
    }

    @Override
    public Class<?> javaClass() {
      if (element == Scalar.DOUBLE) {
        return double[].class;
      }
      return element == Scalar.LONG ? long[].class : List.class;
    }
  }

  /** A struct of named fields; its value is the list of the field values, in order. */
  record Struct(List<Field> fields) implements ColumnType {
    public Struct {
      fields = List.copyOf(fields);
    }

    @Override
    public String sql() {
      return fields.stream().map(f -> f.name() + ": " + f.type().sql()).collect(Collectors.joining(", ", "struct<", ">"));
    }

    @Override
    public Class<?> javaClass() {
      return List.class;
    }
  }

  /** A field of a {@link Struct}; nullable. */
  record Field(String name, ColumnType type) {}

  ColumnType STRING = Scalar.STRING;
  ColumnType TIMESTAMP = Scalar.TIMESTAMP;
  ColumnType DATE = Scalar.DATE;
  ColumnType DOUBLE = Scalar.DOUBLE;
  ColumnType LONG = Scalar.LONG;
  ColumnType BOOLEAN = Scalar.BOOLEAN;
  ColumnType BINARY = Scalar.BINARY;

  static ColumnType arrayOf(ColumnType element) {
    return new ArrayOf(element);
  }

  static ColumnType struct(Field... fields) {
    return new Struct(List.of(fields));
  }

  static Field field(String name, ColumnType type) {
    return new Field(name, type);
  }
}
