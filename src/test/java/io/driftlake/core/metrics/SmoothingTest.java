package io.driftlake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Each smoothing mode on histograms with zero bins, against numpy/scipy (1.17.1):
 * eps(c, e): p = c/c.sum(); p = max(p, e); p/p.sum();  add(c, a): (c + a)/(c.sum() + len(c)*a);
 * rc = [10, 0, 5, 5], cc = [0, 8, 6, 6]; KL = scipy.stats.entropy(P, Q); psi = sum((Q-P)*log(Q/P)).
 */
class SmoothingTest {
  static final long[] REFERENCE = {10, 0, 5, 5};
  static final long[] CURRENT = {0, 8, 6, 6};
  static final double TOL = 1e-12;

  private static double[] kl(Smoothing smoothing) {
    double[] p = smoothing.apply(REFERENCE);
    double[] q = smoothing.apply(CURRENT);
    return new double[] {Divergences.klDivergence(p, q), Divergences.klDivergence(q, p), Divergences.psi(p, q)};
  }

  @Test
  void epsilonDefault() {
    assertThat(kl(Smoothing.epsilon(1e-4))).containsExactly(
        new double[] {4.166189793367795, 3.425818488949148, 7.592008282316941}, within(TOL));
  }

  @Test
  void epsilonLarger() {
    assertThat(kl(Smoothing.epsilon(0.01))).containsExactly(
        new double[] {1.8098632968078774, 1.5305192927402629, 3.340382589548141}, within(TOL));
  }

  @Test
  void additive() {
    assertThat(kl(Smoothing.additive(0.5))).containsExactly(
        new double[] {1.305149272398773, 1.1241706957380584, 2.4293199681368316}, within(TOL));
    assertThat(kl(Smoothing.additive(1))).containsExactly(
        new double[] {0.9304089693966147, 0.8139681433670508, 1.7443771127636656}, within(TOL));
  }

  @Test
  void noneLeavesZeroBinsInfinite() {
    double[] values = kl(Smoothing.none());
    assertThat(values[0]).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(values[1]).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(values[2]).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void smoothedDistributionsSumToOne() {
    for (Smoothing s : new Smoothing[] {Smoothing.epsilon(1e-4), Smoothing.additive(0.5), Smoothing.none()}) {
      double sum = 0;
      for (double v : s.apply(REFERENCE)) {
        sum += v;
      }
      assertThat(sum).as(s.label()).isCloseTo(1.0, within(1e-15));
    }
  }

  @Test
  void parsesEveryForm() {
    assertThat(Smoothing.parse("epsilon")).isEqualTo(Smoothing.epsilon(1e-4));
    assertThat(Smoothing.parse("epsilon:1e-6")).isEqualTo(Smoothing.epsilon(1e-6));
    assertThat(Smoothing.parse("additive")).isEqualTo(Smoothing.additive(0.5));
    assertThat(Smoothing.parse("additive:1")).isEqualTo(Smoothing.additive(1));
    assertThat(Smoothing.parse("none")).isEqualTo(Smoothing.none());
    assertThat(Smoothing.parse("epsilon:1e-4").label()).isEqualTo("epsilon:1.0E-4");
    assertThatThrownBy(() -> Smoothing.parse("laplace")).hasMessageContaining("unknown smoothing 'laplace'");
    assertThatThrownBy(() -> Smoothing.parse("epsilon:-1")).hasMessageContaining("positive");
    assertThatThrownBy(() -> Smoothing.parse("epsilon:x")).hasMessageContaining("'x' is not a number");
  }
}
