package io.driftlake.core.table;

import io.driftlake.core.config.Metric;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.metrics.DriftMetrics;
import io.driftlake.core.metrics.Divergences;
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
    Double rowCountChange,
    Double refMutualInfo,
    Double curMutualInfo) {

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
        drifted, DriftStatus.OK.name(), message, null, null,
        mutualInformation(run, reference, bins), mutualInformation(run, current, bins));
  }

  /**
   * I(feature; label) over the feature's frozen bins and the label's bins, in {@code log_base}, from
   * the state's joint counts; null when no label was profiled (or no row had both values).
   */
  static Double mutualInformation(RunInfo run, HistogramState state, FeatureBins bins) {
    if (state == null || state.getJointLabelCounts().length == 0) {
      return null;
    }
    double nats = Divergences.mutualInformation(state.getJointLabelCounts(),
        state.getJointLabelCounts().length / bins.binCount());
    return Double.isNaN(nats) ? null : run.logBase().fromNats(nats);
  }

  /**
   * The row of a probability vector column ({@code --probability-col}): KL both ways (in
   * {@code log_base}, no smoothing) and Jensen–Shannon (bits) between the mean predicted class
   * distributions of the two sides ({@code p̄_k = mean of element k}, renormalised to sum 1);
   * {@code categories} names the elements, {@code ref_count}/{@code cur_count} count the rows averaged.
   */
  public static DriftRecord meanDistribution(RunInfo run, GroupKey group, String driftType, String column,
      List<String> elements, double[] referenceMean, double[] currentMean, long referenceRows, long currentRows) {
    Threshold threshold = run.thresholds().forColumn(column);
    double[] p = normalised(referenceMean);
    double[] q = normalised(currentMean);
    double js = Divergences.jsDivergenceBits(p, q);
    Double tv = Divergences.totalVariation(p, q);
    Double hellinger = Divergences.hellinger(p, q);
    Double linf = Divergences.lInfinity(p, q);
    java.util.Map<Metric, Double> values = new java.util.EnumMap<>(Metric.class);
    values.put(Metric.JS_DIVERGENCE, js);
    values.put(Metric.JS_DISTANCE, Math.sqrt(js));
    values.put(Metric.KL_REF_CUR, run.logBase().fromNats(Divergences.klDivergence(p, q)));
    values.put(Metric.KL_CUR_REF, run.logBase().fromNats(Divergences.klDivergence(q, p)));
    values.put(Metric.HELLINGER, hellinger);
    values.put(Metric.TV_DISTANCE, tv);
    values.put(Metric.L_INFINITY_DISTANCE, linf);
    Double value = values.get(threshold.metric());
    Boolean drifted = value == null ? null : threshold.metric().crosses(value, threshold.value());
    String message = value == null ? "threshold metric " + threshold.metric().column()
        + " does not apply to a mean class distribution" : null;
    return new DriftRecord(run.runId(), run.runTs(), runDate(run), run.reference(), run.current(),
        group.windowStart(), group.windowEnd(), group.sliceKey(), group.sliceValue(), driftType,
        column, "vector", MEAN_DISTRIBUTION_KIND, null, null, elements, null, null, referenceRows, currentRows, null, null,
        values.get(Metric.KL_REF_CUR), values.get(Metric.KL_CUR_REF), js, Math.sqrt(js), null, hellinger, tv, linf,
        null, null, null, null, null, run.logBase().label(), "none", threshold.metric().column(), threshold.value(),
        drifted, DriftStatus.OK.name(), message, null, null, null, null);
  }

  /** {@code kind} of a {@code --probability-col} row. */
  public static final String MEAN_DISTRIBUTION_KIND = "mean-distribution";

  private static double[] normalised(double[] means) {
    double sum = 0;
    for (double m : means) {
      sum += m;
    }
    double[] p = new double[means.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = means[i] / sum;
    }
    return p;
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
        threshold.value(), null, status.name(), message, null, null,
        mutualInformation(run, reference, bins), mutualInformation(run, current, bins));
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
        share, change, null, null);
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
