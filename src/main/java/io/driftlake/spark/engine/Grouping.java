package io.driftlake.spark.engine;

import io.driftlake.spark.common.Features;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.profile.GroupKey;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The groups one profiling scan counts: a time window (from a date or timestamp column) and a slice,
 * added to each row as three key columns. With slices, a row is counted once per slice key (an
 * {@code explode} of one struct per key, inside the same stage as the scan); the whole data and each
 * window's unsliced totals are sums of the first key's groups ({@link
 * io.driftlake.core.profile.ProfileSet#fromScan}). Window starts are computed in microseconds, UTC,
 * exactly as {@link Granularity#windowStart} does.
 */
public final class Grouping {
  public static final String WINDOW = "__driftlake_window";
  static final String SLICE_KEY = "__driftlake_slice_key";
  static final String SLICE_VALUE = "__driftlake_slice_value";
  private static final String WINDOW_MICROS = "__driftlake_window_micros";
  private static final String SLICES = "__driftlake_slices";
  private static final String DAY = Long.toString(Granularity.MICROS_PER_DAY);
  private static final String EPOCH = "DATE'1970-01-01'";

  /**
   * One slice key: its name, the value expression (a string), and the values kept as their own slice
   * (the reference's most frequent; every other value becomes {@code __other__}), null to keep all;
   * {@code column} is the plain column it reads ({@code --slice-by}), null for an expression.
   */
  public record Slice(String key, Column value, List<String> kept, boolean keepNull, String column) {

    /** The same slice key with these kept values frozen. */
    public Slice withKept(List<String> keptValues, boolean keepNullValue) {
      return new Slice(key, value, keptValues, keepNullValue, column);
    }

    public Column mapped() {
      if (kept == null) {
        return value;
      }
      Column other = lit(CategoryBins.OTHER_LABEL);
      return when(value.isNull(), keepNull ? lit(null).cast("string") : other)
          .when(value.isin(kept.toArray()), value)
          .otherwise(other);
    }
  }

  private final String windowColumn;
  private final DataType windowType;
  private final Granularity granularity;
  private final List<Slice> slices;

  public Grouping(String windowColumn, DataType windowType, Granularity granularity, List<Slice> slices) {
    this.windowColumn = windowColumn;
    this.windowType = windowType;
    this.granularity = granularity;
    this.slices = List.copyOf(slices);
  }

  public static Grouping none() {
    return new Grouping(null, null, null, List.of());
  }

  /** No window and no slice: the scan is one global aggregation. */
  public boolean trivial() {
    return windowColumn == null && slices.isEmpty();
  }

  public Granularity granularity() {
    return granularity;
  }

  /** The window column, or null without windows. */
  public String windowColumn() {
    return windowColumn;
  }

  public DataType windowType() {
    return windowType;
  }

  public List<Slice> slices() {
    return slices;
  }

  /** The group key of window start {@code micros} (null: no window) and slice {@code key = value}. */
  public GroupKey key(Long micros, String sliceKey, String sliceValue) {
    if (micros == null) {
      return new GroupKey(null, null, sliceKey, sliceValue);
    }
    return new GroupKey(Granularity.toInstant(micros), Granularity.toInstant(granularity.windowEnd(micros)), sliceKey,
        sliceValue);
  }

  /** {@code data} with the three key columns (one row per slice key when sliced). */
  public Dataset<Row> apply(Dataset<Row> data) {
    Dataset<Row> out = data;
    if (windowColumn == null) {
      out = out.withColumn(WINDOW, lit(null).cast("long"));
    } else {
      out = out.withColumn(WINDOW_MICROS, micros(Features.column(windowColumn), windowType))
          .withColumn(WINDOW, windowStart(WINDOW_MICROS, granularity))
          .drop(WINDOW_MICROS);
    }
    if (slices.isEmpty()) {
      return out.withColumn(SLICE_KEY, lit(null).cast("string")).withColumn(SLICE_VALUE, lit(null).cast("string"));
    }
    Column[] entries = slices.stream()
        .map(s -> struct(lit(s.key()).as("k"), s.mapped().cast("string").as("v")))
        .toArray(Column[]::new);
    return out.withColumn(SLICES, explode(array(entries)))
        .withColumn(SLICE_KEY, col(SLICES + ".k"))
        .withColumn(SLICE_VALUE, col(SLICES + ".v"))
        .drop(SLICES);
  }

  public Column[] keys() {
    return new Column[] {col(WINDOW), col(SLICE_KEY), col(SLICE_VALUE)};
  }

  /** The group key held in {@code row} at positions {@code from .. from+2} (window start µs, slice key, value). */
  public GroupKey key(Row row, int from) {
    return key(row.isNullAt(from) ? null : row.getLong(from), row.getString(from + 1), row.getString(from + 2));
  }

  /** Microseconds since the epoch (UTC) of a date (its midnight UTC), timestamp, or anything castable to one. */
  private static Column micros(Column c, DataType type) {
    if (type instanceof DateType) {
      return org.apache.spark.sql.functions.datediff(c, expr(EPOCH)).cast("long").multiply(lit(Granularity.MICROS_PER_DAY));
    }
    if (type instanceof TimestampType) {
      return unix_micros(c);
    }
    return unix_micros(c.cast("timestamp"));
  }

  /**
   * The SQL of {@link Granularity#windowStart} over the microseconds column {@code m}, in expressions
   * the RAPIDS Accelerator runs on the GPU (date_add/date_sub/datediff rather than unix_date/make_date,
   * which it does not support; jobs/gpu-explain checks a windowed run).
   */
  private static Column windowStart(String m, Granularity g) {
    if (g.fixedWidth()) {
      return expr(m + " - pmod(" + m + " - " + g.originMicros() + "L, " + g.widthMicros() + "L)");
    }
    String day = "date_add(" + EPOCH + ", CAST((" + m + " - pmod(" + m + ", " + DAY + "L)) div " + DAY + "L AS INT))";
    String start;
    if (g.unit() == Granularity.Unit.MONTH && g.amount() == 1) {
      start = "date_sub(" + day + ", dayofmonth(" + day + ") - 1)";
    } else if (g.unit() == Granularity.Unit.YEAR && g.amount() == 1) {
      start = "date_sub(" + day + ", dayofyear(" + day + ") - 1)";
    } else {
      String months = g.unit() == Granularity.Unit.MONTH ? "1" : "12";
      String index = "((year(" + day + ") - 1970) * 12 + month(" + day + ") - 1) div " + months;
      String first = "(" + index + " - pmod(" + index + ", " + g.amount() + ")) * " + months;
      start = "add_months(" + EPOCH + ", CAST(" + first + " AS INT))";
    }
    return expr("CAST(datediff(" + start + ", " + EPOCH + ") AS BIGINT) * " + DAY + "L");
  }
}
