package io.driftlake.core.metrics;

import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;

/**
 * Turns two finished histogram states over the same frozen bins into {@link DriftMetrics}: the
 * "metrics after" half of the flow. {@code p} is the reference, {@code q} the current data, both bin
 * counts over non-missing counts.
 */
public final class FeatureComparison {
  private FeatureComparison() {}

  /** Compares; both states must have at least one non-missing value (callers skip the feature otherwise). */
  public static DriftMetrics compare(
      FeatureBins bins, HistogramState reference, HistogramState current, Smoothing smoothing, LogBase logBase) {
    long[] referenceCounts = reference.getBinCounts();
    long[] currentCounts = current.getBinCounts();
    if (referenceCounts.length != bins.binCount() || currentCounts.length != bins.binCount()) {
      throw new IllegalArgumentException("histograms do not match the feature's " + bins.binCount() + " bins");
    }
    if (reference.valueCount() == 0 || current.valueCount() == 0) {
      throw new IllegalArgumentException("a histogram with no values cannot be compared");
    }
    double[] p = Divergences.proportions(referenceCounts);
    double[] q = Divergences.proportions(currentCounts);
    double[] smoothedP = smoothing.apply(referenceCounts);
    double[] smoothedQ = smoothing.apply(currentCounts);

    double js = Divergences.jsDivergenceBits(p, q);
    TwoSampleTests.ChiSquare chi2 = TwoSampleTests.chiSquareTest(referenceCounts, currentCounts);
    boolean numeric = bins.kind() == FeatureKind.NUMERIC;
    Double gaussianKl = null;
    if (numeric && reference.getFiniteCount() > 0 && current.getFiniteCount() > 0) {
      gaussianKl = logBase.fromNats(GaussianKl.nats(
          reference.getFiniteMean(), reference.finiteVariance(),
          current.getFiniteMean(), current.finiteVariance()));
    }
    return new DriftMetrics(
        logBase.fromNats(Divergences.klDivergence(smoothedP, smoothedQ)),
        logBase.fromNats(Divergences.klDivergence(smoothedQ, smoothedP)),
        js,
        Math.sqrt(js),
        Divergences.psi(smoothedP, smoothedQ),
        Divergences.hellinger(p, q),
        Divergences.totalVariation(p, q),
        Divergences.lInfinity(p, q),
        numeric ? TwoSampleTests.ksStatistic(p, q) : null,
        numeric ? nullIfNaN(TwoSampleTests.wasserstein(bins.edges().edges(), p, q)) : null,
        chi2.statistic(),
        chi2.pValue(),
        gaussianKl);
  }

  private static Double nullIfNaN(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
