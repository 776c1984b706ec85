package io.driftlake.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.core.histogram.CoMoments;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pairs, top pairs and the singular cases of the joint comparison. */
class JointComparisonTest {
  private static final List<String> XYZ = List.of("x", "y", "z");

  private static CoMoments state(double[][] rows) {
    long count = 0;
    double[] means = new double[3];
    double[] comoments = new double[CoMoments.triangle(3)];
    for (double[] row : rows) {
      CoMoments.add(count++, means, comoments, row, new int[] {0, 1, 2});
    }
    return CoMoments.of(XYZ, count, means, comoments);
  }

  private static double[][] rows(java.util.Random random, int n, double rho, boolean constantZ, boolean collinearZ) {
    double[][] rows = new double[n][];
    for (int r = 0; r < n; r++) {
      double x = random.nextGaussian();
      double y = rho * x + Math.sqrt(1 - rho * rho) * random.nextGaussian();
      double z = constantZ ? 5.0 : collinearZ ? 2 * x - y : random.nextGaussian();
      rows[r] = new double[] {x, y, z};
    }
    return rows;
  }

  @Test
  void pairsAreTestedAndRankedByShift() {
    java.util.Random random = new java.util.Random(3);
    JointComparison joint = JointComparison.compare(state(rows(random, 2000, 0.8, false, false)),
        state(rows(random, 2000, -0.8, false, false)));
    assertThat(joint.pairs()).hasSize(3);
    assertThat(joint.topPairs(3).get(0)).satisfies(pair -> {
      assertThat(pair.a()).isEqualTo("x");
      assertThat(pair.b()).isEqualTo("y");
      assertThat(pair.referenceCorrelation()).isCloseTo(0.8, within(0.03));
      assertThat(pair.currentCorrelation()).isCloseTo(-0.8, within(0.03));
      assertThat(pair.pValue()).isLessThan(1e-100);
    });
    assertThat(joint.correlationShift()).isEqualTo(joint.topPairs(1).get(0).shift());
    assertThat(joint.klNats()).isGreaterThan(1.0);
    assertThat(joint.note()).isNull();
  }

  @Test
  void aConstantFeatureIsDroppedAndNamed() {
    java.util.Random random = new java.util.Random(4);
    JointComparison joint = JointComparison.compare(state(rows(random, 500, 0.5, true, false)),
        state(rows(random, 500, 0.5, true, false)));
    assertThat(joint.pairs()).extracting(JointComparison.Pair::b).containsExactly("y");
    assertThat(joint.klNats()).isNotNull().isCloseTo(0, within(0.05));
    assertThat(joint.note()).isEqualTo("joint KL drops constant z");
  }

  @Test
  void collinearFeaturesGetTheRidge() {
    java.util.Random random = new java.util.Random(5);
    JointComparison joint = JointComparison.compare(state(rows(random, 500, 0.5, false, true)),
        state(rows(random, 500, 0.5, false, true)));
    assertThat(joint.klNats()).isNotNull().isFinite();
    assertThat(joint.note()).startsWith("joint covariance singular (collinear features): ridge ")
        .endsWith(" = 1e-9 * trace/d added to both");
  }

  @Test
  void tooFewRowsAndDifferentColumnsSayWhy() {
    JointComparison few = JointComparison.compare(state(new double[][] {{1, 2, 3}}), state(new double[][] {{1, 2, 3}}));
    assertThat(few.klNats()).isNull();
    assertThat(few.note()).contains("fewer than 2 rows");
    JointComparison other = JointComparison.compare(CoMoments.empty(XYZ), CoMoments.empty(List.of("x", "y")));
    assertThat(other.note()).startsWith("joint features differ");
  }
}
