package io.driftlake.core.table;

import io.driftlake.core.config.Metric;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.metrics.DriftMetrics;
import io.driftlake.core.profile.GroupKey;
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
    String message,
    Double driftedShare,
    Double rowCountChange) {

  /** The drift type of a comparison against the reference. */
  public static final String BASELINE = "BASELINE";
  /** The drift type of a comparison of a window with the window before it. */
  public static final String CONSECUTIVE = "CONSECUTIVE";
  /** {@code column_name} of the dataset-level summary row of each comparison. */
  public static final String TABLE_ROW = ":table";
  /** {@code kind} of the dataset-level summary row. */
  public static final String TABLE_KIND = "table";

  /** A measured feature: histograms and every metric. */
  public static DriftRecord measured(RunInfo run, GroupKey group, String driftType, String dataType,
      FeatureBins bins, HistogramState reference, HistogramState current, DriftMetrics metrics) {
    Threshold threshold = run.thresholds().forColumn(bins.column());
    Metric metric = threshold.metric();
    Double value = metrics.value(metric);
    Boolean drifted = value == null ? null : metric.crosses(value, threshold.value());
    String message = value == null
        ? "threshold metric " + metric.column() + " does not apply to " + bins.kind().label() + " features"
        : null;
    return new DriftRecord(run.runId(), run.runTs(), runDate(run), run.reference(), run.current(),
        group.windowStart(), group.windowEnd(), group.sliceKey(), group.sliceValue(), driftType,
        bins.column(), dataType, bins.kind().label(), binningLabel(run, bins),
        bins.edgeArray(), bins.categoryLabels(),
        reference.getBinCounts().clone(), current.getBinCounts().clone(),
        reference.valueCount(), current.valueCount(),
        nullFraction(reference), nullFraction(current),
        metrics.klRefCur(), metrics.klCurRef(), metrics.jsDivergence(), metrics.jsDistance(), metrics.psi(),
        metrics.hellinger(), metrics.tvDistance(), metrics.lInfinityDistance(), metrics.ksStatistic(),
        metrics.wassersteinDistance(), metrics.chi2Statistic(), metrics.chi2PValue(), metrics.gaussianKl(),
        run.logBase().label(), run.smoothing().label(), metric.column(), threshold.value(),
        drifted, DriftStatus.OK.name(), message, null, null);
  }

  /**
   * A feature that could not be measured: {@code status} FAILED or SKIPPED with the reason; whatever is
   * known (bins, histograms, counts) is kept, every metric is null.
   */
  public static DriftRecord unmeasured(RunInfo run, GroupKey group, String driftType, String columnName,
      String dataType, FeatureBins bins, HistogramState reference, HistogramState current, DriftStatus status,
      String message) {
    Threshold threshold = run.thresholds().forColumn(columnName);
    return new DriftRecord(run.runId(), run.runTs(), runDate(run), run.reference(), run.current(),
        group.windowStart(), group.windowEnd(), group.sliceKey(), group.sliceValue(), driftType,
        columnName, dataType, bins == null ? null : bins.kind().label(),
        bins == null ? null : binningLabel(run, bins),
        bins == null ? null : bins.edgeArray(), bins == null ? null : bins.categoryLabels(),
        reference == null ? null : reference.getBinCounts().clone(),
        current == null ? null : current.getBinCounts().clone(),
        reference == null ? null : reference.valueCount(), current == null ? null : current.valueCount(),
        reference == null ? null : nullFraction(reference), current == null ? null : nullFraction(current),
        null, null, null, null, null, null, null, null, null, null, null, null, null,
        run.logBase().label(), run.smoothing().label(), threshold.metric().column(),
        threshold.value(), null, status.name(), message, null, null);
  }

  /**
   * The dataset-level row of one comparison ({@code column_name = ':table'}): row counts of both
   * sides, {@code drifted_share} = drifted features / measured features (null when none could be
   * measured), {@code row_count_change} = cur_count / ref_count − 1, {@code drifted} when any feature
   * drifted.
   */
  public static DriftRecord tableSummary(RunInfo run, GroupKey group, String driftType, long referenceRows,
      long currentRows, int measured, int drifted, String note) {
    Double share = measured == 0 ? null : (double) drifted / measured;
    Double change = referenceRows == 0 ? null : (double) currentRows / referenceRows - 1.0;
    String message = drifted + " of " + measured + " measured features drifted" + (note == null ? "" : "; " + note);
    return new DriftRecord(run.runId(), run.runTs(), runDate(run), run.reference(), run.current(),
        group.windowStart(), group.windowEnd(), group.sliceKey(), group.sliceValue(), driftType,
        TABLE_ROW, null, TABLE_KIND, null, null, null, null, null, referenceRows, currentRows, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null,
        run.logBase().label(), run.smoothing().label(), null, null,
        measured == 0 ? null : drifted > 0, (measured == 0 ? DriftStatus.SKIPPED : DriftStatus.OK).name(), message,
        share, change);
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
