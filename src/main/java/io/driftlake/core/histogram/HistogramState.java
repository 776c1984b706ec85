package io.driftlake.core.histogram;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The mergeable state of one feature's histogram over frozen bins: a count per bin, the number of
 * missing values (null or NaN), and the count, mean and sum of squared deviations of the finite
 * values (Welford; merged with Chan et al.'s pairwise update), from which exact means and population
 * variances follow. Two states over the same bins merge by adding counts, so daily states roll up
 * into weekly ones without a rescan.
 *
 * <p>A Java bean (public no-arg constructor, getters and setters) so that Spark's bean encoder can
 * carry it as an {@code Aggregator} buffer; it has no Spark dependency.
 */
public final class HistogramState implements Serializable {
  private static final long serialVersionUID = 1L;

  private long[] binCounts = new long[0];
  private long missingCount;
  private long finiteCount;
  private double finiteMean;
  private double finiteSquaredDeviations;
  /**
   * With a label column: the joint counts of (this feature's bin, the label's bin), row-major
   * {@code [bin * labelBins + labelBin]}, over rows where neither is missing; empty otherwise.
   */
  private long[] jointLabelCounts = new long[0];
  /** Values equal to 0 (numeric, from a universal state); -1 when unknown (frozen-bin counting). */
  private long zeroCount = -1;
  /** Distinct non-missing values (exact or estimated, from a universal state); -1 when unknown. */
  private long distinctCount = -1;

  public HistogramState() {}

  /** An empty state over {@code bins} bins. */
  public static HistogramState empty(int bins) {
    HistogramState state = new HistogramState();
    state.binCounts = new long[bins];
    return state;
  }

  /** Counts one numeric value: NaN is missing; the value goes to its bin; finite values feed the moments. */
  public HistogramState addNumeric(BinEdges edges, double value) {
    if (Double.isNaN(value)) {
      missingCount++;
      return this;
    }
    binCounts[edges.binOf(value)]++;
    if (Double.isFinite(value)) {
      finiteCount++;
      double delta = value - finiteMean;
      finiteMean += delta / finiteCount;
      finiteSquaredDeviations += delta * (value - finiteMean);
    }
    return this;
  }

  /** Counts one categorical value in its bin. */
  public HistogramState addCategory(CategoryBins bins, String value) {
    binCounts[bins.binOf(value)]++;
    return this;
  }

  /** Counts one null (or NaN) value. */
  public HistogramState addMissing() {
    missingCount++;
    return this;
  }

  /** Adds {@code other} into this state (same bins); returns this. */
  public HistogramState merge(HistogramState other) {
    if (other.binCounts.length != binCounts.length) {
      throw new IllegalArgumentException("cannot merge histograms with " + binCounts.length + " and "
          + other.binCounts.length + " bins: states merge only over the same frozen edges");
    }
    for (int i = 0; i < binCounts.length; i++) {
      binCounts[i] += other.binCounts[i];
    }
    missingCount += other.missingCount;
    zeroCount = zeroCount < 0 || other.zeroCount < 0 ? -1 : zeroCount + other.zeroCount;
    distinctCount = -1; // distinct counts do not add
    if (other.jointLabelCounts.length > 0) {
      if (jointLabelCounts.length == 0) {
        jointLabelCounts = new long[other.jointLabelCounts.length];
      } else if (jointLabelCounts.length != other.jointLabelCounts.length) {
        throw new IllegalArgumentException("cannot merge joint label histograms of different label bins");
      }
      for (int i = 0; i < jointLabelCounts.length; i++) {
        jointLabelCounts[i] += other.jointLabelCounts[i];
      }
    }
    if (other.finiteCount > 0) {
      finiteSquaredDeviations = Moments.mergedSquaredDeviations(finiteCount, finiteMean, finiteSquaredDeviations,
          other.finiteCount, other.finiteMean, other.finiteSquaredDeviations);
      finiteMean = Moments.mergedMean(finiteCount, finiteMean, other.finiteCount, other.finiteMean);
      finiteCount += other.finiteCount;
    }
    return this;
  }

  /** Non-missing values: the sum of the bin counts. */
  public long valueCount() {
    long sum = 0;
    for (long c : binCounts) {
      sum += c;
    }
    return sum;
  }

  /** All rows seen: values plus missing. */
  public long rowCount() {
    return valueCount() + missingCount;
  }

  /** Population variance of the finite values ({@code ddof = 0}); NaN when there are none. */
  public double finiteVariance() {
    return finiteCount == 0 ? Double.NaN : finiteSquaredDeviations / finiteCount;
  }

  public HistogramState copy() {
    HistogramState copy = new HistogramState();
    copy.binCounts = binCounts.clone();
    copy.missingCount = missingCount;
    copy.finiteCount = finiteCount;
    copy.finiteMean = finiteMean;
    copy.finiteSquaredDeviations = finiteSquaredDeviations;
    copy.jointLabelCounts = jointLabelCounts.clone();
    copy.zeroCount = zeroCount;
    copy.distinctCount = distinctCount;
    return copy;
  }

  // Bean accessors for Spark's encoder.

  public long getZeroCount() {
    return zeroCount;
  }

  public void setZeroCount(long zeroCount) {
    this.zeroCount = zeroCount;
  }

  public long getDistinctCount() {
    return distinctCount;
  }

  public void setDistinctCount(long distinctCount) {
    this.distinctCount = distinctCount;
  }

  public long[] getBinCounts() {
    return binCounts;
  }

  public void setBinCounts(long[] binCounts) {
    this.binCounts = binCounts;
  }

  public long getMissingCount() {
    return missingCount;
  }

  public void setMissingCount(long missingCount) {
    this.missingCount = missingCount;
  }

  public long getFiniteCount() {
    return finiteCount;
  }

  public void setFiniteCount(long finiteCount) {
    this.finiteCount = finiteCount;
  }

  public double getFiniteMean() {
    return finiteMean;
  }

  public void setFiniteMean(double finiteMean) {
    this.finiteMean = finiteMean;
  }

  public long[] getJointLabelCounts() {
    return jointLabelCounts;
  }

  public void setJointLabelCounts(long[] jointLabelCounts) {
    this.jointLabelCounts = jointLabelCounts == null ? new long[0] : jointLabelCounts;
  }

  public double getFiniteSquaredDeviations() {
    return finiteSquaredDeviations;
  }

  public void setFiniteSquaredDeviations(double finiteSquaredDeviations) {
    this.finiteSquaredDeviations = finiteSquaredDeviations;
  }

  /** Counts equal exactly; the moments equal to within floating-point merge order (see {@link #momentsClose}). */
  public boolean countsEqual(HistogramState other) {
    return Arrays.equals(binCounts, other.binCounts)
        && Arrays.equals(jointLabelCounts, other.jointLabelCounts)
        && missingCount == other.missingCount
        && finiteCount == other.finiteCount;
  }

  /** Moments equal to a relative tolerance (merge order changes the last bits of a floating-point sum). */
  public boolean momentsClose(HistogramState other, double relativeTolerance) {
    return close(finiteMean, other.finiteMean, relativeTolerance)
        && close(finiteSquaredDeviations, other.finiteSquaredDeviations, relativeTolerance);
  }

  private static boolean close(double a, double b, double tolerance) {
    return Math.abs(a - b) <= tolerance * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  @Override
  public String toString() {
    return "HistogramState{bins=" + Arrays.toString(binCounts) + ", missing=" + missingCount
        + ", finite=" + finiteCount + ", mean=" + finiteMean + ", m2=" + finiteSquaredDeviations + "}";
  }
}
