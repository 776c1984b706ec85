package io.driftlake.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The report's one number format: a metric, threshold or q-value has 3 significant digits in plain
 * notation from 0.001 to below 1 000 000 and in scientific notation outside it ({@code 1.23e-5}), with
 * no trailing zeros ({@code 0.1}, not {@code 0.1000}); a share is a percentage with one decimal; a
 * count has digit grouping; an axis tick has the decimals its step needs.
 */
final class Numbers {
  private Numbers() {}

  /** A metric value with 3 significant digits; "–" for null. */
  static String format(Double value) {
    return value == null ? "–" : significant(value, 3);
  }

  /** {@code value} with {@code digits} significant digits in the report's style. */
  static String significant(double value, int digits) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : "−∞";
    }
    if (value == 0) {
      return "0";
    }
    double magnitude = Math.abs(value);
    if (magnitude < 1e-3 || magnitude >= 1e6) {
      String text = String.format(Locale.ROOT, "%." + (digits - 1) + "e", value);
      String mantissa = text.substring(0, text.indexOf('e'));
      if (mantissa.contains(".")) {
        mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
      }
      int exponent = Integer.parseInt(text.substring(text.indexOf('e') + 1));
      return mantissa + "e" + exponent;
    }
    String text = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    return text.equals("-0") ? "0" : text.replace('-', '−');
  }

  /** A share in [0, 1] as a percentage: one decimal, "<0.1%" for a non-zero share below it. */
  static String percent(double share) {
    if (share > 0 && share < 0.0005) {
      return "<0.1%";
    }
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** A count with digit grouping; "–" for null. */
  static String count(Long value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%,d", value);
  }

  /** An axis tick: as many decimals as the tick step needs, no trailing zeros. */
  static String tick(double value, double step) {
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    String text = new BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString();
    return text.equals("-0") || text.matches("-0\\.?0*") ? "0" : text.replace('-', '−');
  }

  /** A share tick as a percentage with the decimals its step (a share) needs. */
  static String percentTick(double share, double step) {
    return tick(share * 100, step * 100) + "%";
  }
}
