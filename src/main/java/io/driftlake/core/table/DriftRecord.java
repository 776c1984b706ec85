package io.driftlake.core.table;

import io.driftlake.core.config.Metric;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.metrics.DriftMetrics;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One row of the drift table (docs/drift-table.md documents each column). Field order is the table's
 * column order; {@code runDate} is the partition column, the UTC date of {@code runTs}.
 */
public record DriftRecord(
    String runId,
    Instant runTs,
    LocalDate runDate,
    String reference,
    String current,
    Instant windowStart,
    Instant windowEnd,
    String sliceKey,
    String sliceValue,
    String driftType,
    String columnName,
    String dataType,
    String kind,
    String binning,
    double[] binEdges,
    List<String> categories,
    long[] refBinCounts,
    long[] curBinCounts,
    Long refCount,
    Long curCount,
    Double refNullFraction,
    Double curNullFraction,
    Double klRefCur,
    Double klCurRef,
    Double jsDivergence,
    Double jsDistance,
    Double psi,
    Double hellinger,
    Double tvDistance,
    Double lInfinityDistance,
    Double ksStatistic,
    Double wassersteinDistance,
    Double chi2Statistic,
    Double chi2Pvalue,
    Double gaussianKl,
    String logBase,
    String smoothing,
    String thresholdMetric,
    Double threshold,
    Boolean drifted,
    String status,
    String message) {

  /** The drift type of a comparison against the reference. */
  public static final String BASELINE = "BASELINE";

  /** A measured feature: histograms and every metric. */
  public static DriftRecord measured(RunInfo run, String dataType, FeatureBins bins,
      HistogramState reference, HistogramState current, DriftMetrics metrics) {
    Metric metric = run.threshold().metric();
    Double value = metrics.value(metric);
    Boolean drifted = value == null ? null : metric.crosses(value, run.threshold().value());
    String message = value == null
        ? "threshold metric " + metric.column() + " does not apply to " + bins.kind().label() + " features"
        : null;
    return new DriftRecord(run.runId(), run.runTs(), runDate(run), run.reference(), run.current(),
        null, null, null, null, BASELINE,
        bins.column(), dataType, bins.kind().label(), binningLabel(run, bins),
        bins.edgeArray(), bins.categoryLabels(),
        reference.getBinCounts().clone(), current.getBinCounts().clone(),
        reference.valueCount(), current.valueCount(),
        nullFraction(reference), nullFraction(current),
        metrics.klRefCur(), metrics.klCurRef(), metrics.jsDivergence(), metrics.jsDistance(), metrics.psi(),
        metrics.hellinger(), metrics.tvDistance(), metrics.lInfinityDistance(), metrics.ksStatistic(),
        metrics.wassersteinDistance(), metrics.chi2Statistic(), metrics.chi2PValue(), metrics.gaussianKl(),
        run.logBase().label(), run.smoothing().label(), metric.column(), run.threshold().value(),
        drifted, DriftStatus.OK.name(), message);
  }

  /**
   * A feature that could not be measured: {@code status} FAILED or SKIPPED with the reason; whatever is
   * known (bins, histograms, counts) is kept, every metric is null.
   */
  public static DriftRecord unmeasured(RunInfo run, String columnName, String dataType, FeatureBins bins,
      HistogramState reference, HistogramState current, DriftStatus status, String message) {
    return new DriftRecord(run.runId(), run.runTs(), runDate(run), run.reference(), run.current(),
        null, null, null, null, BASELINE,
        columnName, dataType, bins == null ? null : bins.kind().label(),
        bins == null ? null : binningLabel(run, bins),
        bins == null ? null : bins.edgeArray(), bins == null ? null : bins.categoryLabels(),
        reference == null ? null : reference.getBinCounts().clone(),
        current == null ? null : current.getBinCounts().clone(),
        reference == null ? null : reference.valueCount(), current == null ? null : current.valueCount(),
        reference == null ? null : nullFraction(reference), current == null ? null : nullFraction(current),
        null, null, null, null, null, null, null, null, null, null, null, null, null,
        run.logBase().label(), run.smoothing().label(), run.threshold().metric().column(),
        run.threshold().value(), null, status.name(), message);
  }

  private static LocalDate runDate(RunInfo run) {
    return LocalDate.ofInstant(run.runTs(), ZoneOffset.UTC);
  }

  private static String binningLabel(RunInfo run, FeatureBins bins) {
    return bins.kind() == io.driftlake.core.histogram.FeatureKind.NUMERIC ? run.binning().label() : "top-k";
  }

  /** (null + NaN) over all rows; NaN when there were no rows. */
  private static double nullFraction(HistogramState state) {
    long rows = state.rowCount();
    return rows == 0 ? Double.NaN : (double) state.getMissingCount() / rows;
  }
}
