package io.driftlake.spark.batch;

import java.io.Serializable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reading feature values out of a scan's column batches, shared by every consumer of batches (the
 * {@code columnar} engine's counter and the bins sketch): which Spark types are read exactly as Spark's
 * cast computes them, how a column's rows decode into doubles ({@link #decodeNumbers}) or category
 * strings ({@link #categoryText}), and the set-up of a numeric column ({@link #numberColumn}) with the
 * reason it cannot be read, which both consumers give in their fallback messages.
 */
public final class BatchColumns {
  private BatchColumns() {}

  /** A numeric column ready to decode, or why it cannot be: exactly one of the two is set. */
  public record NumberSetup(NumberColumn column, String notReadable) {}

  /**
   * The set-up of numeric feature {@code name} at batch column {@code ordinal} of {@code type}; when
   * the loop cannot read the type, the reason, e.g. {@code numeric feature d has type interval} (with
   * {@code and the session time zone is not UTC} for a {@code timestamp_ntz} in another zone).
   */
  public static NumberSetup numberColumn(String name, int ordinal, DataType type, boolean utcSession) {
    NumberType read = numberType(type, utcSession);
    if (read == null) {
      return new NumberSetup(null, "numeric feature " + name + " has type " + type.simpleString()
          + (type instanceof TimestampNTZType ? " and the session time zone is not UTC" : ""));
    }
    int precision = type instanceof DecimalType d ? d.precision() : 0;
    int scale = type instanceof DecimalType d ? d.scale() : 0;
    return new NumberSetup(new NumberColumn(ordinal, read, precision, scale), null);
  }

  /** How a numeric column's value becomes the double that is counted. */
  public enum NumberType { BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL, DATE_DAYS, TIMESTAMP_SECONDS }

  /** How a categorical (or slice) column's value becomes its string. */
  public enum CategoryType { STRING, BOOLEAN, INTEGRAL }

  /** A numeric feature: the batch column and how to read it. */
  public record NumberColumn(int ordinal, NumberType type, int precision, int scale) implements Serializable {}

  /**
   * How this loop reads a numeric feature of {@code type}, or null when it cannot (the caller falls back).
   * A {@code timestamp_ntz} is read only when {@code utcSession}: its cast to a timestamp reads the local
   * time in the session time zone, which is then the stored microseconds themselves.
   */
  public static NumberType numberType(DataType type, boolean utcSession) {
    if (type instanceof TimestampNTZType) {
      return utcSession ? NumberType.TIMESTAMP_SECONDS : null;
    }
    return numberType(type);
  }

  /** As {@link #numberType(DataType, boolean)} for any type but {@code timestamp_ntz}. */
  public static NumberType numberType(DataType type) {
    if (type instanceof ByteType) {
      return NumberType.BYTE;
    } else if (type instanceof ShortType) {
      return NumberType.SHORT;
    } else if (type instanceof IntegerType) {
      return NumberType.INT;
    } else if (type instanceof LongType) {
      return NumberType.LONG;
    } else if (type instanceof FloatType) {
      return NumberType.FLOAT;
    } else if (type instanceof DoubleType) {
      return NumberType.DOUBLE;
    } else if (type instanceof DecimalType) {
      return NumberType.DECIMAL;
    } else if (type instanceof DateType) {
      return NumberType.DATE_DAYS;
    } else if (type instanceof TimestampType) {
      return NumberType.TIMESTAMP_SECONDS;
    }
    return null;
  }

  /**
   * How this loop reads a categorical value of {@code type}: strings of the default (binary) collation,
   * booleans ({@code true}/{@code false}) and integers (decimal digits) read as Spark casts them; null
   * for any other type (floats, dates, collated strings: the caller falls back).
   */
  public static CategoryType categoryType(DataType type) {
    if (DataTypes.StringType.equals(type)) {
      return CategoryType.STRING;
    } else if (type instanceof BooleanType) {
      return CategoryType.BOOLEAN;
    } else if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
        || type instanceof LongType) {
      return CategoryType.INTEGRAL;
    }
    return null;
  }

  /** Decodes rows {@code 0..n} of a numeric column into doubles as {@code Features.numericValue}; null becomes NaN. */
  public static void decodeNumbers(ColumnVector v, NumberColumn column, int n, double[] out) {
    boolean nulls = v.hasNull();
    switch (column.type()) {
      case DOUBLE -> {
        for (int r = 0; r < n; r++) {
          out[r] = nulls && v.isNullAt(r) ? Double.NaN : v.getDouble(r);
        }
      }
      case FLOAT -> {
        for (int r = 0; r < n; r++) {
          out[r] = nulls && v.isNullAt(r) ? Double.NaN : (double) v.getFloat(r);
        }
      }
      case LONG -> {
        for (int r = 0; r < n; r++) {
          out[r] = nulls && v.isNullAt(r) ? Double.NaN : (double) v.getLong(r);
        }
      }
      case INT -> {
        for (int r = 0; r < n; r++) {
          out[r] = nulls && v.isNullAt(r) ? Double.NaN : (double) v.getInt(r);
        }
      }
      case SHORT -> {
        for (int r = 0; r < n; r++) {
          out[r] = nulls && v.isNullAt(r) ? Double.NaN : (double) v.getShort(r);
        }
      }
      case BYTE -> {
        for (int r = 0; r < n; r++) {
          out[r] = nulls && v.isNullAt(r) ? Double.NaN : (double) v.getByte(r);
        }
      }
      case DECIMAL -> {
        // Spark's cast of a decimal to double is Decimal.toDouble
        for (int r = 0; r < n; r++) {
          out[r] = nulls && v.isNullAt(r) ? Double.NaN : v.getDecimal(r, column.precision(), column.scale()).toDouble();
        }
      }
      case DATE_DAYS -> {
        // datediff(d, DATE'1970-01-01'): the stored days since the epoch
        for (int r = 0; r < n; r++) {
          out[r] = nulls && v.isNullAt(r) ? Double.NaN : (double) v.getInt(r);
        }
      }
      case TIMESTAMP_SECONDS -> {
        // unix_micros(ts) / 1e6, as a double division
        for (int r = 0; r < n; r++) {
          out[r] = nulls && v.isNullAt(r) ? Double.NaN : (double) v.getLong(r) / 1_000_000.0;
        }
      }
    }
  }

  /** The string Spark's {@code cast(v as string)} gives for row {@code r} (not null). */
  public static UTF8String categoryText(ColumnVector v, int r, CategoryType type) {
    return switch (type) {
      case STRING -> v.getUTF8String(r);
      case BOOLEAN -> UTF8String.fromString(v.getBoolean(r) ? "true" : "false");
      case INTEGRAL -> UTF8String.fromString(Long.toString(integral(v, r)));
    };
  }

  private static long integral(ColumnVector v, int r) {
    DataType type = v.dataType();
    if (type instanceof ByteType) {
      return v.getByte(r);
    } else if (type instanceof ShortType) {
      return v.getShort(r);
    } else if (type instanceof IntegerType) {
      return v.getInt(r);
    }
    return v.getLong(r);
  }

  /** Whether the session's time zone is UTC at every instant (then a timestamp_ntz casts to its own microseconds). */
  public static boolean utcSession(Dataset<Row> data) {
    try {
      return java.time.ZoneId.of(data.sparkSession().conf().get("spark.sql.session.timeZone")).getRules()
          .equals(java.time.ZoneOffset.UTC.getRules());
    } catch (RuntimeException e) {
      return false;
    }
  }
}
