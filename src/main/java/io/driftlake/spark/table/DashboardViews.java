package io.driftlake.spark.table;

import io.driftlake.core.config.Locations;

import static io.driftlake.core.table.DriftColumns.CHI2_PVALUE;
import static io.driftlake.core.table.DriftColumns.COLUMN_NAME;
import static io.driftlake.core.table.DriftColumns.CURRENT;
import static io.driftlake.core.table.DriftColumns.CUR_COUNT;
import static io.driftlake.core.table.DriftColumns.CUR_MUTUAL_INFO;
import static io.driftlake.core.table.DriftColumns.CUR_NULL_FRACTION;
import static io.driftlake.core.table.DriftColumns.DATA_TYPE;
import static io.driftlake.core.table.DriftColumns.DRIFTED;
import static io.driftlake.core.table.DriftColumns.DRIFTED_SHARE;
import static io.driftlake.core.table.DriftColumns.DRIFT_TYPE;
import static io.driftlake.core.table.DriftColumns.GAUSSIAN_KL;
import static io.driftlake.core.table.DriftColumns.HELLINGER;
import static io.driftlake.core.table.DriftColumns.JS_DISTANCE;
import static io.driftlake.core.table.DriftColumns.JS_DIVERGENCE;
import static io.driftlake.core.table.DriftColumns.KIND;
import static io.driftlake.core.table.DriftColumns.KL_CUR_REF;
import static io.driftlake.core.table.DriftColumns.KL_REF_CUR;
import static io.driftlake.core.table.DriftColumns.KS_STATISTIC;
import static io.driftlake.core.table.DriftColumns.MESSAGE;
import static io.driftlake.core.table.DriftColumns.PSI;
import static io.driftlake.core.table.DriftColumns.REFERENCE;
import static io.driftlake.core.table.DriftColumns.REF_COUNT;
import static io.driftlake.core.table.DriftColumns.REF_MUTUAL_INFO;
import static io.driftlake.core.table.DriftColumns.REF_NULL_FRACTION;
import static io.driftlake.core.table.DriftColumns.ROW_COUNT_CHANGE;
import static io.driftlake.core.table.DriftColumns.RUN_ID;
import static io.driftlake.core.table.DriftColumns.RUN_TS;
import static io.driftlake.core.table.DriftColumns.SLICE_KEY;
import static io.driftlake.core.table.DriftColumns.SLICE_VALUE;
import static io.driftlake.core.table.DriftColumns.STATUS;
import static io.driftlake.core.table.DriftColumns.THRESHOLD;
import static io.driftlake.core.table.DriftColumns.THRESHOLD_METRIC;
import static io.driftlake.core.table.DriftColumns.TV_DISTANCE;
import static io.driftlake.core.table.DriftColumns.WINDOW_END;
import static io.driftlake.core.table.DriftColumns.WINDOW_START;

import io.driftlake.core.table.Column;
import io.driftlake.core.table.DriftColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * SQL views over the drift table for dashboards (Databricks SQL, Superset, Grafana), documented in
 * docs/dashboards.md. Plain Spark SQL, so the same text runs on Databricks.
 */
public final class DashboardViews {
  private DashboardViews() {}

