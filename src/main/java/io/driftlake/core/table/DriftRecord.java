package io.driftlake.core.table;

import io.driftlake.core.config.DriftType;
import static io.driftlake.core.table.DriftColumns.BINNING;
import static io.driftlake.core.table.DriftColumns.BIN_EDGES;
import static io.driftlake.core.table.DriftColumns.CATEGORIES;
import static io.driftlake.core.table.DriftColumns.COLUMN_NAME;
import static io.driftlake.core.table.DriftColumns.CURRENT;
import static io.driftlake.core.table.DriftColumns.CUR_BIN_COUNTS;
import static io.driftlake.core.table.DriftColumns.CUR_COUNT;
import static io.driftlake.core.table.DriftColumns.CUR_MUTUAL_INFO;
import static io.driftlake.core.table.DriftColumns.CUR_NULL_FRACTION;
import static io.driftlake.core.table.DriftColumns.DATA_TYPE;
import static io.driftlake.core.table.DriftColumns.DRIFTED;
import static io.driftlake.core.table.DriftColumns.DRIFTED_SHARE;
import static io.driftlake.core.table.DriftColumns.DRIFT_TYPE;
import static io.driftlake.core.table.DriftColumns.KIND;
import static io.driftlake.core.table.DriftColumns.LOG_BASE;
import static io.driftlake.core.table.DriftColumns.MESSAGE;
import static io.driftlake.core.table.DriftColumns.REFERENCE;
import static io.driftlake.core.table.DriftColumns.REF_BIN_COUNTS;
import static io.driftlake.core.table.DriftColumns.REF_COUNT;
import static io.driftlake.core.table.DriftColumns.REF_MUTUAL_INFO;
import static io.driftlake.core.table.DriftColumns.REF_NULL_FRACTION;
import static io.driftlake.core.table.DriftColumns.ROW_COUNT_CHANGE;
import static io.driftlake.core.table.DriftColumns.RUN_DATE;
import static io.driftlake.core.table.DriftColumns.RUN_ID;
import static io.driftlake.core.table.DriftColumns.RUN_TS;
import static io.driftlake.core.table.DriftColumns.SLICE_KEY;
import static io.driftlake.core.table.DriftColumns.SLICE_VALUE;
import static io.driftlake.core.table.DriftColumns.SMOOTHING;
import static io.driftlake.core.table.DriftColumns.STATUS;
import static io.driftlake.core.table.DriftColumns.THRESHOLD;
import static io.driftlake.core.table.DriftColumns.THRESHOLD_METRIC;
import static io.driftlake.core.table.DriftColumns.WINDOW_END;
import static io.driftlake.core.table.DriftColumns.WINDOW_START;
import static io.driftlake.core.table.DriftColumns.ALPHA;
import static io.driftlake.core.table.DriftColumns.JS_NOISE_FLOOR;
import static io.driftlake.core.table.DriftColumns.NEW_VALUE_SHARE;
import static io.driftlake.core.table.DriftColumns.TOP_BINS;

