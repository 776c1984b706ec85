package io.driftlake.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Benjamini–Hochberg adjusted p-values (q-values) for a family of tests: rejecting every test with
 * {@code q < α} controls the false discovery rate (the expected share of false alarms among the
 * flagged tests) at α for independent or positively dependent tests (Benjamini and Hochberg 1995,
 * J. R. Stat. Soc. B 57(1); Benjamini and Yekutieli 2001 for positive dependence).
 *
 * <p>With the {@code m} p-values of the family sorted, {@code p_(1) ≤ … ≤ p_(m)}:
 * <pre>
 *   q_(i) = min_{j ≥ i} min(1, p_(j) · m / j)
 * </pre>
 * exactly {@code scipy.stats.false_discovery_control(p, method='bh')}. Tied p-values get the same
 * q-value (the running minimum from the top makes the order among ties irrelevant), so the result
 * does not depend on the sort. {@code p = 0} gives {@code q = 0}; {@code q ≥ p} always.
 *
 * <p>Null and NaN p-values are not tests: they are left out of the family (they do not count in
 * {@code m}) and their q-value is null (NaN in the array form).
 */
public final class FalseDiscovery {
  private FalseDiscovery() {}

  /**
   * The q-values of {@code pValues}, in the same order; null where the p-value is null or NaN.
   *
   * @throws IllegalArgumentException when a p-value lies outside [0, 1] (scipy raises too)
   */
  public static List<Double> benjaminiHochberg(List<Double> pValues) {
    double[] p = new double[pValues.size()];
    for (int i = 0; i < p.length; i++) {
      Double value = pValues.get(i);
      p[i] = value == null ? Double.NaN : value;
    }
    double[] q = benjaminiHochberg(p);
    List<Double> result = new ArrayList<>(q.length);
    for (double v : q) {
      result.add(Double.isNaN(v) ? null : v);
    }
    return result;
  }

  /** The q-values of {@code pValues}, in the same order; NaN where the p-value is NaN. */
  public static double[] benjaminiHochberg(double[] pValues) {
    double[] q = new double[pValues.length];
    Arrays.fill(q, Double.NaN);
    List<Integer> family = new ArrayList<>();
    for (int i = 0; i < pValues.length; i++) {
      double p = pValues[i];
      if (Double.isNaN(p)) {
        continue;
      }
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("p-value " + p + " at position " + i + " is outside [0, 1]");
      }
      family.add(i);
    }
    int m = family.size();
    // largest p first; ties by position only to make the walk deterministic (it does not change q)
    family.sort(Comparator.<Integer>comparingDouble(i -> pValues[i]).reversed().thenComparing(i -> i));
    double running = 1.0;
    for (int r = 0; r < m; r++) {
      int index = family.get(r);
      int rank = m - r; // 1-based rank in ascending order
      running = Math.min(running, pValues[index] * ((double) m / rank)); // as scipy: p * (m / i)
      q[index] = running;
    }
    return q;
  }
}
