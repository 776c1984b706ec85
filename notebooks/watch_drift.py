# Databricks notebook source
# MAGIC %md
# MAGIC # Watch a table with Driftlake (Structured Streaming)
# MAGIC
# MAGIC `drift watch` follows a **Delta table as it grows**: each micro-batch adds its rows to the stored window
# MAGIC profiles and rewrites the drift rows of the windows it touched, exactly once (docs/watch.md). Attach
# MAGIC `driftlake-<version>-cluster.jar` to the cluster as a library, as for `run_drift`.
# MAGIC
# MAGIC Two ways to run it:
# MAGIC - **Nightly incremental job** (trigger `available-now`): the cell measures everything that arrived since the
# MAGIC   last run and ends; schedule the notebook as a job.
# MAGIC - **Continuous** (trigger `5 minutes`, a processing-time trigger): the stream keeps running until you stop it.
# MAGIC
# MAGIC The checkpoint records which data the watch has measured: keep it with the watch, one per watch.

# COMMAND ----------

dbutils.widgets.text("reference", "main.features.training", "Reference (table or path)")
dbutils.widgets.text("current", "main.features.scoring", "Current: a Delta table (name or path)")
dbutils.widgets.text("output", "main.monitoring.drift", "Drift table (table or path)")
dbutils.widgets.text("checkpoint", "/Volumes/main/monitoring/checkpoints/scoring-watch", "Checkpoint (path)")
dbutils.widgets.text("profile_table", "/Volumes/main/monitoring/checkpoints/scoring-watch-profiles", "Profile table (path)")
dbutils.widgets.text("window_column", "event_date", "Window column")
dbutils.widgets.dropdown("granularity", "1 day", ["1 hour", "1 day", "1 week", "1 month"], "Granularity")
dbutils.widgets.dropdown("trigger", "available-now", ["available-now", "1 minute", "5 minutes", "1 hour"], "Trigger")
dbutils.widgets.text("extra_options", "--drift-type both", "More options, as on the command line")

# COMMAND ----------

import shlex
from pyspark.sql.streaming import StreamingQuery

w = dbutils.widgets.get
args = ["--reference", w("reference"), "--current", w("current"), "--output", w("output"),
        "--checkpoint", w("checkpoint"), "--profile-table", w("profile_table"),
        "--window-column", w("window_column"), "--granularity", w("granularity"),
        "--trigger", w("trigger")] + shlex.split(w("extra_options"))

# The same parser and job as `jobs/drift watch`; available-now and processing-time triggers are the two that
# Databricks allows on every cluster type. A bad option raises a one-line error before the stream starts.
query = StreamingQuery(spark._jvm.io.driftlake.Driftlake.watchCommandLine(spark._jsparkSession, args))
if w("trigger") == "available-now":
    query.awaitTermination()
    print(f"watch done: {query.lastProgress['batchId'] + 1 if query.lastProgress else 0} batches so far")
else:
    print(f"watch running as query {query.id}; stop it with query.stop()")

# COMMAND ----------

# MAGIC %md
# MAGIC ## The watch's rows
# MAGIC One row per window x slice x drift type x column under the watch's run id (`watch-<checkpoint folder name>`
# MAGIC unless `--run-id` names it), always the latest.

# COMMAND ----------

import re
from pyspark.sql import DataFrame

watch_id = "watch-" + re.sub(r"[^A-Za-z0-9._-]", "_", w("checkpoint").rstrip("/").split("/")[-1])
rows = DataFrame(spark._jvm.io.driftlake.Driftlake.read(spark._jsparkSession, w("output"), watch_id), spark)
display(rows.where("column_name <> ':table'").orderBy(rows.window_start.desc_nulls_first(), rows.js_distance.desc_nulls_last()))
