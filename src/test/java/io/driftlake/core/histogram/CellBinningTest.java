package io.driftlake.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CellBinningTest {

  private static NumericCells cellsOf(int maxCells, double... values) {
    NumericCells cells = new NumericCells(maxCells);
    for (double v : values) {
      cells.add(v);
    }
    return cells;
  }

  private static long[] recount(double[] values, BinEdges edges) {
    long[] counts = new long[edges.binCount()];
    for (double v : values) {
      if (!Double.isNaN(v)) {
        counts[edges.binOf(v)]++;
      }
    }
    return counts;
  }

  @Test
  void yearsGetOneBinEach() {
    double[] years = new double[400];
    for (int i = 0; i < years.length; i++) {
      years[i] = 2012 + i % 4;
    }
    NumericCells reference = cellsOf(8192, years);
    for (BinEdges edges : List.of(CellBinning.quantileEdges(reference, 20), CellBinning.equalWidthEdges(reference, 20))) {
      assertThat(edges.edges()).containsExactly(Double.NEGATIVE_INFINITY, 2012, 2013, 2014, 2015,
          Math.nextUp(2015.0), Double.POSITIVE_INFINITY);
      assertThat(CellBinning.binCounts(reference, edges)).containsExactly(0, 100, 100, 100, 100, 0);
    }
  }

  @Test
  void aSevenValuedIntegerGetsSevenBins() {
    Random random = new Random(1);
    double[] values = random.ints(10_000, -3, 4).asDoubleStream().toArray();
    BinEdges edges = CellBinning.quantileEdges(cellsOf(8192, values), 10);
    assertThat(edges.binCount()).isEqualTo(9);
    long[] counts = CellBinning.binCounts(cellsOf(8192, values), edges);
    assertThat(Arrays.stream(counts, 1, 8)).allMatch(c -> c > 0);
    assertThat(counts[0]).isZero();
    assertThat(counts[8]).isZero();
  }

  @Test
  void aNarrowDoubleKeepsItsQuantileBinsWithinOneCell() {
    Random random = new Random(2);
    double[] values = new double[100_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1000 + random.nextDouble() - 0.5;
    }
    NumericCells reference = cellsOf(8192, values);
    assertThat(reference.level()).isLessThan(NumericCells.EXACT_LEVEL);
    BinEdges edges = CellBinning.quantileEdges(reference, 20);
    long[] counts = CellBinning.binCounts(reference, edges);
    assertThat(counts).isEqualTo(recount(values, edges));
    long nonEmptyInner = Arrays.stream(counts, 1, counts.length - 1).filter(c -> c > 0).count();
    assertThat(nonEmptyInner).isGreaterThanOrEqualTo(15);
    long largestCell = Arrays.stream(reference.cellCounts(reference.cellKeys())).max().orElseThrow();
    long below = 0;
    for (int i = 1; i < counts.length - 2; i++) {
      below += counts[i];
      assertThat((double) below).isCloseTo(values.length * i / 20.0, org.assertj.core.data.Offset.offset((double) largestCell));
    }
    assertThat(counts[0]).isZero();
    assertThat(counts[counts.length - 1]).isZero();
  }

  @Test
  void exactReferenceCutsAtItsOwnValues() {
    Random random = new Random(4);
    double[] values = random.doubles(500).map(v -> Math.floor(v * 1000) / 7).toArray();
    NumericCells reference = cellsOf(8192, values);
    assertThat(reference.level()).isEqualTo(NumericCells.EXACT_LEVEL);
    double[] edges = CellBinning.quantileEdges(reference, 10).edges();
    double max = Arrays.stream(values).max().orElseThrow();
    for (int i = 1; i < edges.length - 1; i++) {
      double edge = edges[i];
      assertThat(Arrays.stream(values).anyMatch(v -> v == edge) || edge == Math.nextUp(max)).as("edge %s", edge).isTrue();
    }
    assertThat(edges[1]).isEqualTo(Arrays.stream(values).min().orElseThrow());
    assertThat(edges[edges.length - 2]).isEqualTo(Math.nextUp(max));
  }

  @Test
  void binCountsEqualARecountOfTheRawValues() {
    Random random = new Random(9);
    for (int trial = 0; trial < 12; trial++) {
      double[] ref = randomValues(random, 3_000);
      double[] cur = randomValues(random, 2_000);
      int maxCells = new int[] {4, 16, 64, 512, 8192}[trial % 5];
      NumericCells refCells = cellsOf(maxCells, ref);
      NumericCells curCells = cellsOf(maxCells, cur);
      int common = CellBinning.commonLevel(refCells, curCells);
      NumericCells commonRef = refCells.coarsenedTo(common);
      for (int bins : new int[] {1, 5, 20}) {
        for (BinEdges edges : List.of(CellBinning.quantileEdges(commonRef, bins), CellBinning.equalWidthEdges(commonRef, bins))) {
          assertThat(CellBinning.binCounts(curCells, edges)).as("trial %d, %s", trial, edges).isEqualTo(recount(cur, edges));
          assertThat(CellBinning.binCounts(refCells, edges)).isEqualTo(recount(ref, edges));
          assertThat(CellBinning.binCounts(commonRef, edges)).isEqualTo(recount(ref, edges));
        }
      }
    }
  }

  private static double[] randomValues(Random random, int n) {
    double[] values = new double[n];
    double scale = Math.exp(random.nextGaussian() * 5);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(100);
      values[i] = kind == 0 ? Double.POSITIVE_INFINITY
          : kind == 1 ? Double.NEGATIVE_INFINITY
          : kind == 2 ? Double.NaN
          : kind < 6 ? -0.0
          : kind < 10 ? 0.0
          : kind < 20 ? random.nextInt(20) - 10
          : random.nextGaussian() * scale;
    }
    return values;
  }

  @Test
  void infinitiesGoToTheOuterBinsAndMissingToNone() {
    NumericCells cells = cellsOf(8192, 1, 2, 3, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN).addMissing();
    long[] counts = CellBinning.binCounts(cells, CellBinning.quantileEdges(cells, 3));
    assertThat(counts).containsExactly(1, 1, 1, 1, 1);
  }

  @Test
  void aStateCoarserThanTheEdgesIsRejected() {
    double[] values = new Random(6).doubles(1_000).toArray();
    NumericCells fine = cellsOf(8192, values);
    BinEdges edges = CellBinning.quantileEdges(fine, 20);
    NumericCells coarse = fine.coarsenedTo(2);
    assertThatThrownBy(() -> CellBinning.binCounts(coarse, edges))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a bin edge cuts the cell [")
        .hasMessageContaining("of a state at level 2: the state is coarser than the level the edges were chosen at");
  }

  @Test
  void commonLevelIsTheCoarsest() {
    NumericCells exact = cellsOf(16, 1, 2, 3);
    NumericCells coarse = cellsOf(16, new Random(1).doubles(1_000).toArray());
    assertThat(CellBinning.commonLevel(exact, coarse)).isEqualTo(coarse.level()).isLessThan(52);
    assertThat(CellBinning.commonLevel(List.of(exact))).isEqualTo(52);
    assertThatThrownBy(() -> CellBinning.commonLevel(List.of())).hasMessage("commonLevel needs at least one state");
  }

  @Test
  void noFiniteValueGivesOneBinAndZeroBinsAreRejected() {
    NumericCells cells = cellsOf(8192, Double.NaN, Double.POSITIVE_INFINITY);
    assertThat(CellBinning.quantileEdges(cells, 10).edges()).containsExactly(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    assertThat(CellBinning.binCounts(cells, CellBinning.equalWidthEdges(cells, 10))).containsExactly(1);
    assertThatThrownBy(() -> CellBinning.quantileEdges(cells, 0)).hasMessage("bins must be at least 1 (got 0)");
  }

  @Test
  void aConstantReferenceAgainstNewValuesIsDrift() {
    NumericCells reference = cellsOf(8192, 3, 3, 3);
    BinEdges edges = CellBinning.quantileEdges(reference, 20);
    assertThat(CellBinning.binCounts(reference, edges)).containsExactly(0, 3, 0);
    assertThat(CellBinning.binCounts(cellsOf(8192, 3, 3, 4, 2), edges)).containsExactly(1, 2, 1);
  }
}
