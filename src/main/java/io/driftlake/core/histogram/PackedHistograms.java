package io.driftlake.core.histogram;

import java.io.Serializable;

/**
 * The mergeable state of many features at once, in flat arrays, so that one Aggregator can count a
 * whole row with array increments only. Feature {@code f} owns the count slots
 * {@code [offset(f), offset(f+1))}: its bins, then one slot for missing values. Numeric feature
 * {@code n} (in numeric order) owns index {@code n} of the moment arrays (count, mean and sum of
 * squared deviations of its finite values; Welford, merged with Chan et al.). A Java bean, so Spark's
 * bean encoder can carry it.
 */
public final class PackedHistograms implements Serializable {
  private static final long serialVersionUID = 1L;

  private long[] counts = new long[0];
  private long[] finiteCounts = new long[0];
  private double[] means = new double[0];
  private double[] squaredDeviations = new double[0];
  /** Joint (feature bin, label bin) counts of every feature, when a label column is profiled; else empty. */
  private long[] jointCounts = new long[0];
  /** Rows where every joint feature was finite ({@link CoMoments}); the joint arrays are empty without joint features. */
  private long coMomentCount;
  private double[] coMomentMeans = new double[0];
  /** The co-moments' packed upper triangle ({@link CoMoments#index}). */
  private double[] coMoments = new double[0];

  public PackedHistograms() {}

  /**
   * Empty state of {@code slots} counts, {@code jointSlots} joint (feature bin, label bin) counts, the
   * moments of {@code numericFeatures} features and the co-moments of {@code jointFeatures} of them.
   */
  public static PackedHistograms empty(int slots, int numericFeatures, int jointSlots, int jointFeatures) {
    PackedHistograms packed = new PackedHistograms();
    packed.jointCounts = new long[jointSlots];
    packed.counts = new long[slots];
    packed.finiteCounts = new long[numericFeatures];
    packed.means = new double[numericFeatures];
    packed.squaredDeviations = new double[numericFeatures];
    packed.coMomentMeans = new double[jointFeatures];
    packed.coMoments = new double[CoMoments.triangle(jointFeatures)];
    return packed;
  }

  /**
   * Adds one row to the co-moments when the joint features' values ({@code numbers[at[k]]}) are all
   * finite; otherwise the row is not in the joint moments.
   */
  public void addJoint(double[] numbers, int[] at) {
    for (int k : at) {
      double v = numbers[k];
      if (!(v - v == 0)) { // NaN (also null) or infinite
        return;
      }
    }
    CoMoments.add(coMomentCount, coMomentMeans, coMoments, numbers, at);
    coMomentCount++;
  }

  /** The co-moments over {@code columns} (the joint features, in order). */
  public CoMoments coMomentsOf(java.util.List<String> columns) {
    return CoMoments.of(columns, coMomentCount, coMomentMeans, coMoments);
  }

  /** Where each feature's slots start (and, last, the total), for features with these bin counts. */
  public static int[] offsets(int[] binCounts) {
    int[] offsets = new int[binCounts.length + 1];
    for (int f = 0; f < binCounts.length; f++) {
      offsets[f + 1] = offsets[f] + binCounts[f] + 1;
    }
    return offsets;
  }

  /** Adds one finite value to numeric feature {@code n}'s moments (Welford). */
  public void addFinite(int n, double value) {
    long count = ++finiteCounts[n];
    double delta = value - means[n];
    means[n] += delta / count;
    squaredDeviations[n] += delta * (value - means[n]);
  }

  /** Adds {@code other} into this (same layout); returns this. */
  public PackedHistograms merge(PackedHistograms other) {
    if (other.counts.length != counts.length || other.means.length != means.length
        || other.jointCounts.length != jointCounts.length || other.coMomentMeans.length != coMomentMeans.length) {
      throw new IllegalArgumentException("packed histograms of different layouts cannot merge");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    for (int i = 0; i < jointCounts.length; i++) {
      jointCounts[i] += other.jointCounts[i];
    }
    CoMoments.merge(coMomentCount, coMomentMeans, coMoments, other.coMomentCount, other.coMomentMeans, other.coMoments);
    coMomentCount += other.coMomentCount;
    for (int n = 0; n < means.length; n++) {
      long theirs = other.finiteCounts[n];
      if (theirs == 0) {
        continue;
      }
      squaredDeviations[n] = Moments.mergedSquaredDeviations(finiteCounts[n], means[n], squaredDeviations[n],
          theirs, other.means[n], other.squaredDeviations[n]);
      means[n] = Moments.mergedMean(finiteCounts[n], means[n], theirs, other.means[n]);
      finiteCounts[n] += theirs;
    }
    return this;
  }

  /** Feature {@code f}'s state: its slots {@code [from, to)} (missing last), and numeric index {@code n} or -1. */
  public HistogramState unpack(int from, int to, int n) {
    HistogramState state = HistogramState.empty(to - from - 1);
    System.arraycopy(counts, from, state.getBinCounts(), 0, to - from - 1);
    state.setMissingCount(counts[to - 1]);
    if (n >= 0 && finiteCounts[n] > 0) {
      state.setFiniteCount(finiteCounts[n]);
      state.setFiniteMean(means[n]);
      state.setFiniteSquaredDeviations(squaredDeviations[n]);
    }
    return state;
  }

  /** Copies joint slots {@code [from, to)} into {@code state}'s joint label counts. */
  public void unpackJoint(HistogramState state, int from, int to) {
    state.setJointLabelCounts(java.util.Arrays.copyOfRange(jointCounts, from, to));
  }

  public long[] getJointCounts() {
    return jointCounts;
  }

  public void setJointCounts(long[] jointCounts) {
    this.jointCounts = jointCounts == null ? new long[0] : jointCounts;
  }

  public long getCoMomentCount() {
    return coMomentCount;
  }

  public void setCoMomentCount(long coMomentCount) {
    this.coMomentCount = coMomentCount;
  }

  public double[] getCoMomentMeans() {
    return coMomentMeans;
  }

  public void setCoMomentMeans(double[] coMomentMeans) {
    this.coMomentMeans = coMomentMeans == null ? new double[0] : coMomentMeans;
  }

  public double[] getCoMoments() {
    return coMoments;
  }

  public void setCoMoments(double[] coMoments) {
    this.coMoments = coMoments == null ? new double[0] : coMoments;
  }

  public long[] getCounts() {
    return counts;
  }

  public void setCounts(long[] counts) {
    this.counts = counts;
  }

  public long[] getFiniteCounts() {
    return finiteCounts;
  }

  public void setFiniteCounts(long[] finiteCounts) {
    this.finiteCounts = finiteCounts;
  }

  public double[] getMeans() {
    return means;
  }

  public void setMeans(double[] means) {
    this.means = means;
  }

  public double[] getSquaredDeviations() {
    return squaredDeviations;
  }

  public void setSquaredDeviations(double[] squaredDeviations) {
    this.squaredDeviations = squaredDeviations;
  }
}
