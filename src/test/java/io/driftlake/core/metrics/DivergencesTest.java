package io.driftlake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Golden values: ../shared/SEEDS.md and scipy 1.17.1 (the call is written beside each value).
 * Tolerance 1e-12: the same closed formulas in double precision; only summation order differs.
 */
class DivergencesTest {
  // SEEDS: P = {1,1,2,2,3}, Q = {1,1,1,1,1,2,3,3,3,3}
  static final double[] P = {0.4, 0.4, 0.2};
  static final double[] Q = {0.5, 0.1, 0.4};
  static final double TOL = 1e-12;

  @Test
  void klMatchesSeedsInNatsAndBits() {
    double nats = Divergences.klDivergence(P, Q);
    assertThat(nats).isCloseTo(0.3266, within(5e-5)); // SEEDS: 0.3266 nats
    assertThat(LogBase.TWO.fromNats(nats)).isCloseTo(0.4712, within(5e-5)); // SEEDS: 0.4712 bits
    assertThat(nats).isCloseTo(0.32663088781028327, within(TOL)); // scipy.stats.entropy(p, q)
    assertThat(LogBase.TWO.fromNats(nats)).isCloseTo(0.47122876204505504, within(TOL)); // entropy(p, q, base=2)
  }

  @Test
  void klIsAsymmetric() {
    assertThat(Divergences.klDivergence(Q, P)).isCloseTo(0.25020121176909393, within(TOL)); // entropy(q, p)
  }

  @Test
  void klAnchors() {
    assertThat(Divergences.klDivergence(P, P)).isZero();
    assertThat(Divergences.klDivergence(new double[] {0.5, 0.5, 0}, new double[] {0.5, 0.5, 0})).isZero();
    // q_i = 0 < p_i: infinite, as scipy.stats.entropy([0.5, 0.5], [1, 0]) = inf
    assertThat(Divergences.klDivergence(new double[] {0.5, 0.5}, new double[] {1, 0})).isInfinite();
    // p_i = 0 terms contribute nothing: entropy([1, 0], [0.5, 0.5]) = ln 2
    assertThat(Divergences.klDivergence(new double[] {1, 0}, new double[] {0.5, 0.5})).isCloseTo(Math.log(2), within(TOL));
  }

  @Test
  void jensenShannonInBits() {
    // scipy.spatial.distance.jensenshannon(p, q, base=2) ** 2
    assertThat(Divergences.jsDivergenceBits(P, Q)).isCloseTo(0.09804499913461254, within(TOL));
    assertThat(Math.sqrt(Divergences.jsDivergenceBits(P, Q))).isCloseTo(0.31312138083275715, within(TOL));
    assertThat(Divergences.jsDivergenceBits(P, P)).isZero();
    assertThat(Divergences.jsDivergenceBits(new double[] {0.3, 0.7, 0, 0}, new double[] {0, 0, 0.9, 0.1})).isEqualTo(1.0);
    assertThat(Divergences.jsDivergenceBits(Q, P)).isCloseTo(Divergences.jsDivergenceBits(P, Q), within(TOL));
  }

  @Test
  void jensenShannonOnZeroBinsNeedsNoSmoothing() {
    double[] p = Divergences.proportions(new long[] {10, 0, 5, 5});
    double[] q = Divergences.proportions(new long[] {0, 8, 6, 6});
    // jensenshannon([10,0,5,5]/20, [0,8,6,6]/20, base=2) ** 2
    assertThat(Divergences.jsDivergenceBits(p, q)).isCloseTo(0.45328338368767385, within(TOL));
    // sqrt(1 - sum(sqrt(p*q)))
    assertThat(Divergences.hellinger(p, q)).isCloseTo(0.6725157563171542, within(TOL));
  }

  @Test
  void psiAndDistances() {
    assertThat(Divergences.psi(P, Q)).isCloseTo(0.5768320995793773, within(TOL)); // np.sum((q-p)*np.log(q/p))
    assertThat(Divergences.psi(P, Q)).isCloseTo(Divergences.klDivergence(P, Q) + Divergences.klDivergence(Q, P), within(TOL));
    assertThat(Divergences.hellinger(P, Q)).isCloseTo(0.26446869762870434, within(TOL));
    assertThat(Divergences.totalVariation(P, Q)).isCloseTo(0.3, within(TOL));
    assertThat(Divergences.lInfinity(P, Q)).isCloseTo(0.3, within(TOL));
    assertThat(Divergences.psi(P, P)).isZero();
    assertThat(Divergences.hellinger(P, P)).isZero();
    assertThat(Divergences.psi(new double[] {1, 0}, new double[] {0.5, 0.5})).isInfinite();
    assertThat(Divergences.hellinger(new double[] {1, 0}, new double[] {0, 1})).isEqualTo(1.0);
  }

