package io.driftlake.core.histogram;

import java.io.Serializable;

/**
 * The bin counts of many features in one {@code long[]}: feature {@code f} owns the slots
 * {@code [offset(f), offset(f) + bins(f)]}, its bins followed by one slot for missing values. One
 * buffer for every feature lets a single Aggregator count a whole row with one array increment per
 * feature. A Java bean, so Spark's bean encoder can carry it; merging adds slot by slot.
 */
public final class PackedCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  private long[] counts = new long[0];

  public PackedCounts() {}

  public static PackedCounts empty(int slots) {
    PackedCounts packed = new PackedCounts();
    packed.counts = new long[slots];
    return packed;
  }

  /** Adds {@code other} slot by slot; returns this. */
  public PackedCounts merge(PackedCounts other) {
    long[] theirs = other.counts;
    if (theirs.length != counts.length) {
      throw new IllegalArgumentException("packed counts of " + counts.length + " and " + theirs.length + " slots");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += theirs[i];
    }
    return this;
  }

  public long[] getCounts() {
    return counts;
  }

  public void setCounts(long[] counts) {
    this.counts = counts;
  }

  /** Where each feature's slots start, for features with these bin counts (each gets one extra missing slot). */
  public static int[] offsets(int[] binCounts) {
    int[] offsets = new int[binCounts.length + 1];
    for (int f = 0; f < binCounts.length; f++) {
      offsets[f + 1] = offsets[f] + binCounts[f] + 1;
    }
    return offsets;
  }
}
