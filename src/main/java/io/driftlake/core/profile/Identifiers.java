package io.driftlake.core.profile;

import java.util.Locale;

/**
 * Which string columns look like identifiers rather than categories: a reference column whose
 * non-null values are at least {@value #MIN_DISTINCT_SHARE} distinct, over at least {@value #MIN_VALUES}
 * of them (a title, a user id, a UUID). Measured as a category such a column has nearly every value in
 * {@code __other__} on both sides, and any change of the data's size or period reads as drift of it
 * ("{@code __other__}: 92.0% → 99.8%" for film titles before and after 2000), so a run leaves it out of
 * its default features unless {@code --features} names it. The rule reads the reference's state after
 * its one scan: the distinct count is exact while {@code CategoryCounts} counts exactly (up to 10,000
 * values), and from Spark's exact grouped count beyond that.
 */
public final class Identifiers {
  /** The least share of distinct values among the non-null ones. */
  public static final double MIN_DISTINCT_SHARE = 0.95;
  /** The least number of non-null values: below it a distinct share says little (30 rows can all differ). */
  public static final long MIN_VALUES = 100;

  private Identifiers() {}

  /** Whether {@code distinct} distinct values among {@code values} non-null ones make an identifier. */
  public static boolean looksLikeIdentifier(long distinct, long values) {
    return values >= MIN_VALUES && distinct >= MIN_DISTINCT_SHARE * values;
  }

  /**
   * The share as the notice gives it, rounded down to a tenth of a percent so that a column is "100%
   * distinct" only when every value differs: 1,254 of 1,255 is {@code 99.9%}.
   */
  public static String share(long distinct, long values) {
    if (distinct >= values) {
      return "100%";
    }
    double tenths = Math.floor(1000.0 * distinct / values);
    return String.format(Locale.ROOT, "%.1f%%", tenths / 10);
  }
}
