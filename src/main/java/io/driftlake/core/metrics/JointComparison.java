package io.driftlake.core.metrics;

import io.driftlake.core.histogram.CoMoments;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Joint drift of the run's joint features between two co-moment states (docs/semantics.md, "Joint
 * drift"): the multivariate Gaussian KL {@code KL(N(μ_ref, Σ_ref) ‖ N(μ_cur, Σ_cur))}
 * ({@link MultivariateGaussianKl}), and per pair of features the correlations on both sides with
 * Fisher's z test of their difference ({@link CorrelationTest}).
 *
 * <p>Singular covariances do not fail the comparison. A feature with zero variance on either side
 * (a constant) is <em>dropped</em> from the KL (its correlations are undefined, so its pairs are
 * not tested either); if the remaining matrices are still singular or near-singular (collinear
 * features: a Cholesky pivot below {@link MultivariateGaussianKl#RELATIVE_PIVOT} of its variance),
 * a <em>ridge</em> {@code λ = 1e-9 · (tr Σ_ref + tr Σ_cur) / (2d)} is added to both diagonals —
 * {@link #RIDGE}, small enough to change a well-conditioned KL by ~1e-9 relative — and the note says so.
 *
 * @param columns       the joint features, in order
 * @param klNats        the multivariate KL in nats; null when it cannot be computed (see note)
 * @param pairs         every testable pair (both correlations defined), in column order
 * @param referenceRows rows with every joint feature finite in the reference
 * @param currentRows   the same in the current data
 * @param note          what was dropped or regularised, or why nothing was computed; null when clean
 */
public record JointComparison(List<String> columns, Double klNats, List<Pair> pairs, long referenceRows, long currentRows, String note) {

  /** The ridge factor: {@code λ = RIDGE · mean diagonal entry}. */
  public static final double RIDGE = 1e-9;

  /** One pair of features: their correlations and Fisher's two-sided p-value for the difference. */
  public record Pair(String a, String b, double referenceCorrelation, double currentCorrelation, double pValue) {
    /** {@code |ρ_ref − ρ_cur|}. */
    public double shift() {
      return Math.abs(referenceCorrelation - currentCorrelation);
    }
  }

  public JointComparison {
    columns = List.copyOf(columns);
    pairs = List.copyOf(pairs);
  }

  /** The largest {@link Pair#shift()}, or null with no pairs. */
  public Double correlationShift() {
    return pairs.stream().mapToDouble(Pair::shift).max().stream().boxed().findFirst().orElse(null);
  }

  /** The {@code limit} pairs of largest shift, largest first (ties in column order). */
  public List<Pair> topPairs(int limit) {
    return pairs.stream().sorted(Comparator.comparingDouble(Pair::shift).reversed()).limit(limit).toList();
  }

  /** Compares two states over the same columns. */
  public static JointComparison compare(CoMoments reference, CoMoments current) {
    if (!reference.columns().equals(current.columns())) {
      return new JointComparison(reference.columns(), null, List.of(), reference.count(), current.count(),
          "joint features differ (reference " + reference.columns() + ", current " + current.columns() + "): no joint drift");
    }
    long n1 = reference.count();
    long n2 = current.count();
    if (n1 < 2 || n2 < 2) {
      return new JointComparison(reference.columns(), null, List.of(), n1, n2,
          "joint: fewer than 2 rows with every joint feature finite (" + n1 + " reference / " + n2 + " current)");
    }
    List<String> columns = reference.columns();
    int d = columns.size();
    double[] m1 = reference.means();
    double[] m2 = current.means();
    double[][] s1 = reference.covariance();
    double[][] s2 = current.covariance();
    List<Integer> kept = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      if (s1[i][i] > 0 && s2[i][i] > 0 && Double.isFinite(s1[i][i]) && Double.isFinite(s2[i][i])) {
        kept.add(i);
      } else {
        dropped.add(columns.get(i));
      }
    }
    List<Pair> pairs = new ArrayList<>();
    for (int x = 0; x < kept.size(); x++) {
      for (int y = x + 1; y < kept.size(); y++) {
        int i = kept.get(x);
        int j = kept.get(y);
        double r1 = correlation(s1, i, j);
        double r2 = correlation(s2, i, j);
        pairs.add(new Pair(columns.get(i), columns.get(j), r1, r2, CorrelationTest.pValue(r1, n1, r2, n2)));
      }
    }
    List<String> notes = new ArrayList<>();
    if (!dropped.isEmpty()) {
      notes.add("joint KL drops constant " + String.join(", ", dropped));
    }
    Double kl = null;
    if (!kept.isEmpty()) {
      int k = kept.size();
      double[] a = new double[k];
      double[] b = new double[k];
      double[][] sa = new double[k][k];
      double[][] sb = new double[k][k];
      double trace = 0;
      for (int x = 0; x < k; x++) {
        a[x] = m1[kept.get(x)];
        b[x] = m2[kept.get(x)];
        for (int y = 0; y < k; y++) {
          sa[x][y] = s1[kept.get(x)][kept.get(y)];
          sb[x][y] = s2[kept.get(x)][kept.get(y)];
        }
        trace += sa[x][x] + sb[x][x];
      }
      try {
        kl = MultivariateGaussianKl.nats(a, sa, b, sb);
      } catch (MultivariateGaussianKl.SingularCovariance singular) {
        double ridge = RIDGE * trace / (2 * k);
        for (int x = 0; x < k; x++) {
          sa[x][x] += ridge;
          sb[x][x] += ridge;
        }
        try {
          kl = MultivariateGaussianKl.nats(a, sa, b, sb);
          notes.add(String.format(java.util.Locale.ROOT,
              "joint covariance singular (collinear features): ridge %.3g = 1e-9 * trace/d added to both", ridge));
        } catch (MultivariateGaussianKl.SingularCovariance stillSingular) {
          notes.add("joint covariance singular even with a ridge: no joint KL");
        }
      }
    }
    return new JointComparison(columns, kl, pairs, n1, n2, notes.isEmpty() ? null : String.join("; ", notes));
  }

  private static double correlation(double[][] sigma, int i, int j) {
    return Math.max(-1.0, Math.min(1.0, sigma[i][j] / Math.sqrt(sigma[i][i] * sigma[j][j])));
  }
}
