package io.driftlake.core.histogram;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Frozen categorical bins looked up by a 64-bit code instead of a {@code String}, so the engine can
 * hand the Aggregator one {@code long} per value, computed by a built-in expression from the value's
 * bytes, and no {@code String} is decoded or hashed per row.
 *
 * <p>Every frozen category {@code i} has its own code, all distinct (the caller checks with
 * {@link #distinct}); two reserved codes, chosen distinct from those, stand for "a value outside the
 * frozen categories" and "missing". {@link #slotOf} maps a code to the feature's slot: {@code i} for
 * category {@code i}, {@code k} for the "other" bin, {@code k + 1} for missing — the slot layout of
 * {@link PackedHistograms}. Lookup is open addressing with linear probing in a power-of-two table at
 * most half full: no allocation, no boxing.
 */
public final class CategoryCodes implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[] categoryCodes;
  private final long otherCode;
  private final long missingCode;
  private final long[] keys;
  private final int[] slots;
  private final int mask;

  private CategoryCodes(long[] categoryCodes) {
    if (!distinct(categoryCodes)) {
      throw new IllegalArgumentException("category codes must be distinct");
    }
    this.categoryCodes = categoryCodes.clone();
    long[] sorted = categoryCodes.clone();
    Arrays.sort(sorted);
    this.missingCode = firstFree(sorted, 0);
    this.otherCode = firstFree(sorted, missingCode + 1);
    int size = Integer.highestOneBit(Math.max(4, 2 * (categoryCodes.length + 2)) - 1) << 1;
    this.keys = new long[size];
    this.slots = new int[size];
    Arrays.fill(slots, -1);
    this.mask = size - 1;
    for (int i = 0; i < categoryCodes.length; i++) {
      put(categoryCodes[i], i);
    }
    put(otherCode, categoryCodes.length);
    put(missingCode, categoryCodes.length + 1);
  }

  /** Codes for the frozen categories, in bin order ({@code codes[i]} for category {@code i}); they must be distinct. */
  public static CategoryCodes of(long... categoryCodes) {
    return new CategoryCodes(categoryCodes);
  }

  /** Whether no two codes are equal (else the caller picks another code function, e.g. another hash seed). */
  public static boolean distinct(long[] codes) {
    long[] sorted = codes.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        return false;
      }
    }
    return true;
  }

  /** The code of frozen category {@code i}. */
  public long categoryCode(int i) {
    return categoryCodes[i];
  }

  /** The reserved code of a present value outside the frozen categories. */
  public long otherCode() {
    return otherCode;
  }

  /** The reserved code of a missing value (null, or NaN for a float column read as a category). */
  public long missingCode() {
    return missingCode;
  }

  /** Number of bins: the categories plus the "other" bin (the missing slot is not a bin). */
  public int binCount() {
    return categoryCodes.length + 1;
  }

  /**
   * The slot of {@code code}: {@code i} for category {@code i}, {@code binCount() - 1} for "other",
   * {@code binCount()} for missing. A code that is none of these (never produced by the engine)
   * counts as "other".
   */
  public int slotOf(long code) {
    int index = spread(code) & mask;
    while (slots[index] >= 0) {
      if (keys[index] == code) {
        return slots[index];
      }
      index = (index + 1) & mask;
    }
    return categoryCodes.length;
  }

  private void put(long code, int slot) {
    int index = spread(code) & mask;
    while (slots[index] >= 0) {
      index = (index + 1) & mask;
    }
    keys[index] = code;
    slots[index] = slot;
  }

  /** Folds the high bits in: the codes are hashes already, the reserved ones small integers. */
  private static int spread(long code) {
    long h = code ^ (code >>> 32);
    return (int) (h ^ (h >>> 16));
  }

  /** The smallest value {@code >= from} not in {@code sorted}. */
  private static long firstFree(long[] sorted, long from) {
    long candidate = from;
    while (Arrays.binarySearch(sorted, candidate) >= 0) {
      candidate++;
    }
    return candidate;
  }
}
