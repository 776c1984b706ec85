package io.driftlake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The AUC and its p-value against scipy 1.17.1: {@code u = mannwhitneyu(cur, ref,
 * alternative='greater', method='asymptotic')}, AUC {@code = u.statistic / (len(cur) * len(ref))},
 * p {@code = u.pvalue} (computed once in Python and pasted here). Tolerance 1e-9 relative: both
 * sides compute the same closed form in doubles, the normal tail by different libraries.
 */
class ClassifierAucTest {
  private static final double RELATIVE = 1e-9;

  @Test
  void tiedScoresMatchScipy() {
    ClassifierAuc.Score s = ClassifierAuc.score(
        new double[] {0.9, 0.8, 0.8, 0.7, 0.6, 0.5, 0.5, 0.4, 0.3, 0.9},
        new double[] {0.5, 0.4, 0.4, 0.3, 0.2, 0.8, 0.1, 0.5, 0.3, 0.2, 0.6});
    assertThat(s.auc()).isCloseTo(0.8045454545454546, within(1e-15));
    assertThat(s.pValue()).isCloseTo(0.009567646703892034, within(0.009567646703892034 * RELATIVE));
    assertThat(s.currentRows()).isEqualTo(10);
    assertThat(s.referenceRows()).isEqualTo(11);
  }

  @Test
  void roundedRandomScoresMatchScipy() {
    // numpy default_rng(27): cur = round(uniform(0,1,40)**0.7, 2), ref = round(uniform(0,1,35), 2)
    double[] cur = {0.78, 0.44, 0.23, 0.45, 0.95, 0.85, 0.04, 0.32, 0.42, 0.96, 0.53, 0.3, 0.9, 0.93, 0.43, 0.48,
        0.82, 0.4, 0.85, 0.57, 0.74, 0.93, 0.08, 0.47, 0.83, 0.7, 0.22, 0.92, 0.98, 0.05, 0.56, 0.48, 0.93, 0.11, 0.9,
        0.35, 0.18, 0.58, 0.42, 0.67};
    double[] ref = {0.01, 0.99, 0.4, 0.65, 0.31, 0.79, 0.84, 0.95, 0.62, 0.18, 0.14, 0.06, 0.65, 0.92, 0.02, 0.44,
        0.91, 0.79, 0.1, 0.54, 0.99, 0.39, 0.68, 0.29, 0.45, 0.05, 0.61, 0.74, 0.41, 0.14, 0.62, 0.76, 0.56, 0.61, 0.72};
    ClassifierAuc.Score s = ClassifierAuc.score(cur, ref);
    assertThat(s.auc()).isCloseTo(0.5417857142857143, within(1e-15));
    assertThat(s.pValue()).isCloseTo(0.2689294045143664, within(0.2689294045143664 * RELATIVE));
  }

  @Test
  void aThousandScoresMatchScipy() {
    double[] cur = new double[500];
    double[] ref = new double[600];
    for (int i = 0; i < cur.length; i++) {
      cur[i] = (i * 7919 % 1000) / 1000.0 + 0.05;
    }
    for (int i = 0; i < ref.length; i++) {
      ref[i] = (i * 104729 % 997) / 997.0;
    }
    ClassifierAuc.Score s = ClassifierAuc.score(cur, ref);
    assertThat(s.auc()).isCloseTo(0.5565133333333333, within(1e-15));
    assertThat(s.pValue()).isCloseTo(0.0006158471463701807, within(0.0006158471463701807 * RELATIVE));
  }

  @Test
  void perfectSeparationIsAucOne() {
    ClassifierAuc.Score s = ClassifierAuc.score(new double[] {0.9, 0.8, 0.7}, new double[] {0.1, 0.2, 0.3});
    assertThat(s.auc()).isEqualTo(1.0);
    assertThat(s.pValue()).isCloseTo(0.04042779918502612, within(0.04042779918502612 * RELATIVE));
    assertThat(ClassifierAuc.score(new double[] {0.1, 0.2}, new double[] {0.8, 0.9}).auc()).isEqualTo(0.0);
  }

  @Test
  void cornerCases() {
    ClassifierAuc.Score tied = ClassifierAuc.score(new double[] {0.5, 0.5}, new double[] {0.5, 0.5, 0.5});
    assertThat(tied.auc()).isEqualTo(0.5);
    assertThat(tied.pValue()).isEqualTo(1.0); // scipy: statistic 3.0, pvalue 1.0
    ClassifierAuc.Score empty = ClassifierAuc.score(new double[0], new double[] {0.5});
    assertThat(empty.auc()).isNaN();
    assertThat(empty.pValue()).isNaN();
    assertThatThrownBy(() -> ClassifierAuc.score(new double[] {Double.NaN}, new double[] {0.5}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a classifier score is NaN");
  }
}
