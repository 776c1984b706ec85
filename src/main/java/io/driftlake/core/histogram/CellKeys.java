package io.driftlake.core.histogram;

import static io.driftlake.core.histogram.NumericCells.EXACT_LEVEL;
import static io.driftlake.core.histogram.NumericCells.MIN_LEVEL;

/**
 * The arithmetic of {@link NumericCells}' keys: a finite value's order-preserving unsigned image of
 * its bits (sign, exponent, mantissa), its cell at a level (the image's top {@code 12 + level} bits),
 * and a cell's value bounds. Coarsening one level is {@code key >>> 1}, so levels nest.
 */
final class CellKeys {
  private CellKeys() {}

  /** The order-preserving unsigned image of a non-NaN value ({@code -0.0} as {@code 0.0}). */
  static long sortable(double value) {
    long bits = Double.doubleToRawLongBits(value + 0.0);
    return bits >= 0 ? bits ^ Long.MIN_VALUE : ~bits;
  }

  static double fromSortable(long s) {
    long bits = s < 0 ? s ^ Long.MIN_VALUE : ~s;
    return Double.longBitsToDouble(bits) + 0.0;
  }

  /** The key of a finite value's cell at {@code level}. */
  static long cellKey(double value, int level) {
    return sortable(value) >>> (EXACT_LEVEL - checkLevel(level));
  }

  /**
   * The smallest finite value of cell {@code key} at {@code level} (its lower edge): the value of the
   * cell's first image, clamped to {@code -Double.MAX_VALUE} where a coarse cell also spans -Infinity.
   */
  static double lowerBound(long key, int level) {
    double lo = fromSortable(key << (EXACT_LEVEL - checkLevel(level)));
    return lo == lo && lo != Double.NEGATIVE_INFINITY ? lo : -Double.MAX_VALUE;
  }

  /**
   * The exclusive upper edge of cell {@code key} at {@code level}: the lower edge of the next cell, so
   * {@code [lowerBound, upperBound)} holds the cell's finite values; at level 52 it is
   * {@code nextUp(value)}. {@code +Infinity} for the cell of {@code Double.MAX_VALUE} at coarse levels.
   */
  static double upperBound(long key, int level) {
    int shift = EXACT_LEVEL - checkLevel(level);
    long next = (key + 1) << shift;
    if (shift > 0 && (key + 1) >>> (64 - shift) != 0 || next == 0) {
      return Double.POSITIVE_INFINITY; // wrapped past the largest image
    }
    double hi = fromSortable(next);
    return hi == hi ? hi : Double.POSITIVE_INFINITY;
  }

  /** The largest finite value of a cell (for checks that a bin holds the whole cell). */
  static double topValue(long key, int level) {
    double hi = upperBound(key, level);
    double top = Math.nextDown(hi);
    return top == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : top;
  }

  static int checkLevel(int level) {
    if (level < MIN_LEVEL || level > EXACT_LEVEL) {
      throw new IllegalArgumentException("level must be in [" + MIN_LEVEL + ", " + EXACT_LEVEL + "] (got " + level + ")");
    }
    return level;
  }
}
