package io.driftlake.core.table;

import io.driftlake.core.config.Binning;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Thresholds;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.Smoothing;
import java.time.Instant;

/**
 * What every drift row of one run shares. {@code reference}/{@code current} describe what was read.
 * The drift decision: {@code alpha} is the false-discovery rate a drifted row must pass (null: the
 * threshold alone decides), {@code minRows} the fewest non-null values either side needs for a
 * verdict, {@code explainTop} how many bins {@code top_bins} names, {@code correlationThreshold} the
 * correlation shift of a pair of joint features that drifts the {@code :table} row.
 */
public record RunInfo(
    String runId,
    Instant runTs,
    String reference,
    String current,
    Binning binning,
    Smoothing smoothing,
    LogBase logBase,
    Thresholds thresholds,
    Double alpha,
    int minRows,
    int explainTop,
    double correlationThreshold) {

  /** With the default {@code --correlation-threshold}. */
  public RunInfo(String runId, Instant runTs, String reference, String current, Binning binning, Smoothing smoothing,
      LogBase logBase, Thresholds thresholds, Double alpha, int minRows, int explainTop) {
    this(runId, runTs, reference, current, binning, smoothing, logBase, thresholds, alpha, minRows, explainTop,
        DriftConfig.CORRELATION_THRESHOLD_DEFAULT);
  }

  /** A run with the default decision settings (alpha 0.01, min-rows 30, 3 top bins). */
  public RunInfo(String runId, Instant runTs, String reference, String current, Binning binning, Smoothing smoothing,
      LogBase logBase, Thresholds thresholds) {
    this(runId, runTs, reference, current, binning, smoothing, logBase, thresholds, DriftConfig.ALPHA_DEFAULT,
        DriftConfig.MIN_ROWS_DEFAULT, DriftConfig.EXPLAIN_TOP_DEFAULT);
  }
}
