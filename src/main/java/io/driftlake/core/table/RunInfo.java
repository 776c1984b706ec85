package io.driftlake.core.table;

import io.driftlake.core.config.Binning;
import io.driftlake.core.config.Thresholds;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.Smoothing;
import java.time.Instant;

/** What every drift row of one run shares. {@code reference}/{@code current} describe what was read. */
public record RunInfo(
    String runId,
    Instant runTs,
    String reference,
    String current,
    Binning binning,
    Smoothing smoothing,
    LogBase logBase,
    Thresholds thresholds) {}
