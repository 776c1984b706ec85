package io.driftlake.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CategoryCodesTest {
  @Test
  void everyCategoryCodeFindsItsSlotAndTheReservedCodesFindOtherAndMissing() {
    // 0 and 1 are taken by categories, so the reserved codes must move past them
    long[] codes = {0L, 1L, -7L, Long.MIN_VALUE, Long.MAX_VALUE, 3L};
    CategoryCodes table = CategoryCodes.of(codes);
    for (int i = 0; i < codes.length; i++) {
      assertThat(table.slotOf(codes[i])).as("category %d", i).isEqualTo(i);
      assertThat(table.categoryCode(i)).isEqualTo(codes[i]);
    }
    assertThat(table.missingCode()).isEqualTo(2L);
    assertThat(table.otherCode()).isEqualTo(4L);
    assertThat(table.binCount()).isEqualTo(7);
    assertThat(table.slotOf(table.otherCode())).isEqualTo(6);
    assertThat(table.slotOf(table.missingCode())).isEqualTo(7);
    assertThat(table.slotOf(123_456_789L)).as("a code the engine never produces counts as other").isEqualTo(6);
  }

  @Test
  void manyRandomCodesLookUpLikeALinearScan() {
    Random random = new Random(7);
    long[] codes = random.longs(1000).distinct().toArray();
    CategoryCodes table = CategoryCodes.of(codes);
    for (int i = 0; i < codes.length; i++) {
      assertThat(table.slotOf(codes[i])).isEqualTo(i);
    }
    for (int probe = 0; probe < 10_000; probe++) {
      long code = random.nextLong();
      int expected = codes.length;
      for (int i = 0; i < codes.length; i++) {
        if (codes[i] == code) {
          expected = i;
        }
      }
      assertThat(table.slotOf(code)).isEqualTo(code == table.missingCode() ? codes.length + 1 : expected);
    }
  }

  @Test
  void noCategoriesLeavesOnlyOtherAndMissing() {
    CategoryCodes table = CategoryCodes.of();
    assertThat(table.binCount()).isEqualTo(1);
    assertThat(table.slotOf(table.otherCode())).isZero();
    assertThat(table.slotOf(table.missingCode())).isEqualTo(1);
  }

  @Test
  void equalCodesAreRejected() {
    assertThat(CategoryCodes.distinct(new long[] {5, 9, 5})).isFalse();
    assertThat(CategoryCodes.distinct(new long[] {5, 9})).isTrue();
    assertThatThrownBy(() -> CategoryCodes.of(5, 9, 5)).hasMessage("category codes must be distinct");
  }
}
