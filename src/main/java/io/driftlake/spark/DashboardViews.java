package io.driftlake.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * SQL views over the drift table for dashboards (Databricks SQL, Superset, Grafana), documented in
 * docs/dashboards.md. Plain Spark SQL, so the same text runs on Databricks.
 */
public final class DashboardViews {
  private DashboardViews() {}

  /** View name → its SELECT, over {@code source} (a table name or {@code delta.`path`}). */
  static Map<String, String> definitions(String source) {
    Map<String, String> views = new LinkedHashMap<>();
    views.put("drift_latest", """
        SELECT run_id, run_ts, column_name, kind, data_type, js_distance, js_divergence, psi, kl_ref_cur, kl_cur_ref,
               hellinger, tv_distance, ks_statistic, chi2_pvalue, gaussian_kl, threshold_metric, threshold, drifted,
               status, message, ref_count, cur_count, ref_null_fraction, cur_null_fraction, ref_mutual_info, cur_mutual_info
        FROM (
          SELECT *, row_number() OVER (PARTITION BY column_name ORDER BY run_ts DESC, run_id DESC) AS latest_rank
          FROM %s
          WHERE window_start IS NULL AND slice_key IS NULL AND drift_type = 'BASELINE' AND column_name <> ':table'
        )
        WHERE latest_rank = 1""".formatted(source));
    views.put("drift_trend", """
        SELECT run_id, run_ts, coalesce(window_start, run_ts) AS period_start, window_start, window_end,
               slice_key, slice_value, drift_type, column_name, kind, js_distance, psi, kl_ref_cur, chi2_pvalue,
               drifted, status, ref_count, cur_count, drifted_share, row_count_change
        FROM %s""".formatted(source));
    views.put("drift_histogram_bins", """
        SELECT run_id, run_ts, window_start, slice_key, slice_value, drift_type, column_name, kind, pos AS bin,
               CASE WHEN categories IS NOT NULL THEN categories[pos]
                    ELSE concat('[', CAST(bin_edges[pos] AS STRING), ', ', CAST(bin_edges[pos + 1] AS STRING), ')') END AS bin_label,
               bin_edges[pos] AS bin_lower, bin_edges[pos + 1] AS bin_upper,
               ref_bin_count, cur_bin_counts[pos] AS cur_bin_count,
               ref_bin_count / nullif(ref_count, 0) AS ref_share, cur_bin_counts[pos] / nullif(cur_count, 0) AS cur_share
        FROM %s LATERAL VIEW posexplode(ref_bin_counts) bins AS pos, ref_bin_count
        WHERE ref_bin_counts IS NOT NULL""".formatted(source));
    views.put("drift_runs", """
        SELECT run_id, run_ts, reference, current, drifted_share, row_count_change, ref_count AS ref_rows,
               cur_count AS cur_rows, message
        FROM %s
        WHERE column_name = ':table' AND window_start IS NULL AND slice_key IS NULL AND drift_type = 'BASELINE'""".formatted(source));
    return views;
  }

  /** How a drift table is named in SQL: its name, or {@code delta.`path`}. */
  static String source(String table) {
    return DatasetReader.isPath(table) ? "delta.`" + table.replace("`", "``") + "`" : table;
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
