package io.driftlake.core.metrics;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * The p-value of Pearson's chi-square test of homogeneity of a 2×k table by Monte Carlo permutation:
 * valid at any sample size, where the asymptotic χ² p-value is not (expected counts below 5).
 *
 * <p><b>Null distribution.</b> Under homogeneity, given the column totals {@code c_j} (bin counts of both
 * sides together) and the row totals {@code n_ref}, {@code n_cur}, every assignment of the pooled values
 * to the two sides is equally likely (a permutation of the side labels). A random table with these
 * margins is drawn bin by bin: the reference's count in bin {@code j} is hypergeometric,
 * {@code x_j ~ H(N_rem, c_j, n_rem)} (population {@code N_rem} values not yet placed, {@code c_j} of them in
 * bin {@code j}, {@code n_rem} reference values still to place), which is R's {@code r2dtable} table
 * distribution and the permutation distribution of {@code scipy.stats.permutation_test(...,
 * permutation_type='independent')}. Each hypergeometric draw is an inversion that starts at the mode
 * and walks outwards (probabilities by their ratios), so it costs about one standard deviation of steps.
 *
 * <p><b>p-value.</b> The statistic of each simulated table is compared with the observed one (with R's
 * tolerance: {@code sim >= (1 − 64 ε) · observed}). Sequential (Besag and Clifford 1991, Biometrika
 * 78(2), "Sequential Monte Carlo p-values"): simulation stops at the {@value #EXCEEDANCES}-th exceedance,
 * after {@code L} tables, with {@code p = h/L}; otherwise after {@value #MAX_SIMULATIONS} tables with
 * {@code p = (g + 1)/(B + 1)} (R's {@code chisq.test(simulate.p.value = TRUE)} formula, {@code g}
 * exceedances in {@code B} tables). Both are valid p-values ({@code P(p ≤ a) ≤ a} under homogeneity).
 * The relative standard error of a large p-value is about {@code 1/√h ≈ 7%}.
 *
 * <p><b>Below the floor.</b> Simulation cannot tell p-values below {@code 1/(B + 1) = 1e-4} apart, and a
 * run's Benjamini–Hochberg family of hundreds of rows needs smaller ones. When no simulated table
 * reached the observed statistic, the p-value is the smaller of {@code 1/(B + 1)} and the asymptotic
 * p-value of the <em>merged</em> table ({@link #merged}: adjacent bins joined until every cell expects
 * at least {@link #MIN_EXPECTED} values, Cochran's condition for the χ² approximation). That keeps the
 * p-value valid: for {@code a ≥ 1/(B + 1)}, {@code p ≤ a} exactly when the Monte Carlo p-value is;
 * below, only when the merged test's is.
 *
 * <p><b>Reproducible.</b> The random stream is seeded from the two count vectors alone, so the same
 * table always gets the same p-value (whatever the order of features, partitions or threads).
 */
public final class ChiSquareMonteCarlo {
  /**
   * Below this expected count in any cell the asymptotic χ² p-value is not trusted: Cochran's rule
   * (W. G. Cochran 1954, "Some methods for strengthening the common χ² tests", Biometrics 10(4)), the
   * bar of R's "Chi-squared approximation may be incorrect" warning.
   */
  public static final double MIN_EXPECTED = 5.0;
  /** Most simulated tables per test (B): the smallest simulated p-value is 1/(B + 1). */
  public static final int MAX_SIMULATIONS = 9_999;
  /**
   * A merged-table p-value below this is taken as it is, without simulating: the simulation would end
   * at its floor {@code 1/(B + 1)} (and then defer to that p-value) unless an event of probability below
   * this bar happened ({@link TwoSampleTests#chiSquareTest}).
   */
  public static final double CLEARLY_BELOW_FLOOR = 1e-10;
  /** Simulation stops at this many tables at least as extreme as the observed one (h). */
  public static final int EXCEEDANCES = 200;

  private static final double ALMOST_ONE = 1 - 64 * Math.ulp(1.0);

  private ChiSquareMonteCarlo() {}

  /**
   * Whether the asymptotic p-value is not valid for this table: some cell of a bin non-empty on either
   * side expects fewer than {@link #MIN_EXPECTED} values ({@code E = n_side · c_j / N}).
   */
  public static boolean expectedCountsTooSmall(long[] reference, long[] current) {
    long referenceTotal = 0;
    long currentTotal = 0;
    long smallestColumn = Long.MAX_VALUE;
    for (int i = 0; i < reference.length; i++) {
      referenceTotal += reference[i];
      currentTotal += current[i];
      long column = reference[i] + current[i];
      if (column > 0) {
        smallestColumn = Math.min(smallestColumn, column);
      }
    }
    if (referenceTotal == 0 || currentTotal == 0 || smallestColumn == Long.MAX_VALUE) {
      return false;
    }
    double total = (double) referenceTotal + currentTotal;
    return Math.min(referenceTotal, currentTotal) * (double) smallestColumn / total < MIN_EXPECTED;
  }

  /**
   * A Monte Carlo p-value and the number of tables simulated to get it; {@code exceedances} counts the
   * simulated tables at least as extreme as the observed one (0: the p-value is at its floor).
   */
  public record Result(double pValue, int simulations, int exceedances) {
    /** Whether no simulated table reached the observed statistic: p is {@code 1/(B + 1)}. */
    public boolean atFloor() {
      return simulations > 0 && exceedances == 0;
    }
  }

  /**
   * The permutation p-value of {@code statistic}, the observed Pearson statistic of the 2×k table
   * ({@code reference}, {@code current}); bins empty on both sides do not take part. With fewer than two
   * non-empty bins, or an empty side, p = 1 and nothing is simulated.
   */
  public static Result pValue(long[] reference, long[] current, double statistic) {
    if (reference.length != current.length) {
      throw new IllegalArgumentException("count vectors differ in length");
    }
    int k = 0;
    long n1 = 0;
    long n2 = 0;
    for (int i = 0; i < reference.length; i++) {
      if (reference[i] < 0 || current[i] < 0) {
        throw new IllegalArgumentException("counts must be >= 0");
      }
      n1 += reference[i];
      n2 += current[i];
      if (reference[i] + current[i] > 0) {
        k++;
      }
    }
    if (k < 2 || n1 == 0 || n2 == 0) {
      return new Result(1.0, 0, 0);
    }
    long total = n1 + n2;
    long[] columns = new long[k];
    double[] expected = new double[k];
    double[] weight = new double[k];
    int j = 0;
    for (int i = 0; i < reference.length; i++) {
      long column = reference[i] + current[i];
      if (column > 0) {
        columns[j] = column;
        expected[j] = (double) n1 * column / total;
        // (x − E1)²/E1 + (c − x − E2)²/E2 = (x − E1)² (1/E1 + 1/E2): the current side mirrors the reference
        weight[j] = 1.0 / expected[j] + 1.0 / ((double) n2 * column / total);
        j++;
      }
    }
    double bar = statistic * ALMOST_ONE;
    LogFactorials logFactorials = new LogFactorials(total);
    SplittableRandom random = new SplittableRandom(seed(reference, current));
    int exceedances = 0;
    for (int b = 1; b <= MAX_SIMULATIONS; b++) {
      long remaining = total;
      long toPlace = n1;
      double simulated = 0;
      boolean exceeds = false;
      for (int c = 0; c < k; c++) {
        long x = c == k - 1 ? toPlace : hypergeometric(random, remaining, columns[c], toPlace, logFactorials);
        double d = x - expected[c];
        simulated += d * d * weight[c];
        if (simulated >= bar) {
          exceeds = true; // the remaining terms are >= 0: no need to draw them
          break;
        }
        remaining -= columns[c];
        toPlace -= x;
      }
      if (exceeds && ++exceedances == EXCEEDANCES) {
        return new Result((double) EXCEEDANCES / b, b, EXCEEDANCES);
      }
    }
    return new Result((exceedances + 1.0) / (MAX_SIMULATIONS + 1.0), MAX_SIMULATIONS, exceedances);
  }

  /**
   * The table with adjacent bins joined, for the test only, until every cell expects at least
   * {@link #MIN_EXPECTED} values: bins empty on both sides are dropped; walking the bins in order, a
   * group is closed once its column total {@code c} makes {@code min(n_ref, n_cur) · c / N ≥ 5}; an
   * unfinished last group joins the group before it. Numeric bins are ordered by value, so only
   * neighbours join; categorical bins in their frozen order (most frequent first, {@code __other__}
   * last). Returns {@code {reference, current}}; one group when the whole table expects fewer than 5.
   */
  public static long[][] merged(long[] reference, long[] current) {
    long n1 = 0;
    long n2 = 0;
    for (int i = 0; i < reference.length; i++) {
      n1 += reference[i];
      n2 += current[i];
    }
    double scale = Math.min(n1, n2) / Math.max(1.0, (double) n1 + n2);
    java.util.List<long[]> groups = new java.util.ArrayList<>();
    long r = 0;
    long c = 0;
    for (int i = 0; i < reference.length; i++) {
      r += reference[i];
      c += current[i];
      if (r + c > 0 && (r + c) * scale >= MIN_EXPECTED) {
        groups.add(new long[] {r, c});
        r = 0;
        c = 0;
      }
    }
    if (r + c > 0) {
      if (groups.isEmpty()) {
        groups.add(new long[] {r, c});
      } else {
        groups.get(groups.size() - 1)[0] += r;
        groups.get(groups.size() - 1)[1] += c;
      }
    }
    long[][] out = new long[2][groups.size()];
    for (int g = 0; g < groups.size(); g++) {
      out[0][g] = groups.get(g)[0];
      out[1][g] = groups.get(g)[1];
    }
    return out;
  }

  /**
   * One draw of the number of marked items among {@code draws} drawn without replacement from
   * {@code population} items of which {@code marked} are marked: inversion from the mode outwards.
   */
  static long hypergeometric(SplittableRandom random, long population, long marked, long draws,
      LogFactorials logFactorials) {
    long lo = Math.max(0, draws - (population - marked));
    long hi = Math.min(draws, marked);
    if (lo == hi) {
      return lo;
    }
    long mode = (long) Math.floor((draws + 1.0) * (marked + 1.0) / (population + 2.0));
    mode = Math.max(lo, Math.min(hi, mode));
    double atMode = Math.exp(logFactorials.logChoose(marked, mode) + logFactorials.logChoose(population - marked, draws - mode)
        - logFactorials.logChoose(population, draws));
    double u = random.nextDouble() - atMode;
    if (u <= 0) {
      return mode;
    }
    long up = mode;
    long down = mode;
    double pUp = atMode;
    double pDown = atMode;
    long rest = population - marked - draws; // N − K − n, may be negative
    while (up < hi || down > lo) {
      if (up < hi) {
        pUp *= (double) (marked - up) * (draws - up) / ((up + 1.0) * (rest + up + 1.0));
        up++;
        u -= pUp;
        if (u <= 0) {
          return up;
        }
      }
      if (down > lo) {
        pDown *= (double) down * (rest + down) / ((marked - down + 1.0) * (draws - down + 1.0));
        down--;
        u -= pDown;
        if (u <= 0) {
          return down;
        }
      }
    }
    return mode; // only rounding leaves u > 0 once every value is passed
  }

  /** The seed of a table's random stream: its counts alone. */
  static long seed(long[] reference, long[] current) {
    long seed = 0x25C4_1_5EEDL;
    for (int i = 0; i < reference.length; i++) {
      seed = seed * 1_000_003L + reference[i];
      seed = seed * 1_000_003L + current[i];
    }
    return seed;
  }

  /** ln n! for 0 ≤ n ≤ the population: from a table up to {@value #TABLE_LIMIT}, else from ln Γ(n + 1). */
  static final class LogFactorials {
    static final int TABLE_LIMIT = 1 << 20;
    private final double[] table;

    LogFactorials(long max) {
      if (max <= TABLE_LIMIT) {
        table = new double[(int) max + 1];
        for (int n = 2; n <= max; n++) {
          table[n] = table[n - 1] + Math.log(n);
        }
      } else {
        table = null;
      }
    }

    double of(long n) {
      return table != null ? table[(int) n] : Gamma.logGamma(n + 1.0);
    }

    double logChoose(long n, long k) {
      return of(n) - of(k) - of(n - k);
    }
  }
}
