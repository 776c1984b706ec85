#!/usr/bin/env bash
# Submits the drift job to a cluster with spark-submit and the cluster jar (no Spark or Delta inside).
#   jobs/submit.sh --master yarn --deploy-mode cluster -- run --reference R --current C --output T
# Everything before "--" goes to spark-submit, everything after it to the drift command line.
# Properties: conf/spark-submit.properties (override with DRIFT_SPARK_PROPERTIES=FILE).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$(ls "$ROOT"/target/driftlake-*-cluster.jar 2>/dev/null | head -n 1 || true)"
if [ -z "$JAR" ]; then
  (cd "$ROOT" && mvn -q -B -DskipTests package)
  JAR="$(ls "$ROOT"/target/driftlake-*-cluster.jar | head -n 1)"
fi
command -v spark-submit >/dev/null || { echo "submit.sh: spark-submit not on PATH: install Spark 4.0.x or set SPARK_HOME/bin on PATH" >&2; exit 2; }

submit_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do submit_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
exec spark-submit --properties-file "${DRIFT_SPARK_PROPERTIES:-$ROOT/conf/spark-submit.properties}" \
  --class io.driftlake.cli.DriftCli "${submit_args[@]}" "$JAR" "$@"
