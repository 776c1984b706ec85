package io.driftlake.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The radix sort of cell keys against a comparison sort in unsigned order. */
class UnsignedSortTest {

  private static long[] expected(long[] keys) {
    return Arrays.stream(keys).boxed().sorted(Long::compareUnsigned).mapToLong(Long::longValue).toArray();
  }

  @Test
  void sortsInUnsignedOrderWhateverTheBytesShare() {
    Random random = new Random(3);
    for (int n : new int[] {0, 1, 2, 47, 48, 49, 1000, 20_000}) {
      long[] anyBits = random.longs(n).toArray();
      long[] oneLevel = random.longs(n, 0, 1L << 25).map(k -> k | (0x7FFL << 25)).toArray(); // shared high bytes
      long[] signs = random.longs(n).map(k -> random.nextBoolean() ? k | Long.MIN_VALUE : k >>> 1).toArray();
      long[] repeats = random.ints(n, 0, 5).mapToLong(k -> k * 0x0101010101010101L).toArray();
      for (long[] keys : new long[][] {anyBits, oneLevel, signs, repeats}) {
        long[] sorted = keys.clone();
        UnsignedSort.sort(sorted);
        assertThat(sorted).as("n=%d", n).containsExactly(expected(keys));
      }
    }
  }
}
