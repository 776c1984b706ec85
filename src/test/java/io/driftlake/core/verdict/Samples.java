package io.driftlake.core.verdict;

import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.histogram.NumericBinning;
import java.util.Arrays;
import java.util.Random;

/** Seeded samples binned as the job bins them, for the simulations (no Spark). */
final class Samples {
  /** The job's default: 20 quantile bins (+ 2 outer bins), DriftConfig.BINS_DEFAULT. */
  static final int BINS = 20;

  private Samples() {}

  static double[] normal(Random random, int n, double mean) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = mean + random.nextGaussian();
    }
    return values;
  }

  /**
   * Quantile bins frozen from the reference sample as ReferenceBinner freezes them: exact min and max,
   * and at each probability i/bins the sample's ⌈i·n/bins⌉-th smallest value (what Spark's
   * percentile_approx returns for fewer values than its accuracy, 10 000; ReferenceBinner samples
   * about 100 000 rows, so at 200 000 rows its edges are within 0.16% in rank of these).
   */
  static FeatureBins quantileBins(double[] reference) {
    double[] sorted = reference.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double[] quantiles = new double[BINS - 1];
    for (int i = 1; i < BINS; i++) {
      int rank = (int) ((i * (long) n + BINS - 1) / BINS); // ceil(i * n / bins), 1-based
      quantiles[i - 1] = sorted[rank - 1];
    }
    return FeatureBins.numeric("x", NumericBinning.quantile(sorted[0], sorted[n - 1], quantiles));
  }

  static HistogramState histogram(FeatureBins bins, double[] values) {
    BinEdges edges = bins.edges();
    HistogramState state = HistogramState.empty(edges.binCount());
    for (double v : values) {
      state.addNumeric(edges, v);
    }
    return state;
  }
}
