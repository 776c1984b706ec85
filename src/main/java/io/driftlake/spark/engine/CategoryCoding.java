package io.driftlake.spark.engine;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.CategoryCodes;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Categorical values as 64-bit codes computed by built-in expressions, for the {@code udaf} engine:
 * {@code CASE WHEN v IS NULL THEN missing WHEN v IN (frozen categories) THEN xxhash64(v) ELSE other END}.
 * Membership is Spark's exact {@code IN} (a hash set of the UTF-8 bytes), so a value outside the
 * frozen categories can never be taken for one even if its hash matched; among the frozen categories
 * the hash identifies the value because their codes are checked to be distinct (if two collided, a
 * salted hash, {@code xxhash64(salt, v)}, is used instead). The same hash is computed here with Spark's
 * own {@link XXH64} (seed 42, as {@code xxhash64}), so the Aggregator's lookup table and the
 * expression agree by construction; a test checks them against each other.
 */
public final class CategoryCoding {
  /** Spark's seed for {@code xxhash64}. */
  private static final long SPARK_XXHASH64_SEED = 42L;

  private CategoryCoding() {}

  /** The code expression for {@code value} (a string column) and the lookup table for {@code bins}. */
  public record Coded(Column code, CategoryCodes codes) {}

  public static Coded of(Column value, CategoryBins bins) {
    for (int salt = 0; ; salt++) {
      long[] codes = codes(bins.categories(), salt);
      if (CategoryCodes.distinct(codes)) {
        return coded(value, bins, salt, codes);
      }
    }
  }

  /** The lookup table alone, for an Aggregator built without the expressions: the one {@link #of} gives. */
  public static CategoryCodes codes(CategoryBins bins) {
    return of(lit(null).cast("string"), bins).codes();
  }

  private static Coded coded(Column value, CategoryBins bins, int salt, long[] codes) {
    CategoryCodes table = CategoryCodes.of(codes);
    List<String> categories = bins.categories();
    Column hash = salt == 0 ? xxhash64(value) : xxhash64(lit(salt), value);
    Column code = when(value.isNull(), lit(table.missingCode()));
    if (!categories.isEmpty()) {
      code = code.when(value.isin(categories.toArray()), hash);
    }
    return new Coded(code.otherwise(lit(table.otherCode())), table);
  }

  private static long[] codes(List<String> categories, int salt) {
    // xxhash64(c1, c2) hashes c2 with c1's hash as the seed; an int literal hashes with hashInt
    long seed = salt == 0 ? SPARK_XXHASH64_SEED : XXH64.hashInt(salt, SPARK_XXHASH64_SEED);
    long[] codes = new long[categories.size()];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = XXH64.hashUTF8String(UTF8String.fromString(categories.get(i)), seed);
    }
    return codes;
  }
}
