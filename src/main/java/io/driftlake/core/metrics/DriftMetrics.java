package io.driftlake.core.metrics;

/**
 * Every metric of one comparison of a current histogram against a reference histogram over the same
 * frozen bins. Null where a metric does not apply (the numeric-only metrics of a categorical feature).
 *
 * @param klRefCur KL(P'‖Q') of the smoothed proportions, in the chosen log base
 * @param klCurRef KL(Q'‖P'), in the chosen log base
 * @param jsDivergence JS divergence of the raw proportions, in bits, in [0, 1]
 * @param jsDistance √jsDivergence
 * @param psi Σ (q' − p') ln(q'/p') of the smoothed proportions (natural log)
 * @param hellinger √(1 − Σ √(p q)) of the raw proportions
 * @param tvDistance ½ Σ |p − q|
 * @param lInfinityDistance max |p − q|
 * @param ksStatistic largest CDF gap at the bin edges (numeric only)
 * @param wassersteinDistance binned W1 in the feature's units (numeric only)
 * @param chi2Statistic Pearson statistic of homogeneity on raw counts
 * @param chi2PValue its upper-tail p-value
 * @param gaussianKl closed-form KL(N_ref‖N_cur) in the chosen log base (numeric only)
 */
public record DriftMetrics(
    double klRefCur,
    double klCurRef,
    double jsDivergence,
    double jsDistance,
    double psi,
    double hellinger,
    double tvDistance,
    double lInfinityDistance,
    Double ksStatistic,
    Double wassersteinDistance,
    double chi2Statistic,
    double chi2PValue,
    Double gaussianKl) {

  /** The value of {@code metric}, or null where it does not apply to this feature. */
  public Double value(io.driftlake.core.config.Metric metric) {
    return switch (metric) {
      case KL_REF_CUR -> klRefCur;
      case KL_CUR_REF -> klCurRef;
      case JS_DIVERGENCE -> jsDivergence;
      case JS_DISTANCE -> jsDistance;
      case PSI -> psi;
      case HELLINGER -> hellinger;
      case TV_DISTANCE -> tvDistance;
      case L_INFINITY_DISTANCE -> lInfinityDistance;
      case KS_STATISTIC -> ksStatistic;
      case WASSERSTEIN_DISTANCE -> wassersteinDistance;
      case CHI2_STATISTIC -> chi2Statistic;
      case CHI2_PVALUE -> chi2PValue;
      case GAUSSIAN_KL -> gaussianKl;
    };
  }
}
