package io.driftlake.core.histogram;

import java.util.Arrays;
import java.util.List;

/**
 * The joint moments of a few numeric features over the rows where all of them are finite: the row
 * count {@code n}, the exact means and the co-moment matrix {@code C_ij = Σ (x_i − μ_i)(x_j − μ_j)},
 * so that the population covariance is {@code C / n}. Mergeable: two disjoint parts combine with
 * Chan, Golub and LeVeque's pairwise update extended to co-moments,
 * {@code C = C_A + C_B + δδᵀ · n_A n_B / n} with {@code δ = μ_B − μ_A}, {@code μ = μ_A + δ · n_B / n};
 * one row at a time it is Welford's update {@code C_ij += (x_i − μ_i)(x_j − μ_j) · (n − 1)/n} (old
 * means, new n). {@code C} is symmetric and stored as its upper triangle, row by row
 * ({@link #index}): {@code d(d+1)/2} doubles.
 */
public final class CoMoments {
  private final List<String> columns;
  private long count;
  private final double[] means;
  private final double[] comoments;

  private CoMoments(List<String> columns, long count, double[] means, double[] comoments) {
    int d = columns.size();
    if (means.length != d || comoments.length != triangle(d)) {
      throw new IllegalArgumentException("co-moments of " + d + " columns need " + d + " means and " + triangle(d)
          + " co-moments, not " + means.length + " and " + comoments.length);
    }
    this.columns = List.copyOf(columns);
    this.count = count;
    this.means = means;
    this.comoments = comoments;
  }

  /** No rows yet, over these columns. */
  public static CoMoments empty(List<String> columns) {
    return new CoMoments(columns, 0, new double[columns.size()], new double[triangle(columns.size())]);
  }

  /** From stored (or aggregated) values; the arrays are copied. */
  public static CoMoments of(List<String> columns, long count, double[] means, double[] comoments) {
    return new CoMoments(columns, count, means.clone(), comoments.clone());
  }

  /** {@code d(d+1)/2}: the upper triangle of a {@code d × d} matrix. */
  public static int triangle(int d) {
    return d * (d + 1) / 2;
  }

  /** Where {@code C_ij} ({@code i ≤ j}) lives in the packed upper triangle of a {@code d × d} matrix. */
  public static int index(int d, int i, int j) {
    if (i > j) {
      return index(d, j, i);
    }
    return i * d - i * (i - 1) / 2 + (j - i);
  }

  /**
   * Adds one row (Welford): {@code values[at[k]]} is column {@code k}'s value, all finite. Works on the
   * arrays directly so that the Aggregator's buffer needs no object per row.
   *
   * @param count the rows already in {@code means}/{@code comoments}
   */
  public static void add(long count, double[] means, double[] comoments, double[] values, int[] at) {
    long n = count + 1;
    double scale = (double) count / n;
    int d = at.length;
    int k = 0;
    for (int i = 0; i < d; i++) {
      double di = (values[at[i]] - means[i]) * scale;
      for (int j = i; j < d; j++) {
        comoments[k++] += di * (values[at[j]] - means[j]);
      }
    }
    for (int i = 0; i < d; i++) {
      means[i] += (values[at[i]] - means[i]) / n;
    }
  }

  /**
   * Adds {@code m} rows given column-wise (row {@code rows[t]} of each {@code columns[k]}, all finite) in
   * one block: the block's means and centred co-moments by two passes ({@code C_ij = Σ (x_i − x̄_i)(x_j − x̄_j)}),
   * then {@link #merge} into {@code means}/{@code comoments}. Same result as {@code m} calls of {@link #add}
   * up to rounding (~1e-15 relative), at a fraction of the cost: the inner loops run over contiguous
   * arrays. {@code scratch} holds at least {@code columns.length} arrays of at least {@code m} doubles.
   * The caller adds {@code m} to its count.
   */
  public static void addBlock(long count, double[] means, double[] comoments, double[][] columns, int[] rows, int m,
      double[][] scratch) {
    if (m == 0) {
      return;
    }
    int d = columns.length;
    double[] blockMeans = new double[d];
    for (int k = 0; k < d; k++) {
      double[] x = columns[k];
      double[] centred = scratch[k];
      double sum = 0;
      for (int t = 0; t < m; t++) {
        double v = x[rows[t]];
        centred[t] = v;
        sum += v;
      }
      double mean = sum / m;
      double correction = 0;
      for (int t = 0; t < m; t++) {
        centred[t] -= mean;
        correction += centred[t];
      }
      // second-pass correction of the mean (the sum of deviations is 0 up to rounding)
      mean += correction / m;
      double shift = correction / m;
      for (int t = 0; t < m; t++) {
        centred[t] -= shift;
      }
      blockMeans[k] = mean;
    }
    double[] block = new double[triangle(d)];
    double[] tile = new double[4];
    // 2 x 2 columns at a time: each loaded value serves two products (the triangle's diagonal tiles
    // compute (i+1, i) too, equal to (i, i+1) bit for bit, and drop it)
    for (int i = 0; i < d; i += 2) {
      int i1 = Math.min(i + 1, d - 1);
      for (int j = i; j < d; j += 2) {
        int j1 = Math.min(j + 1, d - 1);
        products(scratch[i], scratch[i1], scratch[j], scratch[j1], m, tile);
        block[at(d, i, j)] = tile[0];
        if (j1 != j) {
          block[at(d, i, j1)] = tile[1];
        }
        if (i1 != i && i1 <= j) {
          block[at(d, i1, j)] = tile[2];
        }
        if (i1 != i && j1 != j) {
          block[at(d, i1, j1)] = tile[3];
        }
      }
    }
    merge(count, means, comoments, m, blockMeans, block);
  }

