package io.driftlake.core.metrics;

import org.apache.commons.math3.special.Gamma;

/** Two-sample statistics on binned counts over the same frozen bins. */
public final class TwoSampleTests {
  private TwoSampleTests() {}

  /**
   * A chi-square statistic with its degrees of freedom and upper-tail p-value; {@code simulations} is
   * the number of tables the Monte Carlo p-value simulated, 0 for the asymptotic one.
   */
  public record ChiSquare(double statistic, int degreesOfFreedom, double pValue, int simulations) {
    public ChiSquare(double statistic, int degreesOfFreedom, double pValue) {
      this(statistic, degreesOfFreedom, pValue, 0);
    }

    /** Whether the p-value is the Monte Carlo one ({@link ChiSquareMonteCarlo}). */
    public boolean simulated() {
      return simulations > 0;
    }
  }

  /**
   * The drift table's chi-square test: {@link #chiSquareHomogeneity}'s statistic and degrees of freedom,
   * with its asymptotic p-value while every expected count is at least
   * {@link ChiSquareMonteCarlo#MIN_EXPECTED}, and otherwise the Monte Carlo permutation p-value of the
   * same statistic ({@link ChiSquareMonteCarlo#pValue}), which is valid at any size; below its floor
   * {@code 1/(B + 1)}, the asymptotic p-value of the merged table ({@link ChiSquareMonteCarlo#merged})
   * when that is smaller. A merged p-value below {@link ChiSquareMonteCarlo#CLEARLY_BELOW_FLOOR} is
   * taken without simulating ({@code simulations} 0): under homogeneity that happens with probability
   * below the bar, so it adds at most 1e-10 to the test's size, and it spares the full B tables that a
   * clearly drifted feature would otherwise cost.
   */
  public static ChiSquare chiSquareTest(long[] reference, long[] current) {
    ChiSquare asymptotic = chiSquareHomogeneity(reference, current);
    if (asymptotic.degreesOfFreedom() < 1 || !ChiSquareMonteCarlo.expectedCountsTooSmall(reference, current)) {
      return asymptotic;
    }
    long[][] merged = ChiSquareMonteCarlo.merged(reference, current);
    double mergedPValue = chiSquareHomogeneity(merged[0], merged[1]).pValue();
    if (mergedPValue < ChiSquareMonteCarlo.CLEARLY_BELOW_FLOOR) {
      // the simulation would end at its floor but for odds below this bar: its answer is the merged test's
      return new ChiSquare(asymptotic.statistic(), asymptotic.degreesOfFreedom(), mergedPValue, 0);
    }
    ChiSquareMonteCarlo.Result simulated = ChiSquareMonteCarlo.pValue(reference, current, asymptotic.statistic());
    double pValue = simulated.atFloor() ? Math.min(simulated.pValue(), mergedPValue) : simulated.pValue();
    return new ChiSquare(asymptotic.statistic(), asymptotic.degreesOfFreedom(), pValue, simulated.simulations());
  }

  /**
   * Pearson's chi-square test of homogeneity on the 2×k table of raw counts (as
   * {@code scipy.stats.chi2_contingency(table, correction=False)}): bins empty on both sides are
   * dropped, expected {@code E_ij = row_i · col_j / N}, statistic {@code Σ (O − E)² / E},
   * {@code k' − 1} degrees of freedom. No continuity correction. With fewer than two non-empty bins
   * the statistic is 0 and the p-value 1 (scipy's convention for zero degrees of freedom).
   * The p-value is the regularized upper incomplete gamma {@code Q(df/2, x/2)}, accurate far into
   * the tail (unlike {@code 1 − cdf}).
   */
  public static ChiSquare chiSquareHomogeneity(long[] reference, long[] current) {
    if (reference.length != current.length) {
      throw new IllegalArgumentException("count vectors differ in length");
    }
    double referenceTotal = 0;
    double currentTotal = 0;
    int nonEmpty = 0;
    for (int i = 0; i < reference.length; i++) {
      referenceTotal += reference[i];
      currentTotal += current[i];
      if (reference[i] + current[i] > 0) {
        nonEmpty++;
      }
    }
    double total = referenceTotal + currentTotal;
    if (nonEmpty < 2 || referenceTotal == 0 || currentTotal == 0) {
      return new ChiSquare(0.0, Math.max(0, nonEmpty - 1), 1.0);
    }
    double statistic = 0;
    for (int i = 0; i < reference.length; i++) {
      double column = reference[i] + current[i];
      if (column == 0) {
        continue;
      }
      double expectedReference = referenceTotal * column / total;
      double expectedCurrent = currentTotal * column / total;
      statistic += square(reference[i] - expectedReference) / expectedReference;
      statistic += square(current[i] - expectedCurrent) / expectedCurrent;
    }
    int degreesOfFreedom = nonEmpty - 1;
    double pValue = Gamma.regularizedGammaQ(degreesOfFreedom / 2.0, statistic / 2.0);
    return new ChiSquare(statistic, degreesOfFreedom, pValue);
  }

  /**
   * Kolmogorov–Smirnov statistic on binned data: the largest gap between the two cumulative
   * distributions at the bin edges, {@code max_i |Σ_{j≤i} p_j − Σ_{j≤i} q_j|}. It is a lower bound
   * of the KS statistic of the raw samples (gaps inside a bin are not seen).
   */
  public static double ksStatistic(double[] p, double[] q) {
    Divergences.requireSameLength(p, q);
    double cdfP = 0;
    double cdfQ = 0;
    double max = 0;
    for (int i = 0; i < p.length; i++) {
      cdfP += p[i];
      cdfQ += q[i];
      max = Math.max(max, Math.abs(cdfP - cdfQ));
    }
    return max;
  }

  /**
   * 1-Wasserstein (earth mover's) distance between the binned distributions, in the feature's units.
   * Each bin's mass sits at one point: the midpoint of a finite bin, and for the two outer bins
   * {@code [-Infinity, e_1)} and {@code [e_{k-1}, +Infinity]} their finite edge. Then
   * {@code W1 = Σ_j |F_p(x_j) − F_q(x_j)| (x_{j+1} − x_j)}, as
   * {@code scipy.stats.wasserstein_distance(x, x, p, q)}. The approximation ignores spread inside a
   * bin (error at most one bin width) and distances beyond the reference range (a lower bound there).
   * NaN when no edge is finite.
   */
  public static double wasserstein(double[] edges, double[] p, double[] q) {
    Divergences.requireSameLength(p, q);
    if (edges.length != p.length + 1) {
      throw new IllegalArgumentException("need one more edge than bins");
    }
    double[] points = binRepresentatives(edges);
    if (points == null) {
      return Double.NaN;
    }
    double cdfP = 0;
    double cdfQ = 0;
    double sum = 0;
    for (int i = 0; i + 1 < points.length; i++) {
      cdfP += p[i];
      cdfQ += q[i];
      sum += Math.abs(cdfP - cdfQ) * (points[i + 1] - points[i]);
    }
    return sum;
  }

  /** The point each bin's mass is placed at for {@link #wasserstein}; null when no edge is finite. */
  public static double[] binRepresentatives(double[] edges) {
    int bins = edges.length - 1;
    if (bins < 2) {
      return null;
    }
    double[] points = new double[bins];
    points[0] = edges[1];
    points[bins - 1] = edges[bins - 1];
    for (int i = 1; i < bins - 1; i++) {
      points[i] = 0.5 * (edges[i] + edges[i + 1]);
    }
    return points;
  }

  private static double square(double x) {
    return x * x;
  }
}
