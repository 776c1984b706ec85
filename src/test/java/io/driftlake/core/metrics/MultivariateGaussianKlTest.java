package io.driftlake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The multivariate closed form (../shared/SEEDS.md, "Gaussians") against numpy:
 * {@code kl(m1,S1,m2,S2) = 0.5*(log(det(S2)/det(S1)) - d + trace(inv(S2)@S1) + dm@inv(S2)@dm)}, dm = m2 - m1.
 */
class MultivariateGaussianKlTest {

  @Test
  void oneDimensionEqualsTheUnivariateGaussianKl() {
    // kl([0.3], [[2.0]], [-0.4], [[0.5]]) = 1.2968528194400546
    double multivariate = MultivariateGaussianKl.nats(new double[] {0.3}, new double[][] {{2.0}}, new double[] {-0.4},
        new double[][] {{0.5}});
    assertThat(multivariate).isCloseTo(1.2968528194400546, within(1e-14));
    assertThat(multivariate).isCloseTo(GaussianKl.nats(0.3, 2.0, -0.4, 0.5), within(1e-14));
  }

  @Test
  void diagonalCovarianceIsTheSumOfTheUnivariateKls() {
    double[] m1 = {1, 2, 3};
    double[] v1 = {0.5, 2, 4};
    double[] m2 = {1.5, 1, 3};
    double[] v2 = {1, 3, 0.25};
    double sum = 0;
    for (int i = 0; i < 3; i++) {
      sum += GaussianKl.nats(m1[i], v1[i], m2[i], v2[i]);
    }
    double kl = MultivariateGaussianKl.nats(m1, new double[][] {{0.5, 0, 0}, {0, 2, 0}, {0, 0, 4}}, m2,
        new double[][] {{1, 0, 0}, {0, 3, 0}, {0, 0, 0.25}});
    assertThat(kl).isCloseTo(sum, within(1e-13));
  }

  @Test
  void fullThreeByThreeMatchesNumpy() {
    // m1=[1,-2,0.5]; S1=[[2,.6,-.3],[.6,1.5,.4],[-.3,.4,1]]; m2=[.7,-1.5,1]; S2=[[1.2,-.2,.1],[-.2,2.5,.7],[.1,.7,.9]]
    // kl(m1,S1,m2,S2) = 0.6480424140449912
    double kl = MultivariateGaussianKl.nats(new double[] {1.0, -2.0, 0.5},
        new double[][] {{2.0, 0.6, -0.3}, {0.6, 1.5, 0.4}, {-0.3, 0.4, 1.0}}, new double[] {0.7, -1.5, 1.0},
        new double[][] {{1.2, -0.2, 0.1}, {-0.2, 2.5, 0.7}, {0.1, 0.7, 0.9}});
    assertThat(kl).isCloseTo(0.6480424140449912, within(1e-13));
  }

  @Test
  void identicalIsZeroAndSingularIsRefused() {
    double[][] sigma = {{2, 1}, {1, 3}};
    assertThat(MultivariateGaussianKl.nats(new double[] {1, 2}, sigma, new double[] {1, 2}, sigma)).isCloseTo(0, within(1e-15));
    assertThatThrownBy(() -> MultivariateGaussianKl.nats(new double[] {0, 0}, new double[][] {{1, 2}, {2, 4}},
        new double[] {0, 0}, sigma)).isInstanceOf(MultivariateGaussianKl.SingularCovariance.class)
        .hasMessageContaining("not positive definite");
    // near-singular: the second pivot is 1e-14, far below 1e-12 of its variance
    assertThatThrownBy(() -> MultivariateGaussianKl.nats(new double[] {0, 0}, new double[][] {{1, 2}, {2, 4 + 1e-14}},
        new double[] {0, 0}, sigma)).isInstanceOf(MultivariateGaussianKl.SingularCovariance.class)
        .hasMessageContaining("pivot");
    assertThatThrownBy(() -> MultivariateGaussianKl.nats(new double[] {0, 0}, new double[][] {{0, 0}, {0, 4}},
        new double[] {0, 0}, sigma)).isInstanceOf(MultivariateGaussianKl.SingularCovariance.class)
        .hasMessageContaining("variance 0.0");
  }
}
