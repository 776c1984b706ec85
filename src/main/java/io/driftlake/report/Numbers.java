package io.driftlake.report;

import io.driftlake.core.NumberText;

/**
 * The report's choices among {@link NumberText}'s formats: a metric, threshold or q-value has 3
 * significant digits ({@code 0.1}, {@code 1.23e-5}); a share is a percentage with one decimal that
 * never reads 0.0% when it is not zero; a count has digit grouping; a missing value is "–"; an axis
 * tick has the decimals its step needs.
 */
final class Numbers {
  private Numbers() {}

  /** A metric value with 3 significant digits; "–" for null. */
  static String format(Double value) {
    return value == null ? "–" : significant(value, 3);
  }

  /** {@code value} with {@code digits} significant digits in the report's style. */
  static String significant(double value, int digits) {
    return NumberText.significant(value, digits);
  }

  /** A share in [0, 1] as a percentage: one decimal, "<0.1%" for a non-zero share below it. */
  static String percent(double share) {
    return NumberText.percentNonZero(share);
  }

  /** A count with digit grouping; "–" for null. */
  static String count(Long value) {
    return value == null ? "–" : NumberText.grouped(value);
  }

  /** An axis tick: as many decimals as the tick step needs, no trailing zeros. */
  static String tick(double value, double step) {
    return NumberText.tick(value, step);
  }

  /** A share tick as a percentage with the decimals its step (a share) needs. */
  static String percentTick(double share, double step) {
    return tick(share * 100, step * 100) + "%";
  }
}