  @Test
  void entropyMatchesSeeds() {
    assertThat(LogBase.TWO.fromNats(Divergences.entropy(new double[] {0.25, 0.25, 0.25, 0.25}))).isCloseTo(2.0, within(TOL));
    assertThat(LogBase.TWO.fromNats(Divergences.entropy(new double[] {0.1, 0.1, 0.1, 0.7}))).isCloseTo(1.3568, within(5e-5));
    // SEEDS corrects a printed 0.0313 to 0.0342; scipy.stats.entropy([.001,.001,.001,.999], base=2)
    assertThat(LogBase.TWO.fromNats(Divergences.entropy(new double[] {0.001, 0.001, 0.001, 0.999})))
        .isCloseTo(0.0341592812943841, within(TOL));
  }

  @Test
  void crossEntropyIsEntropyPlusKl() {
    double crossEntropy = 0;
    for (int i = 0; i < P.length; i++) {
      crossEntropy -= P[i] * Math.log(Q[i]);
    }
    assertThat(crossEntropy).isCloseTo(Divergences.entropy(P) + Divergences.klDivergence(P, Q), within(TOL));
  }

  @Test
  void batchMeanKlOfSeedsSoftmaxExample() {
    // SEEDS: logits [[0.5,1.0,0.8],[0.2,0.4,0.6]] -> softmax; target [[0.3,0.4,0.3],[0.1,0.5,0.4]];
    // KL(target‖softmax) batchmean = 0.05780 nats
    double[][] logits = {{0.5, 1.0, 0.8}, {0.2, 0.4, 0.6}};
    double[][] target = {{0.3, 0.4, 0.3}, {0.1, 0.5, 0.4}};
    double sum = 0;
    for (int row = 0; row < 2; row++) {
      double[] softmax = new double[3];
      double z = 0;
      for (int i = 0; i < 3; i++) {
        softmax[i] = Math.exp(logits[row][i]);
        z += softmax[i];
      }
      for (int i = 0; i < 3; i++) {
        softmax[i] /= z;
      }
      sum += Divergences.klDivergence(target[row], softmax);
    }
    assertThat(sum / 2).isCloseTo(0.05780, within(5e-6));
  }

  @Test
  void mutualInformationMatchesTheContingencyFormula() {
    // numpy, the formula of sklearn.metrics.mutual_info_score:
    //   t = np.array([[10,0,5],[3,7,2],[0,4,9],[1,1,1]]); pxy = t/t.sum(); px = pxy.sum(1, keepdims=True)
    //   py = pxy.sum(0, keepdims=True); m = pxy > 0; (pxy[m] * np.log(pxy[m] / (px @ py)[m])).sum()
    //   -> 0.33530757651005433 nats
    long[] joint = {10, 0, 5, 3, 7, 2, 0, 4, 9, 1, 1, 1};
    assertThat(Divergences.mutualInformation(joint, 3)).isCloseTo(0.33530757651005433, within(1e-12));
    // I(X;Y) = KL(p(x,y) || p(x)p(y)), the seeds' definition, computed the other way round
    double[] pxy = Divergences.proportions(joint);
    double[] product = new double[12];
    double[] px = {15 / 43.0, 12 / 43.0, 13 / 43.0, 3 / 43.0};
    double[] py = {14 / 43.0, 12 / 43.0, 17 / 43.0};
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        product[i * 3 + j] = px[i] * py[j];
      }
    }
    assertThat(Divergences.mutualInformation(joint, 3)).isCloseTo(Divergences.klDivergence(pxy, product), within(1e-12));
    assertThat(Divergences.mutualInformation(new long[] {5, 5, 5, 5}, 2)).isZero(); // independent
    assertThat(Divergences.mutualInformation(new long[] {7, 0, 0, 7}, 2)).isCloseTo(Math.log(2), within(1e-15)); // = H(Y)
    assertThat(Divergences.mutualInformation(new long[] {0, 0}, 2)).isNaN();
  }
}
