package io.driftlake.core.histogram;

import java.util.Random;

/**
 * Not a test: {@code java -cp target/classes:target/test-classes io.driftlake.core.histogram.NumericCellsBench}.
 * One thread, 10M values per distribution, best of 7 runs of {@link NumericCells#add} (one value at a
 * time) and of {@link NumericCells#addAll} (batches of {@value #BATCH}, as a columnar batch).
 */
public final class NumericCellsBench {
  private static final int BATCH = 4096;

  private NumericCellsBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    Random random = new Random(1);
    double[] gaussian = new double[n];
    double[] lognormal = new double[n];
    double[] narrow = new double[n];
    double[] sevenValues = new double[n];
    double[] seconds = new double[n];
    for (int i = 0; i < n; i++) {
      gaussian[i] = random.nextGaussian();
      lognormal[i] = Math.exp(random.nextGaussian());
      narrow[i] = 1000 + random.nextDouble() - 0.5;
      sevenValues[i] = random.nextInt(7);
      seconds[i] = 1.7e9 + random.nextInt(30 * 86_400);
    }
    double[] withNulls = gaussian.clone();
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < 0.02) {
        withNulls[i] = Double.NaN; // a null, as the columnar engine decodes it
      }
    }
    double[] sortedSeconds = seconds.clone();
    java.util.Arrays.sort(sortedSeconds); // event-time order, as files often are
    long sink = 0;
    for (var entry : new Object[][] {{"N(0,1)", gaussian}, {"N(0,1), 2% null", withNulls}, {"lognormal", lognormal}, {"1000 ± 0.5", narrow},
        {"seven integers", sevenValues}, {"a month of seconds", seconds},
        {"... in time order", sortedSeconds}}) {
      double[] values = (double[]) entry[1];
      long best = Long.MAX_VALUE;
      int level = 0;
      for (int run = 0; run < 7; run++) {
        long start = System.nanoTime();
        NumericCells cells = new NumericCells();
        for (double v : values) {
          cells.add(v);
        }
        best = Math.min(best, System.nanoTime() - start);
        sink += cells.cellCount();
        level = cells.level();
      }
      long bestAll = Long.MAX_VALUE;
      for (int run = 0; run < 7; run++) {
        long start = System.nanoTime();
        NumericCells cells = new NumericCells();
        for (int from = 0; from < n; from += BATCH) {
          cells.addAll(values, from, Math.min(n, from + BATCH));
        }
        bestAll = Math.min(bestAll, System.nanoTime() - start);
        sink += cells.cellCount();
      }
      System.out.printf("%-20s level %2d  add %.2f ns/value  addAll %.2f ns/value%n", entry[0], level,
          (double) best / n, (double) bestAll / n);
    }
    // a table's numeric columns, batch by batch: 16 states in turn, as the columnar engine counts a batch
    double[][] columns = {gaussian, withNulls, lognormal, narrow, gaussian, withNulls, lognormal, narrow, gaussian,
        withNulls, lognormal, narrow, gaussian, withNulls, lognormal, narrow};
    int rows = n / 4;
    long bestColumns = Long.MAX_VALUE;
    for (int run = 0; run < 7; run++) {
      NumericCells[] states = new NumericCells[columns.length];
      for (int f = 0; f < states.length; f++) {
        states[f] = new NumericCells();
      }
      long start = System.nanoTime();
      for (int from = 0; from < rows; from += BATCH) {
        for (int f = 0; f < states.length; f++) {
          states[f].addAll(columns[f], from + f * 997 % (n - rows), Math.min(rows, from + BATCH) + f * 997 % (n - rows));
        }
      }
      bestColumns = Math.min(bestColumns, System.nanoTime() - start);
      sink += states[3].cellCount();
    }
    System.out.printf("%-20s addAll %.2f ns/value%n", "16 columns in turn", (double) bestColumns / ((long) rows * columns.length));
    // baselines on the same machine and data: a plain sum, and today's frozen edges (22 quantile bins)
    double[] quantiles = new double[19];
    double[] sorted = gaussian.clone();
    java.util.Arrays.sort(sorted);
    for (int i = 1; i < 20; i++) {
      quantiles[i - 1] = sorted[(int) ((long) n * i / 20)];
    }
    BinEdges edges = NumericBinning.quantile(sorted[0], sorted[n - 1], quantiles);
    long bestSum = Long.MAX_VALUE;
    long bestEdges = Long.MAX_VALUE;
    double total = 0;
    for (int run = 0; run < 7; run++) {
      long start = System.nanoTime();
      for (double v : gaussian) {
        total += v;
      }
      bestSum = Math.min(bestSum, System.nanoTime() - start);
      long[] counts = new long[edges.binCount()];
      start = System.nanoTime();
      for (double v : gaussian) {
        counts[edges.binOf(v)]++;
      }
      bestEdges = Math.min(bestEdges, System.nanoTime() - start);
      sink += counts[1];
    }
    System.out.printf("%-20s %.2f ns/value%n", "baseline: sum", (double) bestSum / n);
    System.out.printf("%-20s %.2f ns/value%n", "baseline: binOf x22", (double) bestEdges / n);
    System.out.println("(sink " + sink + ", " + total + ")");
  }
}
