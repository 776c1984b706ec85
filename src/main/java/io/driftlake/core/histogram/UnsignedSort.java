package io.driftlake.core.histogram;

/**
 * Sorts 64-bit keys in unsigned order (cell keys compare unsigned): a least-significant-digit radix sort
 * by bytes, skipping a byte that every key shares (cell keys at one level share their high bytes), so
 * about {@code 2n} reads and writes a byte that differs; short arrays by insertion. Stable; allocates one
 * buffer of {@code n} longs.
 */
final class UnsignedSort {
  private static final int INSERTION_BELOW = 48;

  private UnsignedSort() {}

  /** Sorts {@code keys} in place, unsigned ascending. */
  static void sort(long[] keys) {
    int n = keys.length;
    if (n < INSERTION_BELOW) {
      for (int i = 1; i < n; i++) {
        long key = keys[i];
        int j = i - 1;
        while (j >= 0 && Long.compareUnsigned(keys[j], key) > 0) {
          keys[j + 1] = keys[j];
          j--;
        }
        keys[j + 1] = key;
      }
      return;
    }
    long[] from = keys;
    long[] to = new long[n];
    int[] start = new int[256];
    for (int shift = 0; shift < 64; shift += 8) {
      java.util.Arrays.fill(start, 0);
      for (long key : from) {
        start[(int) (key >>> shift) & 0xFF]++;
      }
      if (start[(int) (from[0] >>> shift) & 0xFF] == n) {
        continue; // every key has this byte: the order stays
      }
      int sum = 0;
      for (int b = 0; b < 256; b++) {
        int count = start[b];
        start[b] = sum;
        sum += count;
      }
      for (long key : from) {
        to[start[(int) (key >>> shift) & 0xFF]++] = key;
      }
      long[] swap = from;
      from = to;
      to = swap;
    }
    if (from != keys) {
      System.arraycopy(from, 0, keys, 0, n);
    }
  }
}
