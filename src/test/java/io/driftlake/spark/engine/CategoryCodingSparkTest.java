package io.driftlake.spark.engine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The codes the Aggregator looks up are the ones Spark's built-in expression computes: the lookup table
 * (Spark's XXH64 called from Java) against {@code xxhash64} evaluated by Spark, and every value's slot
 * against {@link CategoryBins#binOf} on the string itself, unsalted and salted.
 */
class CategoryCodingSparkTest {
  private static final List<String> CATEGORIES = List.of("a", "", "ü", "日本語", "emoji 🎉", "a ", "A", "null");
  private final SparkSession spark = SharedSpark.session();

  private Dataset<Row> values() {
    List<String> values = new ArrayList<>(CATEGORIES);
    values.addAll(Arrays.asList("b", "unseen", null, "a\u0000", "Ü", "日本"));
    return spark.createDataset(values, Encoders.STRING()).toDF("v");
  }

  @Test
  void lookupTableHoldsSparksOwnXxhash64OfEachCategory() {
    CategoryCoding.Coded coded = CategoryCoding.of(col("v"), CategoryBins.of(CATEGORIES));
    List<Row> hashes = spark.createDataset(CATEGORIES, Encoders.STRING()).toDF("v").select(xxhash64(col("v"))).collectAsList();
    for (int i = 0; i < CATEGORIES.size(); i++) {
      assertThat(coded.codes().categoryCode(i)).as(CATEGORIES.get(i)).isEqualTo(hashes.get(i).getLong(0));
    }
  }

  @Test
  void everyValueLandsInTheSlotItsStringWouldTake() {
    CategoryBins bins = CategoryBins.of(CATEGORIES);
    for (int salt : new int[] {0, 1, 17}) {
      CategoryCoding.Coded coded = withSalt(col("v"), bins, salt);
      List<Row> rows = values().select(col("v"), coded.code().as("code")).collectAsList();
      assertThat(rows).hasSize(14);
      for (Row row : rows) {
        String value = row.getString(0);
        int expected = value == null ? bins.binCount() : bins.binOf(value);
        assertThat(coded.codes().slotOf(row.getLong(1))).as("salt %d, value %s", salt, value).isEqualTo(expected);
      }
    }
  }

  /**
   * The code expression and table {@link CategoryCoding#of} builds when it must salt the hash (only on
   * a collision of two categories' xxhash64, which no small test can provoke): its private
   * {@code coded(value, bins, salt, codes(categories, salt))}, reached by reflection so that src/main
   * keeps no test-only entry point.
   */
  private static CategoryCoding.Coded withSalt(org.apache.spark.sql.Column value, CategoryBins bins, int salt) {
    try {
      java.lang.reflect.Method codes = CategoryCoding.class.getDeclaredMethod("codes", List.class, int.class);
      java.lang.reflect.Method coded = CategoryCoding.class.getDeclaredMethod("coded", org.apache.spark.sql.Column.class,
          CategoryBins.class, int.class, long[].class);
      codes.setAccessible(true);
      coded.setAccessible(true);
      return (CategoryCoding.Coded) coded.invoke(null, value, bins, salt, codes.invoke(null, bins.categories(), salt));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void noCategoriesSendsEveryPresentValueToOther() {
    CategoryCoding.Coded coded = CategoryCoding.of(col("v"), CategoryBins.of(List.of()));
    long others = values().select(coded.code().as("code")).collectAsList().stream()
        .filter(row -> coded.codes().slotOf(row.getLong(0)) == 0).count();
    assertThat(others).isEqualTo(13);
  }
}
