package io.driftlake.core.table;

import static io.driftlake.core.table.Column.Nulls.NOT_NULL;
import static io.driftlake.core.table.Column.Nulls.NULLABLE;
import static io.driftlake.core.table.ColumnType.BINARY;
import static io.driftlake.core.table.ColumnType.DOUBLE;
import static io.driftlake.core.table.ColumnType.LONG;
import static io.driftlake.core.table.ColumnType.STRING;
import static io.driftlake.core.table.ColumnType.TIMESTAMP;
import static io.driftlake.core.table.ColumnType.arrayOf;

import java.time.Instant;
import java.util.List;

/**
 * The profile table's columns ({@code --profile-table}), in table order: the one definition its Spark
 * schema, the rows written and the reader are built from (docs/drift-table.md, "The profile table").
 * As with {@link DriftColumns}, new columns are only ever appended.
 */
public final class ProfileColumns {
  /** Every column, in order. Declared first: the fields below append to it as the class initialises. */
  public static final TableColumns ALL = new TableColumns("profile");

  public static final Column<String> PROFILE_ID = ALL.add("profile_id", STRING, NOT_NULL,
      "the run id that stored it (or the --profile-id of a roll-up)");
  public static final Column<String> ROLE = ALL.add("role", STRING, NOT_NULL, "reference or current");
  public static final Column<Instant> CREATED_TS = ALL.add("created_ts", TIMESTAMP, NOT_NULL, "when it was stored");
  public static final Column<String> SOURCE = ALL.add("source", STRING, NULLABLE, "what was read");
  public static final Column<String> GRANULARITY = ALL.add("granularity", STRING, NULLABLE,
      "window width; null when not windowed");
  public static final Column<List<String>> SLICE_KEYS = ALL.add("slice_keys", arrayOf(STRING), NOT_NULL,
      "the slice keys of the run, in order");
  public static final Column<String> BINNING = ALL.add("binning", STRING, NULLABLE, "how the numeric edges were chosen");
  public static final Column<Instant> WINDOW_START = ALL.add("window_start", TIMESTAMP, NULLABLE, "the group's window start");
  public static final Column<Instant> WINDOW_END = ALL.add("window_end", TIMESTAMP, NULLABLE, "the group's window end");
  public static final Column<String> SLICE_KEY = ALL.add("slice_key", STRING, NULLABLE, "the group's slice key");
  public static final Column<String> SLICE_VALUE = ALL.add("slice_value", STRING, NULLABLE, "the group's slice value");
  public static final Column<String> COLUMN_NAME = ALL.add("column_name", STRING, NOT_NULL,
      "the feature, or :table for the group's row-count row");
  public static final Column<String> DATA_TYPE = ALL.add("data_type", STRING, NULLABLE, "the reference's Spark type");
  public static final Column<String> KIND = ALL.add("kind", STRING, NULLABLE, "numeric or categorical");
  public static final Column<double[]> BIN_EDGES = ALL.add("bin_edges", arrayOf(DOUBLE), NULLABLE, "numeric: the frozen edges");
  public static final Column<List<String>> CATEGORIES = ALL.add("categories", arrayOf(STRING), NULLABLE,
      "categorical: the frozen categories, then __other__");
  public static final Column<Long> ROW_COUNT = ALL.add("row_count", LONG, NOT_NULL, "rows in the group");
  public static final Column<long[]> BIN_COUNTS = ALL.add("bin_counts", arrayOf(LONG), NULLABLE, "count per bin");
  public static final Column<Long> MISSING_COUNT = ALL.add("missing_count", LONG, NULLABLE, "nulls and NaN");
  public static final Column<Long> FINITE_COUNT = ALL.add("finite_count", LONG, NULLABLE, "finite values");
  public static final Column<Double> FINITE_MEAN = ALL.add("finite_mean", DOUBLE, NULLABLE, "their mean");
  public static final Column<Double> FINITE_M2 = ALL.add("finite_m2", DOUBLE, NULLABLE,
      "their sum of squared deviations from the mean");
  public static final Column<long[]> JOINT_LABEL_COUNTS = ALL.add("joint_label_counts", arrayOf(LONG), NULLABLE,
      "with --label-col: count per (feature bin, label bin)");
  public static final Column<List<String>> JOINT_COLUMNS = ALL.add("joint_columns", arrayOf(STRING), NULLABLE,
      ":table rows: the joint features of the co-moments, in order");
  public static final Column<Long> JOINT_COUNT = ALL.add("joint_count", LONG, NULLABLE,
      ":table rows: rows with every joint feature finite");
  public static final Column<double[]> JOINT_MEANS = ALL.add("joint_means", arrayOf(DOUBLE), NULLABLE,
      ":table rows: their means, one per joint feature");
  public static final Column<double[]> JOINT_COMOMENTS = ALL.add("joint_comoments", arrayOf(DOUBLE), NULLABLE,
      ":table rows: the co-moment matrix sum (x_i - mean_i)(x_j - mean_j), upper triangle row by row");

  public static final Column<byte[]> CELLS = ALL.add("cells", BINARY, NULLABLE,
      "feature rows: the universal state (FeatureCells bytes); null in frozen-bin profiles");

  private ProfileColumns() {}
}
