# Databricks notebook source
# MAGIC %md
# MAGIC # Run Driftlake
# MAGIC
# MAGIC Measures how far the **current** data moved from the **reference** and writes one Delta transaction to the
# MAGIC **drift table**. It calls the same Java entry point a `spark-submit` run uses (`io.driftlake.Driftlake`), so
# MAGIC attach `driftlake-<version>-cluster.jar` (from `mvn package`) to the cluster as a library; Delta is built into
# MAGIC Databricks. Options are those of `jobs/drift run --help` (docs/semantics.md explains each).

# COMMAND ----------

dbutils.widgets.text("reference", "main.features.training", "Reference (table or path)")
dbutils.widgets.text("current", "main.features.scoring", "Current (table or path)")
dbutils.widgets.text("output", "main.monitoring.drift", "Drift table (table or path)")
dbutils.widgets.text("features", "", "Features a,b,c (empty: all)")
dbutils.widgets.text("exclude", "", "Exclude a,b")
dbutils.widgets.text("window_column", "", "Window column (optional)")
dbutils.widgets.dropdown("granularity", "1 day", ["5 minutes", "1 hour", "1 day", "1 week", "1 month"], "Granularity")
dbutils.widgets.dropdown("drift_type", "baseline", ["baseline", "consecutive", "both"], "Drift type")
dbutils.widgets.text("slice_by", "", "Slice by a,b (optional)")
dbutils.widgets.text("threshold", "js_distance=0.1", "Threshold METRIC=VALUE")
dbutils.widgets.text("profile_table", "", "Profile table (optional)")
dbutils.widgets.text("extra_options", "", "More options, as on the command line")

# COMMAND ----------

import shlex

w = dbutils.widgets.get
args = ["--reference", w("reference"), "--current", w("current"), "--output", w("output"),
        "--threshold", w("threshold")]
if w("features"):
    args += ["--features", w("features")]
if w("exclude"):
    args += ["--exclude", w("exclude")]
if w("window_column"):
    args += ["--window-column", w("window_column"), "--granularity", w("granularity"),
             "--drift-type", w("drift_type")]
if w("slice_by"):
    args += ["--slice-by", w("slice_by")]
if w("profile_table"):
    args += ["--profile-table", w("profile_table")]
args += shlex.split(w("extra_options"))

# The same parser and job as `jobs/drift run` and spark-submit: a bad option raises a one-line error.
run = spark._jvm.io.driftlake.Driftlake.runCommandLine(spark._jsparkSession, args)
print(run.summary())
print(f"run {run.runId()}: {run.driftedCount()} features drifted; written to {run.output()}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## This run's rows
# MAGIC Whole-data rows first; windows and slices follow. `explore_drift` has the dashboard queries.

# COMMAND ----------

from pyspark.sql import DataFrame

rows = DataFrame(spark._jvm.io.driftlake.Driftlake.read(spark._jsparkSession, w("output"), run.runId()), spark)
display(rows.orderBy(rows.window_start.asc_nulls_first(), rows.js_distance.desc_nulls_last()))
