package io.driftlake.spark.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.driftlake.core.histogram.FeatureKind;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * How a column's Spark type becomes a feature: its kind, and the built-in Column expression that
 * turns a value into what the histogram counts (a double for numeric features, a string for
 * categorical ones). Dates count as days since 1970-01-01, timestamps as seconds since the epoch.
 */
public final class Features {
  private Features() {}

  /** Type families: a change of family between reference and current cannot be compared. */
  public enum Family { NUMBER, DATE, TIMESTAMP, STRING, BOOLEAN, OTHER }

  public static Family family(DataType type) {
    if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
        || type instanceof LongType || type instanceof FloatType || type instanceof DoubleType
        || type instanceof DecimalType) {
      return Family.NUMBER;
    }
    if (type instanceof DateType) {
      return Family.DATE;
    }
    if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return Family.TIMESTAMP;
    }
    if (type instanceof StringType) {
      return Family.STRING;
    }
    if (type instanceof BooleanType) {
      return Family.BOOLEAN;
    }
    return Family.OTHER;
  }

  /** The default kind of a type, or empty when it is not a supported feature type. */
  public static Optional<FeatureKind> defaultKind(DataType type) {
    return switch (family(type)) {
      case NUMBER, DATE, TIMESTAMP -> Optional.of(FeatureKind.NUMERIC);
      case STRING, BOOLEAN -> Optional.of(FeatureKind.CATEGORICAL);
      case OTHER -> Optional.empty();
    };
  }

  /** Whether {@code --categorical} can turn this type into strings (atomic types only). */
  public static boolean castableToCategory(DataType type) {
    return family(type) != Family.OTHER;
  }

  /** A reference to a column by its exact name (dots, spaces and backticks are not parsed). */
  public static Column column(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  /** The double a numeric feature counts: null stays null, NaN stays NaN (both counted as missing). */
  public static Column numericValue(String name, DataType type) {
    Column c = column(name);
    return switch (family(type)) {
      // datediff rather than unix_date: same days since 1970-01-01, and the RAPIDS Accelerator runs it on the GPU
      case DATE -> org.apache.spark.sql.functions.datediff(c, org.apache.spark.sql.functions.expr("DATE'1970-01-01'")).cast("double");
      case TIMESTAMP -> unix_micros(c.cast("timestamp")).cast("double").divide(lit(1_000_000.0));
      default -> c.cast("double");
    };
  }

  /** The string a categorical feature counts; NaN of a float column becomes null (missing). */
  public static Column categoricalValue(String name, DataType type) {
    Column c = column(name);
    if (type instanceof FloatType || type instanceof DoubleType) {
      return when(isnan(c), lit(null).cast("string")).otherwise(c.cast("string"));
    }
    return c.cast("string");
  }

  /** Finite values only (null otherwise): in Spark SQL NaN compares above +Infinity, so abs(v) < Inf drops it. */
  public static Column finiteOnly(Column value) {
    return when(org.apache.spark.sql.functions.abs(value).lt(lit(Double.POSITIVE_INFINITY)), value);
  }
}
