package io.driftlake.core.verdict;

import io.driftlake.core.config.Metric;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.metrics.FalseDiscovery;
import io.driftlake.core.verdict.DriftVerdict.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drift decision: a feature drifted when its change is both <em>significant</em> (not sampling
 * noise) and <em>large</em> (its threshold metric crosses the threshold):
 * <pre>
 *   drifted = q &lt; α  AND  metric.crosses(value, threshold)
 * </pre>
 * where {@code q} is the Benjamini–Hochberg q-value ({@link FalseDiscovery}) of the feature's
 * chi-square homogeneity p-value ({@code chi2_pvalue}) within its family of features. The threshold
 * alone flags noise at small samples (at 300 values a side, 20 quantile bins, the JS distance of two
 * samples of one distribution is ≈ 0.16, above the default 0.1); the test alone flags negligible
 * changes at large samples (a 0.05σ shift at 200 000 values a side has p ≈ 1e-37 but a JS distance
 * of ≈ 0.02). Together they flag changes that are real and big enough to matter.
 *
 * <ul>
 *   <li>{@code α} null: threshold only (the behaviour before this gate).</li>
 *   <li>The judged metric is {@code chi2_pvalue}: the threshold only ({@code p < value}), since the
 *       threshold already is a significance level; the q-value is still reported.</li>
 *   <li>Either side has fewer than {@code minRows} non-missing values: null, with a message giving
 *       both counts and the bar. A histogram of a handful of values says little about a distribution.</li>
 *   <li>The metric does not apply to the feature (value null, e.g. {@code ks_statistic} of a
 *       categorical feature): null, with a message.</li>
 * </ul>
 */
public final class DriftDecision {
  /**
   * Default of {@code --min-rows}. The chi-square p-value is valid at any size (Monte Carlo below five
   * expected values a cell: {@link io.driftlake.core.metrics.ChiSquareMonteCarlo}), so the bar only keeps
   * out samples too small for any histogram to say much: at 30 values a side a drift as large as the
   * gapminder case (life expectancy 1955 vs 2005, 62 countries) is found; 5 values a side are not judged.
   */
  public static final int MIN_ROWS_DEFAULT = 30;

  private DriftDecision() {}

  /**
   * Decides one feature.
   *
   * @param threshold the feature's threshold (metric and value)
   * @param metricValue the value of {@code threshold.metric()} for this feature; null when it does not apply
   * @param qValue the feature's BH q-value within its family; may be null when {@code alpha} is null
   *     or the metric is {@code chi2_pvalue}
   * @param alpha the false discovery rate, in (0, 1]; null for threshold-only decisions
   * @param referenceValues non-missing values of the reference (or previous window) side
   * @param currentValues non-missing values of the current side
   * @param minRows the least number of non-missing values each side needs, ≥ 0 (0: no bar)
   */
  public static DriftVerdict decide(Threshold threshold, Double metricValue, Double qValue, Double alpha,
      long referenceValues, long currentValues, int minRows) {
    checkAlpha(alpha);
    if (minRows < 0) {
      throw new IllegalArgumentException("min-rows must be >= 0, got " + minRows);
    }
    Metric metric = threshold.metric();
    if (metricValue == null || Double.isNaN(metricValue)) {
      return new DriftVerdict(null, qValue, Reason.NOT_APPLICABLE,
          "threshold metric " + metric.column() + " does not apply to this feature");
    }
    if (tooFewRows(referenceValues, currentValues, minRows)) {
      return new DriftVerdict(null, qValue, Reason.TOO_FEW_ROWS, "too few rows to judge drift: " + referenceValues + " reference / "
          + currentValues + " current non-null values, below --min-rows " + minRows);
    }
    boolean crosses = metric.crosses(metricValue, threshold.value());
    if (alpha == null || metric.isPValue()) {
      return new DriftVerdict(crosses, qValue, Reason.DECIDED, null);
    }
    if (qValue == null || Double.isNaN(qValue)) {
      return new DriftVerdict(null, null, Reason.NO_Q_VALUE, "no chi-square q-value to test significance at alpha " + alpha);
    }
    if (!crosses) {
      return new DriftVerdict(false, qValue, Reason.DECIDED, null);
    }
    if (qValue < alpha) {
      return new DriftVerdict(true, qValue, Reason.DECIDED, null);
    }
    return new DriftVerdict(false, qValue, Reason.NOT_SIGNIFICANT, String.format(Locale.ROOT,
        "%s %.4g crosses the threshold %s but is not significant: chi-square q-value %.3g >= alpha %s"
            + " (a difference this size is expected from sampling noise at %d / %d values)",
        metric.column(), metricValue, threshold.value(), qValue, alpha, referenceValues, currentValues));
  }

  /**
   * Whether a side has too few non-missing values for a verdict: fewer than {@code minRows} (0: no
   * bar). Such a feature is left out of its BH family and gets {@link Reason#TOO_FEW_ROWS}.
   */
  public static boolean tooFewRows(long referenceValues, long currentValues, int minRows) {
    return referenceValues < minRows || currentValues < minRows;
  }

  /**
   * Whether a pair of joint features drifts its comparison's {@code :table} row: its correlation
   * shift {@code |ρ_ref − ρ_cur|} exceeds {@code threshold} ({@code --correlation-threshold}), its
   * Fisher-test q-value (in the run's family of pair tests, apart from the features') is below {@code alpha} (null alpha: the threshold alone),
   * and both sides have at least {@code minRows} joint rows.
   */
  public static boolean pairDrifted(double shift, double threshold, Double qValue, Double alpha, long referenceRows,
      long currentRows, int minRows) {
    if (tooFewRows(referenceRows, currentRows, minRows) || !(shift > threshold)) {
      return false;
    }
    return alpha == null || (qValue != null && qValue < alpha);
  }

  /** One feature of a family: its threshold, threshold-metric value, chi-square p-value and value counts. */
  public record Candidate(Threshold threshold, Double metricValue, Double pValue, long referenceValues,
      long currentValues) {}

  /**
   * Decides a family of features together: the features of one comparison (one current group, e.g.
   * the whole data or one window × slice, against its base). The BH family is every candidate with at
   * least {@code minRows} values on both sides and a non-null, non-NaN p-value (those whose test
   * outcome is looked at); the others get a null q-value and no say in the others' q-values. Then
   * each candidate is {@link #decide}d with its q-value. Returns one verdict per candidate, in order.
   */
  public static List<DriftVerdict> decideFamily(List<Candidate> candidates, Double alpha, int minRows) {
    checkAlpha(alpha);
    List<Double> pValues = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      boolean inFamily = !tooFewRows(c.referenceValues(), c.currentValues(), minRows);
      pValues.add(inFamily ? c.pValue() : null);
    }
    List<Double> qValues = FalseDiscovery.benjaminiHochberg(pValues);
    List<DriftVerdict> verdicts = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      verdicts.add(decide(c.threshold(), c.metricValue(), qValues.get(i), alpha, c.referenceValues(),
          c.currentValues(), minRows));
    }
    return verdicts;
  }

  private static void checkAlpha(Double alpha) {
    if (alpha != null && !(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
  }
}
