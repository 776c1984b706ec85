package io.driftlake.core.table;

import static io.driftlake.core.table.Column.Nulls.NOT_NULL;
import static io.driftlake.core.table.Column.Nulls.NULLABLE;
import static io.driftlake.core.table.ColumnType.BOOLEAN;
import static io.driftlake.core.table.ColumnType.DATE;
import static io.driftlake.core.table.ColumnType.DOUBLE;
import static io.driftlake.core.table.ColumnType.LONG;
import static io.driftlake.core.table.ColumnType.STRING;
import static io.driftlake.core.table.ColumnType.TIMESTAMP;
import static io.driftlake.core.table.ColumnType.arrayOf;
import static io.driftlake.core.table.ColumnType.field;
import static io.driftlake.core.table.ColumnType.struct;

import io.driftlake.core.config.Metric;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The drift table's columns, in table order: the one definition that the Spark schema, the rows
 * written, {@code drift show}, the report's reader and the dashboard views are built from
 * (docs/drift-table.md describes each; {@code DriftColumnsTest} checks it lists exactly these).
 *
 * <p>The table is a contract for dashboards: a new column is <b>appended</b> here (older rows read it as
 * null) and set where it is computed ({@link DriftRecord}'s factories); never rename, retype, reorder
 * or remove one.
 */
public final class DriftColumns {
  /** Every column, in order. Declared first: the fields below append to it as the class initialises. */
  public static final TableColumns ALL = new TableColumns("drift");

  public static final Column<String> RUN_ID = ALL.add("run_id", STRING, NOT_NULL, "the run's id");
  public static final Column<Instant> RUN_TS = ALL.add("run_ts", TIMESTAMP, NOT_NULL, "when the run started (UTC)");
  public static final Column<LocalDate> RUN_DATE = ALL.add("run_date", DATE, NOT_NULL,
      "UTC date of run_ts; the partition column");
  public static final Column<String> REFERENCE = ALL.add("reference", STRING, NULLABLE, "what was read as the reference");
  public static final Column<String> CURRENT = ALL.add("current", STRING, NULLABLE, "what was read as the current data");
  public static final Column<Instant> WINDOW_START = ALL.add("window_start", TIMESTAMP, NULLABLE,
      "start of the row's time window; null for whole-data rows");
  public static final Column<Instant> WINDOW_END = ALL.add("window_end", TIMESTAMP, NULLABLE,
      "end (exclusive) of the window");
  public static final Column<String> SLICE_KEY = ALL.add("slice_key", STRING, NULLABLE,
      "the slicing column or expression; null for unsliced rows");
  public static final Column<String> SLICE_VALUE = ALL.add("slice_value", STRING, NULLABLE, "the slice's value");
  public static final Column<String> DRIFT_TYPE = ALL.add("drift_type", STRING, NOT_NULL, "BASELINE or CONSECUTIVE");
  public static final Column<String> COLUMN_NAME = ALL.add("column_name", STRING, NOT_NULL,
      "the feature, or :table for the comparison's dataset-level row");
  public static final Column<String> DATA_TYPE = ALL.add("data_type", STRING, NULLABLE, "the reference column's Spark type");
  public static final Column<String> KIND = ALL.add("kind", STRING, NULLABLE, "numeric, categorical, mean-distribution or table");
  public static final Column<String> BINNING = ALL.add("binning", STRING, NULLABLE, "quantile, equal-width or top-k");
  public static final Column<double[]> BIN_EDGES = ALL.add("bin_edges", arrayOf(DOUBLE), NULLABLE,
      "numeric: the frozen bin edges");
  public static final Column<List<String>> CATEGORIES = ALL.add("categories", arrayOf(STRING), NULLABLE,
      "categorical: the reference's top-K values, then __other__");
  public static final Column<long[]> REF_BIN_COUNTS = ALL.add("ref_bin_counts", arrayOf(LONG), NULLABLE,
      "reference count per bin");
  public static final Column<long[]> CUR_BIN_COUNTS = ALL.add("cur_bin_counts", arrayOf(LONG), NULLABLE,
      "current count per bin");
  public static final Column<Long> REF_COUNT = ALL.add("ref_count", LONG, NULLABLE,
      "reference values neither null nor NaN (rows on :table rows)");
  public static final Column<Long> CUR_COUNT = ALL.add("cur_count", LONG, NULLABLE, "the same for the current data");
  public static final Column<Double> REF_NULL_FRACTION = ALL.add("ref_null_fraction", DOUBLE, NULLABLE,
      "(nulls + NaN) / reference rows");
  public static final Column<Double> CUR_NULL_FRACTION = ALL.add("cur_null_fraction", DOUBLE, NULLABLE,
      "the same for the current data");
  public static final Column<Double> KL_REF_CUR = ALL.add("kl_ref_cur", DOUBLE, NULLABLE, "KL(P'||Q'), in log_base");
  public static final Column<Double> KL_CUR_REF = ALL.add("kl_cur_ref", DOUBLE, NULLABLE, "KL(Q'||P'), in log_base");
  public static final Column<Double> JS_DIVERGENCE = ALL.add("js_divergence", DOUBLE, NULLABLE,
      "Jensen-Shannon divergence, bits");
  public static final Column<Double> JS_DISTANCE = ALL.add("js_distance", DOUBLE, NULLABLE, "sqrt(js_divergence)");
  public static final Column<Double> PSI = ALL.add("psi", DOUBLE, NULLABLE, "population stability index, natural log");
  public static final Column<Double> HELLINGER = ALL.add("hellinger", DOUBLE, NULLABLE, "Hellinger distance");
  public static final Column<Double> TV_DISTANCE = ALL.add("tv_distance", DOUBLE, NULLABLE, "total variation distance");
  public static final Column<Double> L_INFINITY_DISTANCE = ALL.add("l_infinity_distance", DOUBLE, NULLABLE,
      "largest gap between the bin proportions");
  public static final Column<Double> KS_STATISTIC = ALL.add("ks_statistic", DOUBLE, NULLABLE,
      "numeric: largest CDF gap at the bin edges");
  public static final Column<Double> WASSERSTEIN_DISTANCE = ALL.add("wasserstein_distance", DOUBLE, NULLABLE,
      "numeric: binned W1 in the feature's units");
  public static final Column<Double> CHI2_STATISTIC = ALL.add("chi2_statistic", DOUBLE, NULLABLE,
      "Pearson chi-square of homogeneity");
  public static final Column<Double> CHI2_PVALUE = ALL.add("chi2_pvalue", DOUBLE, NULLABLE, "its p-value");
  public static final Column<Double> GAUSSIAN_KL = ALL.add("gaussian_kl", DOUBLE, NULLABLE,
      "numeric: KL between fitted normals, in log_base");
  public static final Column<String> LOG_BASE = ALL.add("log_base", STRING, NULLABLE, "e or 2: the unit of the KL columns");
  public static final Column<String> SMOOTHING = ALL.add("smoothing", STRING, NULLABLE, "epsilon:, additive: or none");
  public static final Column<String> THRESHOLD_METRIC = ALL.add("threshold_metric", STRING, NULLABLE,
      "the column drifted is decided on");
  public static final Column<Double> THRESHOLD = ALL.add("threshold", DOUBLE, NULLABLE, "its threshold");
  public static final Column<Boolean> DRIFTED = ALL.add("drifted", BOOLEAN, NULLABLE,
      "threshold_metric crosses threshold; null when not measured");
  public static final Column<String> STATUS = ALL.add("status", STRING, NOT_NULL, "OK, FAILED or SKIPPED");
  public static final Column<String> MESSAGE = ALL.add("message", STRING, NULLABLE, "why, for FAILED/SKIPPED rows");
  public static final Column<Double> DRIFTED_SHARE = ALL.add("drifted_share", DOUBLE, NULLABLE,
      ":table rows: drifted / measured features");
  public static final Column<Double> ROW_COUNT_CHANGE = ALL.add("row_count_change", DOUBLE, NULLABLE,
      ":table rows: cur_count / ref_count - 1");
  public static final Column<Double> REF_MUTUAL_INFO = ALL.add("ref_mutual_info", DOUBLE, NULLABLE,
      "I(feature; label) in the reference, in log_base");
  public static final Column<Double> CUR_MUTUAL_INFO = ALL.add("cur_mutual_info", DOUBLE, NULLABLE,
      "I(feature; label) in the current data");
  public static final Column<Double> JS_NOISE_FLOOR = ALL.add("js_noise_floor", DOUBLE, NULLABLE,
      "the js_divergence expected from sampling alone (bits)");
  public static final Column<Double> Q_VALUE = ALL.add("q_value", DOUBLE, NULLABLE,
      "Benjamini-Hochberg adjusted chi2_pvalue over every feature row of the run that has one");
  public static final Column<Double> ALPHA = ALL.add("alpha", DOUBLE, NULLABLE,
      "the false-discovery rate drifted was judged at; null: threshold only");
  public static final Column<List<List<Object>>> TOP_BINS = ALL.add("top_bins",
      arrayOf(struct(field("bin", STRING), field("ref_share", DOUBLE), field("cur_share", DOUBLE),
          field("js_contribution", DOUBLE))), NULLABLE,
      "the bins contributing most to js_divergence, largest first");
  public static final Column<Double> NEW_VALUE_SHARE = ALL.add("new_value_share", DOUBLE, NULLABLE,
      "share of the current values the reference never had");
  public static final Column<Double> GAUSSIAN_KL_MULTIVARIATE = ALL.add("gaussian_kl_multivariate", DOUBLE, NULLABLE,
      ":table rows: KL(N(mu_ref, Sigma_ref) || N(mu_cur, Sigma_cur)) of the joint features, in log_base");
  public static final Column<Double> GAUSSIAN_KL_DIAGONAL = ALL.add("gaussian_kl_diagonal", DOUBLE, NULLABLE,
      ":table rows: the sum of the joint features' own gaussian_kl");
  public static final Column<Double> CORRELATION_SHIFT = ALL.add("correlation_shift", DOUBLE, NULLABLE,
      ":table rows: the largest |ref_corr - cur_corr| over pairs of joint features");
  public static final Column<List<List<Object>>> TOP_PAIRS = ALL.add("top_pairs",
      arrayOf(struct(field("a", STRING), field("b", STRING), field("ref_corr", DOUBLE), field("cur_corr", DOUBLE),
          field("p_value", DOUBLE))), NULLABLE,
      ":table rows: the pairs of largest correlation shift, largest first, with Fisher's z-test p-value");
  public static final Column<Long> JOINT_ROWS_REF = ALL.add("joint_rows_ref", LONG, NULLABLE,
      ":table rows: reference rows with every joint feature finite");
  public static final Column<Long> JOINT_ROWS_CUR = ALL.add("joint_rows_cur", LONG, NULLABLE,
      ":table rows: the same for the current data");
  public static final Column<Double> REF_MEAN = ALL.add("ref_mean", DOUBLE, NULLABLE,
      "numeric: the mean of the reference's finite values");
  public static final Column<Double> CUR_MEAN = ALL.add("cur_mean", DOUBLE, NULLABLE,
      "numeric: the mean of the current finite values");
  public static final Column<Double> REF_ZERO_FRACTION = ALL.add("ref_zero_fraction", DOUBLE, NULLABLE,
      "numeric: values equal to 0 over non-missing values, reference");
  public static final Column<Double> CUR_ZERO_FRACTION = ALL.add("cur_zero_fraction", DOUBLE, NULLABLE,
      "numeric: the same for the current data");
  public static final Column<Long> REF_DISTINCT_COUNT = ALL.add("ref_distinct_count", LONG, NULLABLE,
      "distinct non-missing values of the reference: exact while its state holds them, else a HyperLogLog estimate");
  public static final Column<Long> CUR_DISTINCT_COUNT = ALL.add("cur_distinct_count", LONG, NULLABLE,
      "the same for the current data");
  public static final Column<List<String>> COLUMNS_ADDED = ALL.add("columns_added", arrayOf(STRING), NULLABLE,
      ":table rows: columns of the current data the reference lacks (not counting those the run uses)");
  public static final Column<List<String>> COLUMNS_MISSING = ALL.add("columns_missing", arrayOf(STRING), NULLABLE,
      ":table rows: columns of the reference the current data lacks (not counting those the run uses)");
  public static final Column<List<String>> COLUMNS_RETYPED = ALL.add("columns_retyped", arrayOf(STRING), NULLABLE,
      ":table rows: columns of both whose type changed (not counting those the run uses)");
  public static final Column<List<List<Object>>> TOP_NEW_VALUES = ALL.add("top_new_values",
      arrayOf(struct(field("value", STRING), field("cur_share", DOUBLE))), NULLABLE,
      "categorical: the most frequent current values the reference never had, with their shares");
  public static final Column<Double> CLASSIFIER_AUC = ALL.add("classifier_auc", DOUBLE, NULLABLE,
      ":table rows: held-out ROC AUC of a classifier telling current rows from reference rows (--domain-classifier)");
  public static final Column<Double> CLASSIFIER_PVALUE = ALL.add("classifier_pvalue", DOUBLE, NULLABLE,
      ":table rows: one-sided Mann-Whitney p-value of classifier_auc against 0.5 (normal approximation)");
  public static final Column<List<List<Object>>> CLASSIFIER_TOP_FEATURES = ALL.add("classifier_top_features",
      arrayOf(struct(field("feature", STRING), field("importance", DOUBLE))), NULLABLE,
      ":table rows: the classifier's feature importances, largest first, up to --explain-top");

  private DriftColumns() {}

  /** The column of a threshold metric (each {@link Metric} is a double column named {@link Metric#column()}). */
  @SuppressWarnings("unchecked")
  public static Column<Double> metric(Metric metric) {
    Column<?> column = ALL.column(metric.column());
    if (column.type() != DOUBLE) {
      throw new IllegalStateException("metric column " + column.name() + " is " + column.type().sql() + ", not double");
    }
    return (Column<Double>) column;
  }
}
