# Databricks notebook source
# MAGIC %md
# MAGIC # Explore the drift table
# MAGIC
# MAGIC SQL over the Delta drift table that `run_drift` (or a scheduled `spark-submit`) wrote. Each query stands alone,
# MAGIC so it can back a Databricks SQL dashboard tile: copy it and turn `${drift_table}` / `${feature}` into dashboard
# MAGIC parameters. `drift_table` is a table name or ``delta.`/path/to/table` ``. Columns: docs/drift-table.md.

# COMMAND ----------

dbutils.widgets.text("drift_table", "main.monitoring.drift", "Drift table")
dbutils.widgets.text("feature", "temp_max", "Feature")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Latest run per feature, most drifted first

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT column_name, kind, js_distance, psi, kl_ref_cur, chi2_pvalue, drifted, status, message, run_id, run_ts
# MAGIC FROM (
# MAGIC   SELECT *, row_number() OVER (PARTITION BY column_name ORDER BY run_ts DESC, run_id DESC) AS latest_rank
# MAGIC   FROM ${drift_table}
# MAGIC   WHERE window_start IS NULL AND slice_key IS NULL AND drift_type = 'BASELINE' AND column_name <> ':table'
# MAGIC )
# MAGIC WHERE latest_rank = 1
# MAGIC ORDER BY js_distance DESC NULLS LAST

# COMMAND ----------

# MAGIC %md
# MAGIC ## Drift over time windows for one feature (latest windowed run)

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT window_start, window_end, drift_type, js_distance, psi, drifted, cur_count
# MAGIC FROM ${drift_table}
# MAGIC WHERE column_name = '${feature}' AND slice_key IS NULL AND window_start IS NOT NULL
# MAGIC   AND run_id = (SELECT max_by(run_id, run_ts) FROM ${drift_table} WHERE window_start IS NOT NULL)
# MAGIC ORDER BY window_start, drift_type

# COMMAND ----------

# MAGIC %md
# MAGIC ## Reference vs current histogram of one feature (latest run, one row per bin)

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT pos AS bin,
# MAGIC        CASE WHEN categories IS NOT NULL THEN categories[pos]
# MAGIC             ELSE concat('[', CAST(bin_edges[pos] AS STRING), ', ', CAST(bin_edges[pos + 1] AS STRING), ')') END AS bin_label,
# MAGIC        ref_bin_count / nullif(ref_count, 0) AS ref_share,
# MAGIC        cur_bin_counts[pos] / nullif(cur_count, 0) AS cur_share
# MAGIC FROM (
# MAGIC   SELECT * FROM ${drift_table}
# MAGIC   WHERE column_name = '${feature}' AND window_start IS NULL AND slice_key IS NULL AND drift_type = 'BASELINE'
# MAGIC   ORDER BY run_ts DESC, run_id DESC
# MAGIC   LIMIT 1
# MAGIC ) LATERAL VIEW posexplode(ref_bin_counts) bins AS pos, ref_bin_count
# MAGIC ORDER BY bin

# COMMAND ----------

# MAGIC %md
# MAGIC ## Share of drifted features per run

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT run_id, run_ts, drifted_share, row_count_change, ref_count AS ref_rows, cur_count AS cur_rows
# MAGIC FROM ${drift_table}
# MAGIC WHERE column_name = ':table' AND window_start IS NULL AND slice_key IS NULL AND drift_type = 'BASELINE'
# MAGIC ORDER BY run_ts