import io.driftlake.core.config.Metric;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.metrics.DriftMetrics;
import io.driftlake.core.metrics.NoiseFloor;
import io.driftlake.core.verdict.BinContribution;
import io.driftlake.core.verdict.DriftReasons;
import io.driftlake.core.metrics.Divergences;
import io.driftlake.core.profile.GroupKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the drift table: a value per {@link DriftColumns} column (docs/drift-table.md documents
 * each), read with {@link #get} or the typed accessors; {@code runDate} is the partition column, the
 * UTC date of {@code runTs}. Immutable: {@link #with} and {@link #toBuilder()} copy it with changed
 * values (post-processing a whole run, e.g. re-deciding {@code drifted}). The factories set only what
 * they know; every other column is null.
 */
public final class DriftRecord {
  /** {@code column_name} of the dataset-level summary row of each comparison. */
  public static final String TABLE_ROW = ":table";
  /** {@code kind} of the dataset-level summary row. */
  public static final String TABLE_KIND = "table";
  /** {@code kind} of a {@code --probability-col} row. */
  public static final String MEAN_DISTRIBUTION_KIND = "mean-distribution";

  private final TableRow row;

  private DriftRecord(TableRow row) {
    this.row = row;
  }

  /** A record of a drift-table row (e.g. read back from the table). */
  public static DriftRecord of(TableRow row) {
    if (row.columns() != DriftColumns.ALL) {
      throw new IllegalArgumentException("not a drift-table row: a row of the " + row.columns().name() + " table");
    }
    return new DriftRecord(row);
  }

  /** An empty record to fill; {@link Builder#build()} checks the NOT NULL columns are set. */
  public static Builder builder() {
    return new Builder(TableRow.builder(DriftColumns.ALL));
  }

  /** The value of {@code column}. */
  public <T> T get(Column<T> column) {
    return row.get(column);
  }

  /** A copy with {@code column} set to {@code value}. */
  public <T> DriftRecord with(Column<T> column, T value) {
    return new DriftRecord(row.with(column, value));
  }

  /** A builder starting from this record's values. */
  public Builder toBuilder() {
    return new Builder(row.toBuilder());
  }

  /** The values, one per {@link DriftColumns} column. */
  public TableRow row() {
    return row;
  }

  /** Sets a record's values by column. */
  public static final class Builder {
    private final TableRow.Builder row;

    private Builder(TableRow.Builder row) {
      this.row = row;
    }

    public <T> Builder set(Column<T> column, T value) {
      row.set(column, value);
      return this;
    }

    public DriftRecord build() {
      return new DriftRecord(row.build());
    }
  }

  /**
   * The columns every row of one comparison shares: the run, the group, the drift type, the feature,
   * the unit of the KL columns and the smoothing.
   */
  private static Builder start(RunInfo run, GroupKey group, DriftType driftType, String columnName) {
    return builder()
        .set(RUN_ID, run.runId()).set(RUN_TS, run.runTs()).set(RUN_DATE, runDate(run))
        .set(REFERENCE, run.reference()).set(CURRENT, run.current())
        .set(WINDOW_START, group.windowStart()).set(WINDOW_END, group.windowEnd())
        .set(SLICE_KEY, group.sliceKey()).set(SLICE_VALUE, group.sliceValue())
        .set(DRIFT_TYPE, rowDriftType(driftType).name()).set(COLUMN_NAME, columnName)
        .set(LOG_BASE, run.logBase().label()).set(SMOOTHING, run.smoothing().label())
        .set(ALPHA, run.alpha());
  }

  /** The bins, histograms, counts and mutual information of what was profiled (any may be null). */
  private static Builder profiled(Builder b, RunInfo run, FeatureBins bins, HistogramState reference,
      HistogramState current) {
    if (bins != null) {
      b.set(KIND, bins.kind().label()).set(BINNING, binningLabel(run, bins))
          .set(BIN_EDGES, bins.edgeArray()).set(CATEGORIES, bins.categoryLabels());
    }
    boolean numeric = bins != null && bins.kind() == io.driftlake.core.histogram.FeatureKind.NUMERIC;
    if (reference != null) {
      b.set(REF_BIN_COUNTS, reference.getBinCounts().clone()).set(REF_COUNT, reference.valueCount())
          .set(REF_NULL_FRACTION, nullFraction(reference)).set(DriftColumns.REF_MEAN, mean(numeric, reference))
          .set(DriftColumns.REF_ZERO_FRACTION, zeroFraction(numeric, reference))
          .set(DriftColumns.REF_DISTINCT_COUNT, reference.getDistinctCount() < 0 ? null : reference.getDistinctCount());
    }
    if (current != null) {
      b.set(CUR_BIN_COUNTS, current.getBinCounts().clone()).set(CUR_COUNT, current.valueCount())
          .set(CUR_NULL_FRACTION, nullFraction(current)).set(DriftColumns.CUR_MEAN, mean(numeric, current))
          .set(DriftColumns.CUR_ZERO_FRACTION, zeroFraction(numeric, current))
          .set(DriftColumns.CUR_DISTINCT_COUNT, current.getDistinctCount() < 0 ? null : current.getDistinctCount());
    }
    return b.set(REF_MUTUAL_INFO, mutualInformation(run, reference, bins))
        .set(CUR_MUTUAL_INFO, mutualInformation(run, current, bins));
  }

  /** The threshold of the feature and whether {@code value} (its metric's value; null: does not apply) crosses it. */
  private static Builder decided(Builder b, Threshold threshold, Double value, String notApplicable) {
    Metric metric = threshold.metric();
    return b.set(THRESHOLD_METRIC, metric.column()).set(THRESHOLD, threshold.value())
        .set(DRIFTED, value == null ? null : metric.crosses(value, threshold.value()))
        .set(MESSAGE, value == null ? "threshold metric " + metric.column() + " does not apply to " + notApplicable : null);
  }

  /** A measured feature: histograms and every metric. */
  public static DriftRecord measured(RunInfo run, GroupKey group, DriftType driftType, String dataType,
      FeatureBins bins, HistogramState reference, HistogramState current, DriftMetrics metrics) {
    Threshold threshold = run.thresholds().forColumn(bins.column());
    Builder b = profiled(start(run, group, driftType, bins.column()), run, bins, reference, current)
        .set(DATA_TYPE, dataType).set(STATUS, DriftStatus.OK.name());
    for (Metric metric : Metric.values()) {
      b.set(DriftColumns.metric(metric), metrics.value(metric));
    }
    b.set(JS_NOISE_FLOOR, NoiseFloor.forFeature(bins, reference.getBinCounts(), current.getBinCounts()))
        .set(TOP_BINS, topBins(bins, reference, current, run.explainTop(), dataType))
        .set(NEW_VALUE_SHARE, DriftReasons.newValueShare(bins, reference, current));
    return decided(b, threshold, metrics.value(threshold.metric()), bins.kind().label() + " features").build();
  }

  /** {@code top_bins}: the struct values (bin, ref_share, cur_share, js_contribution) of the largest contributions. */
  private static List<List<Object>> topBins(FeatureBins bins, HistogramState reference, HistogramState current,
      int limit, String dataType) {
    List<List<Object>> top = new java.util.ArrayList<>();
    for (BinContribution bin : DriftReasons.topBins(bins, reference, current, limit, dataType)) {
      top.add(List.of(bin.label(), bin.refShare(), bin.curShare(), bin.jsContribution()));
    }
    return top;
  }

  /**
   * {@code top_new_values} back from the row's struct values: the current values the base never had,
   * most frequent first; null when the column is (not categorical, or unknown).
   */
  public List<io.driftlake.core.profile.NewValues.Value> topNewValues() {
    List<List<Object>> values = row.get(DriftColumns.TOP_NEW_VALUES);
    if (values == null) {
      return null;
    }
    List<io.driftlake.core.profile.NewValues.Value> out = new java.util.ArrayList<>();
    for (List<Object> v : values) {
      out.add(new io.driftlake.core.profile.NewValues.Value((String) v.get(0), number(v.get(1))));
    }
    return out;
  }

  /**
   * How the new values are named where {@code __other__} or a value the base never had leads
   * {@code top_bins}: {@code new: Lionsgate 5.1%, Weinstein Co. 3.0%} (the first {@code limit}); null
   * when no new value is known or the top bin is an old value.
   */
  public String newValuesNamed(int limit) {
    List<io.driftlake.core.profile.NewValues.Value> values = topNewValues();
    List<BinContribution> top = topBins();
    if (values == null || values.isEmpty() || top.isEmpty()) {
      return null;
    }
    BinContribution lead = top.get(0);
    if (!io.driftlake.core.histogram.CategoryBins.OTHER_LABEL.equals(lead.label()) && lead.refShare() != 0.0) {
      return null;
    }
    List<String> names = new java.util.ArrayList<>();
    values.stream().limit(limit).forEach(v -> names.add(v.value() + " " + io.driftlake.core.NumberText.percentNonZero(v.currentShare())));
    return "new: " + String.join(", ", names);
  }

  /** The bins of {@code top_bins}, back from the row's struct values (empty when the column is null). */
  public List<BinContribution> topBins() {
    List<List<Object>> values = row.get(DriftColumns.TOP_BINS);
    List<BinContribution> bins = new java.util.ArrayList<>();
    if (values != null) {
      for (List<Object> v : values) {
        bins.add(new BinContribution(-1, (String) v.get(0), number(v.get(1)), number(v.get(2)), number(v.get(3))));
      }
    }
    return bins;
  }

  private static double number(Object value) {
    return value == null ? Double.NaN : ((Number) value).doubleValue();
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
  public static DriftRecord meanDistribution(RunInfo run, GroupKey group, DriftType driftType, String column,
      List<String> elements, double[] referenceMean, double[] currentMean, long referenceRows, long currentRows) {
    Threshold threshold = run.thresholds().forColumn(column);
    double[] p = normalised(referenceMean);
    double[] q = normalised(currentMean);
    double js = Divergences.jsDivergenceBits(p, q);
    Map<Metric, Double> values = new EnumMap<>(Metric.class);
    values.put(Metric.JS_DIVERGENCE, js);
    values.put(Metric.JS_DISTANCE, Math.sqrt(js));
    values.put(Metric.KL_REF_CUR, run.logBase().fromNats(Divergences.klDivergence(p, q)));
    values.put(Metric.KL_CUR_REF, run.logBase().fromNats(Divergences.klDivergence(q, p)));
    values.put(Metric.HELLINGER, Divergences.hellinger(p, q));
    values.put(Metric.TV_DISTANCE, Divergences.totalVariation(p, q));
    values.put(Metric.L_INFINITY_DISTANCE, Divergences.lInfinity(p, q));
    Builder b = start(run, group, driftType, column)
        .set(DATA_TYPE, "vector").set(KIND, MEAN_DISTRIBUTION_KIND).set(CATEGORIES, elements)
        .set(REF_COUNT, referenceRows).set(CUR_COUNT, currentRows)
        .set(SMOOTHING, "none").set(STATUS, DriftStatus.OK.name());
    values.forEach((metric, value) -> b.set(DriftColumns.metric(metric), value));
    return decided(b, threshold, values.get(threshold.metric()), "a mean class distribution").build();
  }

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
  public static DriftRecord unmeasured(RunInfo run, GroupKey group, DriftType driftType, String columnName,
      String dataType, FeatureBins bins, HistogramState reference, HistogramState current, DriftStatus status,
      String message) {
    Threshold threshold = run.thresholds().forColumn(columnName);
    return profiled(start(run, group, driftType, columnName), run, bins, reference, current)
        .set(DATA_TYPE, dataType)
        .set(THRESHOLD_METRIC, threshold.metric().column()).set(THRESHOLD, threshold.value())
        .set(STATUS, status.name()).set(MESSAGE, message)
        .build();
  }

  /**
   * The dataset-level row of one comparison ({@code column_name = ':table'}): row counts of both
   * sides, {@code drifted_share} = drifted features / measured features (null when none could be
   * measured), {@code row_count_change} = cur_count / ref_count − 1, {@code drifted} when any feature
   * drifted.
   */
  public static DriftRecord tableSummary(RunInfo run, GroupKey group, DriftType driftType, long referenceRows,
      long currentRows, int measured, int drifted, String note) {
    Double share = measured == 0 ? null : (double) drifted / measured;
    Double change = referenceRows == 0 ? null : (double) currentRows / referenceRows - 1.0;
    String message = drifted + " of " + measured + " measured features drifted" + (note == null ? "" : "; " + note);
    return start(run, group, driftType, TABLE_ROW)
        .set(KIND, TABLE_KIND).set(REF_COUNT, referenceRows).set(CUR_COUNT, currentRows)
        .set(DRIFTED, measured == 0 ? null : drifted > 0)
        .set(STATUS, (measured == 0 ? DriftStatus.SKIPPED : DriftStatus.OK).name()).set(MESSAGE, message)
        .set(DRIFTED_SHARE, share).set(ROW_COUNT_CHANGE, change)
        .build();
  }

  private static LocalDate runDate(RunInfo run) {
    return LocalDate.ofInstant(run.runTs(), ZoneOffset.UTC);
  }

  private static String binningLabel(RunInfo run, FeatureBins bins) {
    return bins.kind() == io.driftlake.core.histogram.FeatureKind.NUMERIC ? run.binning().label() : "top-k";
  }

  /** The mean of a numeric feature's finite values; null for categorical features and when there are none. */
  private static Double mean(boolean numeric, HistogramState state) {
    return numeric && state.getFiniteCount() > 0 ? state.getFiniteMean() : null;
  }

  /** Zeros over non-missing values (numeric); null when unknown (a frozen-bin count) or there are no values. */
  private static Double zeroFraction(boolean numeric, HistogramState state) {
    long values = state.valueCount();
    return numeric && state.getZeroCount() >= 0 && values > 0 ? (double) state.getZeroCount() / values : null;
  }

  /** (null + NaN) over all rows; NaN when there were no rows. */
  private static double nullFraction(HistogramState state) {
    long rows = state.rowCount();
    return rows == 0 ? Double.NaN : (double) state.getMissingCount() / rows;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DriftRecord record && record.row.equals(row);
  }

  @Override
  public int hashCode() {
    return row.hashCode();
  }

  @Override
  public String toString() {
    return row.toString();
  }

  // Typed accessors of the columns (the names the record had); any column reads with get(column).

  public String runId() {
    return row.get(DriftColumns.RUN_ID);
  }

  public Instant runTs() {
    return row.get(DriftColumns.RUN_TS);
  }

  public LocalDate runDate() {
    return row.get(DriftColumns.RUN_DATE);
  }

  public String reference() {
    return row.get(DriftColumns.REFERENCE);
  }

  public String current() {
    return row.get(DriftColumns.CURRENT);
  }

  public Instant windowStart() {
    return row.get(DriftColumns.WINDOW_START);
  }

  public Instant windowEnd() {
    return row.get(DriftColumns.WINDOW_END);
  }

  public String sliceKey() {
    return row.get(DriftColumns.SLICE_KEY);
  }

  public String sliceValue() {
    return row.get(DriftColumns.SLICE_VALUE);
  }

  public String driftType() {
    return row.get(DriftColumns.DRIFT_TYPE);
  }

  /** The row's comparison as the enum: {@code BASELINE} (against the reference) or {@code CONSECUTIVE}. */
  public DriftType driftTypeValue() {
    return DriftType.valueOf(driftType());
  }

  /** A row compares with the reference or with the previous window, never "both". */
  private static DriftType rowDriftType(DriftType driftType) {
    if (driftType == DriftType.BOTH) {
      throw new IllegalArgumentException("a drift row is BASELINE or CONSECUTIVE, not BOTH");
    }
    return driftType;
  }

  public String columnName() {
    return row.get(DriftColumns.COLUMN_NAME);
  }

  public String dataType() {
    return row.get(DriftColumns.DATA_TYPE);
  }

  public String kind() {
    return row.get(DriftColumns.KIND);
  }

  public String binning() {
    return row.get(DriftColumns.BINNING);
  }

  public double[] binEdges() {
    return row.get(DriftColumns.BIN_EDGES);
  }

  public List<String> categories() {
    return row.get(DriftColumns.CATEGORIES);
  }

  public long[] refBinCounts() {
    return row.get(DriftColumns.REF_BIN_COUNTS);
  }

  public long[] curBinCounts() {
    return row.get(DriftColumns.CUR_BIN_COUNTS);
  }

  public Long refCount() {
    return row.get(DriftColumns.REF_COUNT);
  }

  public Long curCount() {
    return row.get(DriftColumns.CUR_COUNT);
  }

  public Double refNullFraction() {
    return row.get(DriftColumns.REF_NULL_FRACTION);
  }

  public Double curNullFraction() {
    return row.get(DriftColumns.CUR_NULL_FRACTION);
  }

  public Double klRefCur() {
    return row.get(DriftColumns.KL_REF_CUR);
  }

  public Double klCurRef() {
    return row.get(DriftColumns.KL_CUR_REF);
  }

  public Double jsDivergence() {
    return row.get(DriftColumns.JS_DIVERGENCE);
  }

  public Double jsDistance() {
    return row.get(DriftColumns.JS_DISTANCE);
  }

  public Double psi() {
    return row.get(DriftColumns.PSI);
  }

  public Double hellinger() {
    return row.get(DriftColumns.HELLINGER);
  }

  public Double tvDistance() {
    return row.get(DriftColumns.TV_DISTANCE);
  }

  public Double lInfinityDistance() {
    return row.get(DriftColumns.L_INFINITY_DISTANCE);
  }

  public Double ksStatistic() {
    return row.get(DriftColumns.KS_STATISTIC);
  }

  public Double wassersteinDistance() {
    return row.get(DriftColumns.WASSERSTEIN_DISTANCE);
  }

  public Double chi2Statistic() {
    return row.get(DriftColumns.CHI2_STATISTIC);
  }

  public Double chi2Pvalue() {
    return row.get(DriftColumns.CHI2_PVALUE);
  }

  public Double gaussianKl() {
    return row.get(DriftColumns.GAUSSIAN_KL);
  }

  public String logBase() {
    return row.get(DriftColumns.LOG_BASE);
  }

  public String smoothing() {
    return row.get(DriftColumns.SMOOTHING);
  }

  public String thresholdMetric() {
    return row.get(DriftColumns.THRESHOLD_METRIC);
  }

  public Double threshold() {
    return row.get(DriftColumns.THRESHOLD);
  }

  public Boolean drifted() {
    return row.get(DriftColumns.DRIFTED);
  }

  /** The {@code status} column as it is stored; {@link #driftStatus()} is the typed value. */
  public String status() {
    return row.get(DriftColumns.STATUS);
  }

  /** The {@code status} as its enum; null when unset or unknown to this version. */
  public DriftStatus driftStatus() {
    return DriftStatus.fromColumn(status());
  }

  public String message() {
    return row.get(DriftColumns.MESSAGE);
  }

  public Double driftedShare() {
    return row.get(DriftColumns.DRIFTED_SHARE);
  }

  public Double rowCountChange() {
    return row.get(DriftColumns.ROW_COUNT_CHANGE);
  }

  public Double refMutualInfo() {
    return row.get(DriftColumns.REF_MUTUAL_INFO);
  }

  public Double curMutualInfo() {
    return row.get(DriftColumns.CUR_MUTUAL_INFO);
  }

  public Double jsNoiseFloor() {
    return row.get(DriftColumns.JS_NOISE_FLOOR);
  }

  public Double qValue() {
    return row.get(DriftColumns.Q_VALUE);
  }

  public Double alpha() {
    return row.get(DriftColumns.ALPHA);
  }

  public Double newValueShare() {
    return row.get(DriftColumns.NEW_VALUE_SHARE);
  }
}
