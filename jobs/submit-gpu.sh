#!/usr/bin/env bash
# Submits the drift job to GPU executors: jobs/submit.sh with conf/spark-gpu.properties (RAPIDS plugin,
# one GPU per executor). Set RAPIDS_JAR to the plugin jar's path on the cluster if it is not the one
# named in that file.
#   jobs/submit-gpu.sh --master yarn --deploy-mode cluster -- run --reference R --current C --output T
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
extra=()
if [ -n "${RAPIDS_JAR:-}" ]; then
  extra+=(--conf "spark.jars=$RAPIDS_JAR")
fi
DRIFT_SPARK_PROPERTIES="${DRIFT_SPARK_PROPERTIES:-$ROOT/conf/spark-gpu.properties}" \
  exec "$ROOT/jobs/submit.sh" "${extra[@]}" "$@"
