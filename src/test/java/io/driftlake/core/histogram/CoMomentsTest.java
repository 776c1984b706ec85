package io.driftlake.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The co-moment algebra the profilers rely on: Welford per row, Chan's merge, against numpy. */
class CoMomentsTest {
  private static final List<String> XYZ = List.of("x", "y", "z");

  private static CoMoments of(double[][] rows) {
    long count = 0;
    double[] means = new double[3];
    double[] comoments = new double[CoMoments.triangle(3)];
    for (double[] row : rows) {
      CoMoments.add(count++, means, comoments, row, new int[] {0, 1, 2});
    }
    return CoMoments.of(XYZ, count, means, comoments);
  }

  @Test
  void aBlockOfRowsGivesNumpysMomentsAndMergesIntoEarlierRows() {
    // the same X as below, given column-wise, rows 1..4 as one block after row 0 was added alone;
    // rows[] picks them out of longer columns (a batch where row 5 was not finite)
    double[][] columns = {{1, 2, 4, 7, 11, 99}, {3, 1, 4, 1, 5, 99}, {2, 7, 1, 8, 2, 99}};
    double[] means = new double[3];
    double[] comoments = new double[CoMoments.triangle(3)];
    CoMoments.add(0, means, comoments, new double[] {1, 3, 2}, new int[] {0, 1, 2});
    CoMoments.addBlock(1, means, comoments, columns, new int[] {1, 2, 3, 4}, 4, new double[3][4]);
    CoMoments state = CoMoments.of(XYZ, 5, means, comoments);
    assertThat(state.means()).containsExactly(new double[] {5.0, 2.8, 4.0}, within(1e-14));
    // np.cov(X, bias=True)
    double[][] expected = {{13.2, 2.6, -0.4}, {2.6, 2.56, -4.2}, {-0.4, -4.2, 8.4}};
    double[][] sigma = state.covariance();
    for (int i = 0; i < 3; i++) {
      assertThat(sigma[i]).containsExactly(expected[i], within(1e-12));
    }
  }

  @Test
  void packedIndexIsTheUpperTriangleRowByRow() {
    assertThat(CoMoments.index(4, 0, 0)).isZero();
    assertThat(CoMoments.index(4, 0, 3)).isEqualTo(3);
    assertThat(CoMoments.index(4, 1, 1)).isEqualTo(4);
    assertThat(CoMoments.index(4, 3, 3)).isEqualTo(9);
    assertThat(CoMoments.index(4, 2, 1)).isEqualTo(CoMoments.index(4, 1, 2)).isEqualTo(5);
  }

  @Test
  void meansAndPopulationCovarianceMatchNumpy() {
    // X = [[1,2,4,7,11],[3,1,4,1,5],[2,7,1,8,2]]: X.mean(1) and np.cov(X, bias=True)
    CoMoments state = of(new double[][] {{1, 3, 2}, {2, 1, 7}, {4, 4, 1}, {7, 1, 8}, {11, 5, 2}});
    assertThat(state.count()).isEqualTo(5);
    assertThat(state.means()).containsExactly(new double[] {5.0, 2.8, 4.0}, within(1e-14));
    double[][] expected = {{13.2, 2.6, -0.4}, {2.6, 2.56, -4.2}, {-0.4, -4.2, 8.4}};
    double[][] sigma = state.covariance();
    for (int i = 0; i < 3; i++) {
      assertThat(sigma[i]).containsExactly(expected[i], within(1e-12));
    }
  }

  @Test
  void mergeOfPartsEqualsTheWhole() {
    Random random = new Random(11);
    double[][] rows = new double[3000][];
    for (int r = 0; r < rows.length; r++) {
      double a = 1e6 + random.nextGaussian();
      rows[r] = new double[] {a, 0.5 * a + random.nextGaussian(), -3 + 0.01 * random.nextGaussian()};
    }
    CoMoments whole = of(rows);
    // uneven parts, one empty, merged in a different order
    CoMoments merged = CoMoments.empty(XYZ);
    int[] cuts = {0, 7, 7, 1500, 2999, 3000};
    for (int p = cuts.length - 2; p >= 0; p--) {
      merged.merge(of(java.util.Arrays.copyOfRange(rows, cuts[p], cuts[p + 1])));
    }
    assertThat(merged.count()).isEqualTo(whole.count());
    // relative to the values (1e6): rounding only
    assertThat(merged.means()).containsExactly(whole.means(), within(1e-8));
    double[] a = merged.comoments();
    double[] b = whole.comoments();
    for (int k = 0; k < a.length; k++) {
      assertThat(a[k]).isCloseTo(b[k], within(1e-9 * Math.abs(b[k]) + 1e-9));
    }
  }

  @Test
  void emptyIsNeutralAndDifferentColumnsDoNotMerge() {
    CoMoments state = of(new double[][] {{1, 2, 3}, {2, 2, 5}});
    CoMoments copy = state.copy().merge(CoMoments.empty(XYZ));
    assertThat(copy).isEqualTo(state);
    assertThat(CoMoments.empty(XYZ).merge(state)).isEqualTo(state);
    assertThatThrownBy(() -> state.copy().merge(CoMoments.empty(List.of("x", "y"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot merge");
  }

  @Test
  void blocksOfAnyWidthAndLengthGiveThePairwiseSumsOfCentredProducts() {
    // the block kernel takes columns two by two; odd widths, short blocks and tails of 1-3 rows are its edges
    Random random = new Random(11);
    for (int d : new int[] {1, 2, 3, 5, 6, 20}) {
      for (int m : new int[] {1, 3, 7, 64, 4097}) {
        double[][] columns = new double[d][m];
        int[] rows = new int[m];
        for (int t = 0; t < m; t++) {
          rows[t] = t;
          for (int k = 0; k < d; k++) {
            columns[k][t] = 3 * k + random.nextGaussian() * (k + 1);
          }
        }
        double[] means = new double[d];
        double[] comoments = new double[CoMoments.triangle(d)];
        CoMoments.addBlock(0, means, comoments, columns, rows, m, new double[d][m]);
        int e = 0;
        for (int i = 0; i < d; i++) {
          for (int j = i; j < d; j++) {
            double mi = java.util.Arrays.stream(columns[i]).average().orElseThrow();
            double mj = java.util.Arrays.stream(columns[j]).average().orElseThrow();
            double expected = 0;
            for (int t = 0; t < m; t++) {
              expected += (columns[i][t] - mi) * (columns[j][t] - mj);
            }
            assertThat(comoments[e++]).as("d=%d m=%d pair (%d, %d)", d, m, i, j)
                .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
          }
          assertThat(means[i]).isCloseTo(java.util.Arrays.stream(columns[i]).average().orElseThrow(), within(1e-12 * (3 * i + 1)));
        }
      }
    }
  }
}
