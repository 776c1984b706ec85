package io.driftlake.core.histogram;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * The distinct-value estimate of a state that no longer holds its values exactly: Apache
 * DataSketches' HyperLogLog ({@link HllSketch}, {@code lgK = }{@value #LG_K}, {@code HLL_8}). Its relative
 * standard error is {@code 1.04 / sqrt(2^lgK)} ≈ 1.6% (one standard error: 68% of estimates are within
 * 1.6% of the true count, 95% within 3.3%); while it has seen few values (below about {@code 2^lgK / 8})
 * it keeps a list of coupons and is nearly exact. Feeding a value twice changes nothing, so a state
 * can feed its distinct values at any time in any order (the moment it stops being exact, a merge, a
 * copy) and two sketches of the same values have the same registers. The estimate is the composite
 * estimator's, which depends on the registers only (not on update order, unlike the HIP estimator),
 * so the same data in 1 or 8 partitions gives the same estimate. 4 KiB at most per state.
 */
public final class DistinctSketch {
  /** log2 of the number of registers. */
  public static final int LG_K = 12;

  private HllSketch sketch;

  public DistinctSketch() {
    this.sketch = new HllSketch(LG_K, TgtHllType.HLL_8);
  }

  private DistinctSketch(HllSketch sketch) {
    this.sketch = sketch;
  }

  /** Counts a value given as a 64-bit key (a numeric state's level-52 cell key: one per distinct double). */
  public void update(long key) {
    sketch.update(key);
  }

  /** Counts a string value. */
  public void update(String value) {
    sketch.update(value);
  }

  /** Adds every value {@code other} has seen into this one ({@code other} unchanged). */
  public void merge(DistinctSketch other) {
    Union union = new Union(LG_K);
    union.update(sketch);
    union.update(other.sketch);
    sketch = union.getResult(TgtHllType.HLL_8);
  }

  public DistinctSketch copy() {
    return new DistinctSketch(sketch.copy());
  }

  /** The estimated number of distinct values, rounded (the composite estimator). */
  public long estimate() {
    return Math.round(sketch.getCompositeEstimate());
  }

  public byte[] toBytes() {
    return sketch.toCompactByteArray();
  }

  public static DistinctSketch fromBytes(byte[] bytes) {
    return new DistinctSketch(HllSketch.heapify(bytes));
  }
}
