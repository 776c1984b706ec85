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
    int e = 0;
    for (int i = 0; i < d; i++) {
      double[] ci = scratch[i];
      for (int j = i; j < d; j++) {
        double[] cj = scratch[j];
        // four partial sums: the additions are independent, so they do not wait on each other's latency
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int t = 0;
        for (; t + 3 < m; t += 4) {
          s0 += ci[t] * cj[t];
          s1 += ci[t + 1] * cj[t + 1];
          s2 += ci[t + 2] * cj[t + 2];
          s3 += ci[t + 3] * cj[t + 3];
        }
        for (; t < m; t++) {
          s0 += ci[t] * cj[t];
        }
        block[e++] = (s0 + s1) + (s2 + s3);
      }
    }
    merge(count, means, comoments, m, blockMeans, block);
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
