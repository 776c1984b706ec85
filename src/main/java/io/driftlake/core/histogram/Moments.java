package io.driftlake.core.histogram;

/**
 * Combining count, mean and sum of squared deviations (M2) of two disjoint parts of a sample: Chan,
 * Golub and LeVeque's pairwise update, {@code M2 = M2a + M2b + δ² · na · nb / n} with
 * {@code δ = mean_b − mean_a}, {@code n = na + nb}; stable where summing squares would cancel.
 */
final class Moments {
  private Moments() {}

  static double mergedMean(long countA, double meanA, long countB, double meanB) {
    return meanA + (meanB - meanA) * countB / (countA + countB);
  }

  static double mergedSquaredDeviations(long countA, double meanA, double m2A, long countB, double meanB, double m2B) {
    double delta = meanB - meanA;
    return m2A + m2B + delta * delta * ((double) countA * countB / (countA + countB));
  }
}
