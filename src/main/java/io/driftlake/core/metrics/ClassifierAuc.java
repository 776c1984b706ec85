package io.driftlake.core.metrics;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How well a domain classifier's scores tell the current rows from the reference rows, on held-out
 * rows: the ROC AUC and its one-sided Mann–Whitney p-value (docs/semantics.md, "Domain classifier").
 *
 * <p>With {@code n₁} current scores and {@code n₀} reference scores, ranked together with ties given
 * their mid-rank, {@code U = R₁ − n₁(n₁ + 1)/2} ({@code R₁}: the current scores' rank sum) counts the
 * (current, reference) pairs the classifier orders correctly, a tie counting ½; the AUC is
 * {@code U / (n₁ n₀)}: 0.5 when the scores say nothing, 1 when every current score is above every
 * reference score.
 *
 * <p>The p-value tests AUC = 0.5 against AUC &gt; 0.5 (a classifier that does worse than chance on
 * held-out rows is no evidence of drift) by the normal approximation of U with the tie correction and
 * a continuity correction of ½:
 * <pre>
 *   σ² = n₁ n₀ / 12 · [(n + 1) − Σ (t³ − t) / (n (n − 1))],   n = n₁ + n₀, t: the size of each group of ties
 *   z  = (U − n₁ n₀ / 2 − ½) / σ,                              p = 1 − Φ(z)
 * </pre>
 * which is {@code scipy.stats.mannwhitneyu(current, reference, alternative='greater',
 * method='asymptotic')} (its defaults {@code use_continuity=True}; Mann and Whitney 1947, the tie
 * correction as in Hollander and Wolfe). The approximation is good from about 20 scores a side; the
 * held-out sample has hundreds to thousands.
 */
public final class ClassifierAuc {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private ClassifierAuc() {}

  /**
   * The AUC and p-value of one classifier.
   *
   * @param auc the ROC AUC, in [0, 1]
   * @param pValue one-sided: the chance of an AUC this high or higher if the scores said nothing
   * @param currentRows held-out current rows scored
   * @param referenceRows held-out reference rows scored
   */
  public record Score(double auc, double pValue, long currentRows, long referenceRows) {}

  /**
   * Scores {@code current} (the classifier's probability that a current row is current) against
   * {@code reference} (the same probability for reference rows). Either side empty: AUC and p-value
   * NaN. Every score tied (one value): AUC 0.5 and p-value 1 (σ is 0: the scores say nothing).
   */
  public static Score score(double[] current, double[] reference) {
    int n1 = current.length;
    int n0 = reference.length;
    if (n1 == 0 || n0 == 0) {
      return new Score(Double.NaN, Double.NaN, n1, n0);
    }
    int n = n1 + n0;
    // (score, side) pairs sorted by score: side 1 for current
    double[] scores = new double[n];
    boolean[] isCurrent = new boolean[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n1; i++) {
      scores[i] = current[i];
      isCurrent[i] = true;
    }
    System.arraycopy(reference, 0, scores, n1, n0);
    for (int i = 0; i < n; i++) {
      order[i] = i;
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("a classifier score is NaN");
      }
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double currentRankSum = 0;
    double tieTerm = 0; // Σ (t³ − t)
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double t = j - i + 1;
      double midRank = (i + 1 + j + 1) / 2.0;
      for (int k = i; k <= j; k++) {
        if (isCurrent[order[k]]) {
          currentRankSum += midRank;
        }
      }
      tieTerm += t * t * t - t;
      i = j + 1;
    }
    double u = currentRankSum - (double) n1 * (n1 + 1) / 2.0;
    double pairs = (double) n1 * n0;
    double auc = u / pairs;
    double variance = pairs / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
    if (!(variance > 0)) {
      return new Score(auc, 1.0, n1, n0);
    }
    double z = (u - pairs / 2.0 - 0.5) / Math.sqrt(variance);
    return new Score(auc, STANDARD_NORMAL.cumulativeProbability(-z), n1, n0);
  }
}