  /** The index of pair {@code (i, j)}, {@code i <= j}, in the upper triangle row by row. */
  private static int at(int d, int i, int j) {
    return i * d - i * (i - 1) / 2 + (j - i);
  }

  /**
   * {@code Σ_t x_a[t] y_b[t]} for the four pairs of {@code (a0, a1) x (b0, b1)} into {@code out}
   * ({@code a0·b0, a0·b1, a1·b0, a1·b1}) over {@code t < m}: each sum in four partial sums by
   * {@code t mod 4} (the tail into the first), added as {@code (s0 + s1) + (s2 + s3)}, so the additions do not
   * wait on each other's latency.
   */
  private static void products(double[] a0, double[] a1, double[] b0, double[] b1, int m, double[] out) {
    double p00a = 0, p00b = 0, p00c = 0, p00d = 0;
    double p01a = 0, p01b = 0, p01c = 0, p01d = 0;
    double p10a = 0, p10b = 0, p10c = 0, p10d = 0;
    double p11a = 0, p11b = 0, p11c = 0, p11d = 0;
    int t = 0;
    for (; t + 3 < m; t += 4) {
      double x0 = a0[t];
      double x1 = a1[t];
      double y0 = b0[t];
      double y1 = b1[t];
      p00a += x0 * y0;
      p01a += x0 * y1;
      p10a += x1 * y0;
      p11a += x1 * y1;
      x0 = a0[t + 1];
      x1 = a1[t + 1];
      y0 = b0[t + 1];
      y1 = b1[t + 1];
      p00b += x0 * y0;
      p01b += x0 * y1;
      p10b += x1 * y0;
      p11b += x1 * y1;
      x0 = a0[t + 2];
      x1 = a1[t + 2];
      y0 = b0[t + 2];
      y1 = b1[t + 2];
      p00c += x0 * y0;
      p01c += x0 * y1;
      p10c += x1 * y0;
      p11c += x1 * y1;
      x0 = a0[t + 3];
      x1 = a1[t + 3];
      y0 = b0[t + 3];
      y1 = b1[t + 3];
      p00d += x0 * y0;
      p01d += x0 * y1;
      p10d += x1 * y0;
      p11d += x1 * y1;
    }
    for (; t < m; t++) {
      p00a += a0[t] * b0[t];
      p01a += a0[t] * b1[t];
      p10a += a1[t] * b0[t];
      p11a += a1[t] * b1[t];
    }
    out[0] = (p00a + p00b) + (p00c + p00d);
    out[1] = (p01a + p01b) + (p01c + p01d);
    out[2] = (p10a + p10b) + (p10c + p10d);
    out[3] = (p11a + p11b) + (p11c + p11d);
  }

  /**
   * Merges part B into part A in place (Chan et al.); {@code countA}/{@code countB} are their rows.
   * The caller adds the counts.
   */
  public static void merge(long countA, double[] meansA, double[] comomentsA, long countB, double[] meansB,
      double[] comomentsB) {
    if (countB == 0) {
      return;
    }
    if (countA == 0) {
      System.arraycopy(meansB, 0, meansA, 0, meansA.length);
      System.arraycopy(comomentsB, 0, comomentsA, 0, comomentsA.length);
      return;
    }
    int d = meansA.length;
    double n = (double) countA + countB;
    double weight = (double) countA * countB / n;
    int k = 0;
    for (int i = 0; i < d; i++) {
      double di = meansB[i] - meansA[i];
      for (int j = i; j < d; j++) {
        comomentsA[k] = comomentsA[k] + comomentsB[k] + di * (meansB[j] - meansA[j]) * weight;
        k++;
      }
    }
    for (int i = 0; i < d; i++) {
      meansA[i] += (meansB[i] - meansA[i]) * countB / n;
    }
  }

  /** Adds {@code other} (the same columns, disjoint rows) into this; returns this. */
  public CoMoments merge(CoMoments other) {
    if (!other.columns.equals(columns)) {
      throw new IllegalArgumentException("co-moments of " + other.columns + " cannot merge into those of " + columns);
    }
    merge(count, means, comoments, other.count, other.means, other.comoments);
    count += other.count;
    return this;
  }

  public CoMoments copy() {
    return new CoMoments(columns, count, means.clone(), comoments.clone());
  }

  public List<String> columns() {
    return columns;
  }

  public int dimension() {
    return columns.size();
  }

  /** Rows where every column was finite. */
  public long count() {
    return count;
  }

  public double[] means() {
    return means.clone();
  }

  /** The packed upper triangle of {@code C} (not divided by n). */
  public double[] comoments() {
    return comoments.clone();
  }

  /** The population covariance matrix {@code C / n} (NaN with no rows). */
  public double[][] covariance() {
    int d = dimension();
    double[][] sigma = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        sigma[i][j] = comoments[index(d, i, j)] / count;
      }
    }
    return sigma;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CoMoments o && o.columns.equals(columns) && o.count == count
        && Arrays.equals(o.means, means) && Arrays.equals(o.comoments, comoments);
  }

  @Override
  public int hashCode() {
    return columns.hashCode() * 31 + Long.hashCode(count);
  }

  @Override
  public String toString() {
    return "CoMoments" + columns + "(n=" + count + ", means=" + Arrays.toString(means) + ", C="
        + Arrays.toString(comoments) + ")";
  }
}
