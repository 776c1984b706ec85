package io.driftlake.core.metrics;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Closed-form KL divergence between two multivariate normals fitted to exact means and population
 * covariances, in nats:
 * {@code KL(N(μ1, Σ1) ‖ N(μ2, Σ2)) = ½[ln(det Σ2 / det Σ1) − d + tr(Σ2⁻¹Σ1) + (μ2 − μ1)ᵀ Σ2⁻¹ (μ2 − μ1)]}
 * (../shared/SEEDS.md, "Gaussians"). Argument order as {@link GaussianKl}: the first distribution is
 * the reference, so for {@code d = 1} the two agree. Both determinants and {@code Σ2⁻¹} come from
 * Cholesky factors (commons-math3), so both matrices must be symmetric positive definite;
 * {@link JointComparison} decides what to do with singular ones (a ridge) before calling this.
 */
public final class MultivariateGaussianKl {
  /**
   * Smallest pivot, relative to its diagonal entry, that a Cholesky factor may have: below it the
   * matrix counts as singular (a collinear feature). 1e-12 leaves ~4 significant digits of a
   * pivot computed in double precision (eps ≈ 2.2e-16).
   */
  public static final double RELATIVE_PIVOT = 1e-12;

  private MultivariateGaussianKl() {}

  /** Thrown when a covariance matrix is not (numerically) positive definite. */
  public static final class SingularCovariance extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SingularCovariance(String message) {
      super(message);
    }
  }

  /**
   * The divergence in nats, ≥ 0. NaN when an input is NaN; {@link SingularCovariance} when either
   * matrix is singular or near-singular (a Cholesky pivot below {@link #RELATIVE_PIVOT} of its
   * diagonal entry).
   */
  public static double nats(double[] mean1, double[][] covariance1, double[] mean2, double[][] covariance2) {
    int d = mean1.length;
    if (d == 0) {
      return 0.0;
    }
    for (int i = 0; i < d; i++) {
      if (Double.isNaN(mean1[i]) || Double.isNaN(mean2[i])) {
        return Double.NaN;
      }
    }
    RealMatrix s1 = new Array2DRowRealMatrix(covariance1);
    RealMatrix s2 = new Array2DRowRealMatrix(covariance2);
    CholeskyDecomposition c1 = cholesky(s1);
    CholeskyDecomposition c2 = cholesky(s2);
    double logDet1 = logDeterminant(c1);
    double logDet2 = logDeterminant(c2);
    DecompositionSolver solver = c2.getSolver();
    double trace = solver.solve(s1).getTrace();
    RealVector gap = new ArrayRealVector(mean2).subtract(new ArrayRealVector(mean1));
    double mahalanobis = gap.dotProduct(solver.solve(gap));
    double value = 0.5 * (logDet2 - logDet1 - d + trace + mahalanobis);
    return Math.max(0.0, value);
  }

  private static CholeskyDecomposition cholesky(RealMatrix sigma) {
    for (int i = 0; i < sigma.getRowDimension(); i++) {
      double v = sigma.getEntry(i, i);
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new SingularCovariance("variance " + v + " of dimension " + i);
      }
    }
    CholeskyDecomposition decomposition;
    try {
      // symmetry to 1e-9 relative (sums in another order differ in the last bits); positivity checked below
      decomposition = new CholeskyDecomposition(sigma, 1e-9, 0.0);
    } catch (NonPositiveDefiniteMatrixException e) {
      throw new SingularCovariance("not positive definite: " + e.getMessage());
    } catch (org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
      throw new IllegalArgumentException("covariance matrix is not symmetric: " + e.getMessage(), e);
    }
    RealMatrix l = decomposition.getL();
    for (int i = 0; i < sigma.getRowDimension(); i++) {
      double pivot = l.getEntry(i, i);
      if (!(pivot * pivot > RELATIVE_PIVOT * sigma.getEntry(i, i))) {
        throw new SingularCovariance("pivot " + pivot * pivot + " of dimension " + i + " below "
            + RELATIVE_PIVOT + " of its variance " + sigma.getEntry(i, i));
      }
    }
    return decomposition;
  }

  private static double logDeterminant(CholeskyDecomposition decomposition) {
    RealMatrix l = decomposition.getL();
    double sum = 0;
    for (int i = 0; i < l.getRowDimension(); i++) {
      sum += Math.log(l.getEntry(i, i));
    }
    return 2 * sum;
  }
}
