package io.driftlake.core.metrics;

/**
 * Divergences and distances between two discrete distributions {@code p}, {@code q} over the same bins
 * (each summing to 1). Pure functions; inputs are not checked beyond equal length.
 */
public final class Divergences {
  private static final double LN2 = Math.log(2.0);

  private Divergences() {}

  /**
   * Kullback–Leibler divergence {@code KL(p‖q) = Σ p_i ln(p_i / q_i)} in nats. Terms with
   * {@code p_i = 0} contribute 0; {@code +Infinity} when some {@code q_i = 0 < p_i}. 0 iff p = q.
   */
  public static double klDivergence(double[] p, double[] q) {
    requireSameLength(p, q);
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        if (q[i] <= 0) {
          return Double.POSITIVE_INFINITY;
        }
        sum += p[i] * Math.log(p[i] / q[i]);
      }
    }
    return Math.max(0.0, sum);
  }

  /**
   * Jensen–Shannon divergence {@code ½ KL(p‖m) + ½ KL(q‖m)}, {@code m = ½(p + q)}, in bits: always
   * finite, in [0, 1], 1 exactly for disjoint supports. Needs no smoothing.
   */
  public static double jsDivergenceBits(double[] p, double[] q) {
    requireSameLength(p, q);
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double m = 0.5 * (p[i] + q[i]);
      if (p[i] > 0) {
        sum += 0.5 * p[i] * Math.log(p[i] / m);
      }
      if (q[i] > 0) {
        sum += 0.5 * q[i] * Math.log(q[i] / m);
      }
    }
    return Math.min(1.0, Math.max(0.0, sum / LN2));
  }

  /**
   * Population stability index {@code Σ (q_i − p_i) ln(q_i / p_i)} (natural log, p the reference):
   * the symmetrised KL, {@code KL(p‖q) + KL(q‖p)}. A bin empty on both sides contributes 0; a bin
   * empty on one side only makes it {@code +Infinity} (smooth first to avoid that).
   */
  public static double psi(double[] p, double[] q) {
    requireSameLength(p, q);
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] == q[i]) {
        continue;
      }
      if (p[i] <= 0 || q[i] <= 0) {
        return Double.POSITIVE_INFINITY;
      }
      sum += (q[i] - p[i]) * Math.log(q[i] / p[i]);
    }
    return Math.max(0.0, sum);
  }

  /** Hellinger distance {@code √(1 − Σ √(p_i q_i))}, in [0, 1]. */
  public static double hellinger(double[] p, double[] q) {
    requireSameLength(p, q);
    double bhattacharyya = 0;
    for (int i = 0; i < p.length; i++) {
      bhattacharyya += Math.sqrt(p[i] * q[i]);
    }
    return Math.sqrt(Math.max(0.0, 1.0 - bhattacharyya));
  }

  /** Total variation distance {@code ½ Σ |p_i − q_i|}, in [0, 1]. */
  public static double totalVariation(double[] p, double[] q) {
    requireSameLength(p, q);
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      sum += Math.abs(p[i] - q[i]);
    }
    return 0.5 * sum;
  }

  /** L-infinity distance {@code max_i |p_i − q_i|}, in [0, 1]. */
  public static double lInfinity(double[] p, double[] q) {
    requireSameLength(p, q);
    double max = 0;
    for (int i = 0; i < p.length; i++) {
      max = Math.max(max, Math.abs(p[i] - q[i]));
    }
    return max;
  }

  /**
   * Shannon entropy {@code −Σ p_i ln p_i} in nats ({@code 0 ln 0 = 0}). {@code p} is first normalised
   * to sum 1, as {@code scipy.stats.entropy} does: SEEDS' (0.001, 0.001, 0.001, 0.999) sums to 1.002
   * and has 0.0342 bits only after normalising.
   */
  public static double entropy(double[] p) {
    double total = 0;
    for (double v : p) {
      total += v;
    }
    double sum = 0;
    for (double v : p) {
      if (v > 0) {
        double normalised = v / total;
        sum -= normalised * Math.log(normalised);
      }
    }
    return sum;
  }

  /** Counts as proportions {@code c_i / Σ c}; all zeros when the counts sum to 0. */
  public static double[] proportions(long[] counts) {
    double total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] p = new double[counts.length];
    if (total > 0) {
      for (int i = 0; i < counts.length; i++) {
        p[i] = counts[i] / total;
      }
    }
    return p;
  }

  static void requireSameLength(double[] p, double[] q) {
    if (p.length != q.length) {
      throw new IllegalArgumentException("distributions have " + p.length + " and " + q.length + " bins");
    }
  }

  /**
   * Mutual information {@code I(X;Y) = KL(p(x,y) ‖ p(x)p(y)) = Σ p(x,y) ln(p(x,y) / (p(x) p(y)))} in
   * nats, of the joint counts {@code joint[i * cols + j]} (row i: a bin of X, column j: a bin of Y),
   * as scikit-learn's {@code mutual_info_score} computes it from a contingency table. ≥ 0; 0 when X
   * and Y are independent in the sample; NaN when the table is empty.
   */
  public static double mutualInformation(long[] joint, int cols) {
    if (cols <= 0 || joint.length % cols != 0) {
      throw new IllegalArgumentException("joint counts do not form a table with " + cols + " columns");
    }
    int rows = joint.length / cols;
    double[] rowSums = new double[rows];
    double[] colSums = new double[cols];
    double n = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        long c = joint[i * cols + j];
        rowSums[i] += c;
        colSums[j] += c;
        n += c;
      }
    }
    if (n == 0) {
      return Double.NaN;
    }
    double mi = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        long c = joint[i * cols + j];
        if (c > 0) {
          mi += c / n * Math.log(c * n / (rowSums[i] * colSums[j]));
        }
      }
    }
    return Math.max(0.0, mi); // rounding can leave -1e-17 for independent tables
  }
}
