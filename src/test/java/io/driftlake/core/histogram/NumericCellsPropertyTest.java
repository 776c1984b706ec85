package io.driftlake.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random properties of the merge: the level and cells depend only on the values. */
class NumericCellsPropertyTest {
  private static final double MOMENTS_TOLERANCE = 1e-9; // merge order changes the last bits only

  private static double value(Random random, int family) {
    return switch (family) {
      case 0 -> random.nextGaussian();
      case 1 -> Math.exp(random.nextGaussian() * 3);
      case 2 -> random.nextInt(50);
      case 3 -> 1000 + random.nextDouble() - 0.5;
      default -> random.nextInt(200) == 0 ? Double.NaN
          : random.nextInt(200) == 0 ? Double.POSITIVE_INFINITY
          : random.nextInt(200) == 0 ? Double.NEGATIVE_INFINITY
          : random.nextBoolean() ? -0.0 : random.nextGaussian() * 1e6;
    };
  }

  private static NumericCells state(int maxCells, double[] values) {
    NumericCells cells = new NumericCells(maxCells);
    for (double v : values) {
      cells.add(v);
    }
    return cells;
  }

  private static double[] sample(Random random, int n, int family) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = value(random, family);
    }
    return values;
  }

  @Test
  void mergeIsAssociativeAndCommutativeAcrossLevels() {
    Random random = new Random(21);
    for (int trial = 0; trial < 30; trial++) {
      int maxCells = 8 << random.nextInt(8);
      double[] a = sample(random, 1 + random.nextInt(3_000), random.nextInt(5));
      double[] b = sample(random, 1 + random.nextInt(3_000), random.nextInt(5));
      double[] c = sample(random, 1 + random.nextInt(30), random.nextInt(5));
      NumericCells left = state(maxCells, a).merge(state(maxCells, b)).merge(state(maxCells, c));
      NumericCells right = state(maxCells, a).merge(state(maxCells, b).merge(state(maxCells, c)));
      NumericCells swapped = state(maxCells, c).merge(state(maxCells, a)).merge(state(maxCells, b));
      double[] all = concat(a, b, c);
      NumericCells whole = state(maxCells, all);
      assertThat(left).as("trial %d", trial).isEqualTo(right).isEqualTo(swapped).isEqualTo(whole);
      assertThat(left.hashCode()).isEqualTo(whole.hashCode());
      assertThat(left.momentsClose(whole, MOMENTS_TOLERANCE)).isTrue();
      assertThat(swapped.momentsClose(right, MOMENTS_TOLERANCE)).isTrue();
    }
  }

  @Test
  void oneOrEightPartsGiveTheSameLevelCellsAndCounts() {
    Random random = new Random(22);
    for (int trial = 0; trial < 10; trial++) {
      int maxCells = trial % 2 == 0 ? NumericCells.MAX_CELLS_DEFAULT : 64;
      int family = trial % 5;
      double[] values = sample(random, 50_000, family);
      NumericCells whole = state(maxCells, values);
      List<NumericCells> parts = new ArrayList<>();
      for (int p = 0; p < 8; p++) {
        parts.add(new NumericCells(maxCells));
      }
      for (double v : values) {
        parts.get(random.nextInt(8)).add(v);
      }
      whole.addMissing();
      parts.get(random.nextInt(8)).addMissing();
      Collections.shuffle(parts, random);
      NumericCells merged = new NumericCells(maxCells);
      for (NumericCells part : parts) {
        merged.merge(part);
      }
      assertThat(merged.level()).isEqualTo(whole.level());
      assertThat(merged.cellKeys()).isEqualTo(whole.cellKeys());
      assertThat(merged.cellCounts(merged.cellKeys())).isEqualTo(whole.cellCounts(whole.cellKeys()));
      assertThat(merged).isEqualTo(whole);
      assertThat(merged.momentsClose(whole, MOMENTS_TOLERANCE)).isTrue();
    }
  }

  @Test
  void bytesRoundTrip() {
    Random random = new Random(23);
    for (int trial = 0; trial < 50; trial++) {
      NumericCells cells = state(4 << random.nextInt(12), sample(random, random.nextInt(5_000), random.nextInt(5)));
      if (random.nextBoolean()) {
        cells = cells.coarsenedTo(Math.max(NumericCells.MIN_LEVEL, cells.level() - random.nextInt(10)));
      }
      NumericCells back = NumericCells.fromBytes(cells.toBytes());
      assertThat(back).isEqualTo(cells);
      assertThat(back.level()).isEqualTo(cells.level());
      assertThat(back.cellKeys()).isEqualTo(cells.cellKeys());
      assertThat(back.momentsClose(cells, 0)).isTrue();
      assertThat(back.distinctCount()).isEqualTo(cells.distinctCount());
      if (cells.distinctExact()) { // a sketch lists its coupons in an order that depends on its history
        assertThat(back.toBytes()).isEqualTo(cells.toBytes());
      }
    }
  }

  private static double[] concat(double[]... parts) {
    int n = 0;
    for (double[] part : parts) {
      n += part.length;
    }
    double[] all = new double[n];
    int at = 0;
    for (double[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