  /**
   * View name → its SELECT, over {@code source} (a table name or {@code delta.`path`}). The plain
   * column lists name {@link DriftColumns} constants, so a view can only select columns the table has.
   */
  public static Map<String, String> definitions(String source) {
    Map<String, String> views = new LinkedHashMap<>();
    views.put("drift_latest", """
        SELECT %s
        FROM (
          SELECT *, row_number() OVER (PARTITION BY column_name ORDER BY run_ts DESC, run_id DESC) AS latest_rank
          FROM %s
          WHERE window_start IS NULL AND slice_key IS NULL AND drift_type = 'BASELINE' AND column_name <> ':table'
        )
        WHERE latest_rank = 1""".formatted(names(RUN_ID, RUN_TS, COLUMN_NAME, KIND, DATA_TYPE, JS_DISTANCE,
        JS_DIVERGENCE, PSI, KL_REF_CUR, KL_CUR_REF, HELLINGER, TV_DISTANCE, KS_STATISTIC, CHI2_PVALUE, GAUSSIAN_KL,
        THRESHOLD_METRIC, THRESHOLD, DRIFTED, STATUS, MESSAGE, REF_COUNT, CUR_COUNT, REF_NULL_FRACTION,
        CUR_NULL_FRACTION, REF_MUTUAL_INFO, CUR_MUTUAL_INFO), source));
    views.put("drift_trend", """
        SELECT run_id, run_ts, coalesce(window_start, run_ts) AS period_start, %s
        FROM %s""".formatted(names(WINDOW_START, WINDOW_END, SLICE_KEY, SLICE_VALUE, DRIFT_TYPE, COLUMN_NAME, KIND,
        JS_DISTANCE, PSI, KL_REF_CUR, CHI2_PVALUE, DRIFTED, STATUS, REF_COUNT, CUR_COUNT, DRIFTED_SHARE,
        ROW_COUNT_CHANGE), source));
    views.put("drift_histogram_bins", """
        SELECT %s, pos AS bin,
               CASE WHEN categories IS NOT NULL THEN categories[pos]
                    ELSE concat('[', CAST(bin_edges[pos] AS STRING), ', ', CAST(bin_edges[pos + 1] AS STRING), ')') END AS bin_label,
               bin_edges[pos] AS bin_lower, bin_edges[pos + 1] AS bin_upper,
               ref_bin_count, cur_bin_counts[pos] AS cur_bin_count,
               ref_bin_count / nullif(ref_count, 0) AS ref_share, cur_bin_counts[pos] / nullif(cur_count, 0) AS cur_share
        FROM %s LATERAL VIEW posexplode(ref_bin_counts) bins AS pos, ref_bin_count
        WHERE ref_bin_counts IS NOT NULL""".formatted(names(RUN_ID, RUN_TS, WINDOW_START, SLICE_KEY, SLICE_VALUE,
        DRIFT_TYPE, COLUMN_NAME, KIND), source));
    views.put("drift_runs", """
        SELECT %s, ref_count AS ref_rows, cur_count AS cur_rows, message
        FROM %s
        WHERE column_name = ':table' AND window_start IS NULL AND slice_key IS NULL AND drift_type = 'BASELINE'"""
        .formatted(names(RUN_ID, RUN_TS, REFERENCE, CURRENT, DRIFTED_SHARE, ROW_COUNT_CHANGE), source));
    views.put("drift_quality", """
        SELECT %s,
               cur_mean - ref_mean AS mean_change,
               cur_null_fraction - ref_null_fraction AS null_fraction_change,
               cur_zero_fraction - ref_zero_fraction AS zero_fraction_change,
               cur_distinct_count / nullif(cur_count, 0) - ref_distinct_count / nullif(ref_count, 0) AS distinct_share_change
        FROM %s
        WHERE window_start IS NULL AND slice_key IS NULL AND drift_type = 'BASELINE'""".formatted(names(RUN_ID, RUN_TS,
        COLUMN_NAME, KIND, DriftColumns.REF_MEAN, DriftColumns.CUR_MEAN, REF_NULL_FRACTION, CUR_NULL_FRACTION,
        DriftColumns.REF_ZERO_FRACTION, DriftColumns.CUR_ZERO_FRACTION, DriftColumns.REF_DISTINCT_COUNT,
        DriftColumns.CUR_DISTINCT_COUNT, REF_COUNT, CUR_COUNT, DriftColumns.COLUMNS_ADDED,
        DriftColumns.COLUMNS_MISSING, DriftColumns.COLUMNS_RETYPED), source));
    return views;
  }

  /** The columns' names, comma-separated, for a SELECT list. */
  public static String names(Column<?>... columns) {
    return Arrays.stream(columns).map(Column::name).collect(Collectors.joining(", "));
  }

  /** How a drift table is named in SQL: its name, or {@code delta.`path`}. */
  public static String source(String table) {
    return Locations.isPath(table) ? "delta.`" + table.replace("`", "``") + "`" : table;
  }

  /**
   * Whether views created in this session die with it: the session has no metastore (Spark's
   * embedded in-memory catalog, {@code spark.sql.catalogImplementation=in-memory}, as under
   * {@code jobs/drift} and in tests), so nothing else (Databricks SQL, Superset, another session) sees them.
   */
  public static boolean sessionLocal(SparkSession spark) {
    return "in-memory".equals(spark.conf().get("spark.sql.catalogImplementation", "in-memory"));
  }

  /** Creates or replaces every view in {@code schema} (the current one when null); returns the statements. */
  public static List<String> create(SparkSession spark, String table, String schema) {
    DriftTable.read(spark, table, null); // a clear error when the table does not exist
    List<String> statements = new ArrayList<>();
    definitions(source(table)).forEach((name, select) -> {
      String view = schema == null ? name : schema + "." + name;
      String statement = "CREATE OR REPLACE VIEW " + view + " AS\n" + select;
      spark.sql(statement);
      statements.add(statement);
    });
    return statements;
  }
}
