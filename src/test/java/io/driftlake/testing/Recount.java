package io.driftlake.testing;

import java.util.List;

/**
 * Independent re-implementations used to check the job: a linear-scan binning and the metric formulas
 * written out plainly from the definitions (no production code is called).
 */
public final class Recount {
  private Recount() {}

  /** Bin by linear scan: e_i <= v < e_{i+1}; +Infinity in the last bin; -1 for null/NaN. */
  public static int numericBin(double[] edges, Double value) {
    if (value == null || Double.isNaN(value)) {
      return -1;
    }
    double v = value == 0.0 ? 0.0 : value;
    for (int i = 0; i < edges.length - 1; i++) {
      if (edges[i] <= v && v < edges[i + 1]) {
        return i;
      }
    }
    return edges.length - 2;
  }

  public static int categoryBin(List<String> labels, String value) {
    if (value == null) {
      return -1;
    }
    int i = labels.subList(0, labels.size() - 1).indexOf(value);
    return i < 0 ? labels.size() - 1 : i;
  }

  public static double[] normalise(long[] counts) {
    double total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] p = new double[counts.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = counts[i] / total;
    }
    return p;
  }

  public static double[] epsilonSmooth(long[] counts, double eps) {
    double[] p = normalise(counts);
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.max(p[i], eps);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  public static double kl(double[] p, double[] q) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        s += p[i] * Math.log(p[i] / q[i]);
      }
    }
    return s;
  }

  public static double jsBits(double[] p, double[] q) {
    double[] m = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      m[i] = (p[i] + q[i]) / 2;
    }
    return (kl(p, m) + kl(q, m)) / 2 / Math.log(2);
  }

  public static double psi(double[] p, double[] q) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += (q[i] - p[i]) * Math.log(q[i] / p[i]);
    }
    return s;
  }

  public static double hellinger(double[] p, double[] q) {
    double bc = 0;
    for (int i = 0; i < p.length; i++) {
      bc += Math.sqrt(p[i] * q[i]);
    }
    return Math.sqrt(Math.max(0, 1 - bc));
  }

  public static double tv(double[] p, double[] q) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += Math.abs(p[i] - q[i]);
    }
    return s / 2;
  }

  public static double linf(double[] p, double[] q) {
    double m = 0;
    for (int i = 0; i < p.length; i++) {
      m = Math.max(m, Math.abs(p[i] - q[i]));
    }
    return m;
  }

  public static double ks(double[] p, double[] q) {
    double a = 0;
    double b = 0;
    double m = 0;
    for (int i = 0; i < p.length; i++) {
      a += p[i];
      b += q[i];
      m = Math.max(m, Math.abs(a - b));
    }
    return m;
  }

  /** Pearson chi-square on the 2×k table, all-empty columns dropped. */
  public static double chi2(long[] r, long[] c) {
    double nr = 0;
    double nc = 0;
    for (int i = 0; i < r.length; i++) {
      nr += r[i];
      nc += c[i];
    }
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      double col = r[i] + c[i];
      if (col == 0) {
        continue;
      }
      double er = nr * col / (nr + nc);
      double ec = nc * col / (nr + nc);
      s += (r[i] - er) * (r[i] - er) / er + (c[i] - ec) * (c[i] - ec) / ec;
    }
    return s;
  }

  /** W1 with mass at bin midpoints, outer bins at their finite edge (scipy.stats.wasserstein_distance form). */
  public static double wasserstein(double[] edges, double[] p, double[] q) {
    int k = p.length;
    double[] x = new double[k];
    for (int i = 0; i < k; i++) {
      x[i] = i == 0 ? edges[1] : i == k - 1 ? edges[k - 1] : (edges[i] + edges[i + 1]) / 2;
    }
    double s = 0;
    double fp = 0;
    double fq = 0;
    for (int i = 0; i < k - 1; i++) {
      fp += p[i];
      fq += q[i];
      s += Math.abs(fp - fq) * (x[i + 1] - x[i]);
    }
    return s;
  }

  public static double gaussianKl(double m1, double v1, double m2, double v2) {
    return Math.log(Math.sqrt(v2) / Math.sqrt(v1)) + (v1 + (m1 - m2) * (m1 - m2)) / (2 * v2) - 0.5;
  }

  /** Relative closeness for the 1e-9 check (absolute near zero). */
  public static boolean close(double expected, double actual, double relative) {
    if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
      return expected == actual;
    }
    return Math.abs(expected - actual) <= relative * Math.max(1e-12, Math.abs(expected));
  }
}
