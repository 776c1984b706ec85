package io.driftlake.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers as text for people: the one place the HTML report, the run summary, {@code drift show} and
 * the bin labels of {@code top_bins} turn a double into text. Each caller keeps the style its readers
 * (and the tests and README blocks that pin it) know:
 *
 * <ul>
 *   <li>{@link #significant}: the report's metrics. Significant digits, no trailing zeros, plain from
 *       0.001 to below 1 000 000 with a typographic minus ({@code −1.5}), scientific outside it
 *       ({@code 1.23e-5}); NaN is {@code n/a}.
 *   <li>{@link #compact}: the run summary's. The same digits, plain up to below 10 000 000, an ASCII
 *       minus; NaN is {@code NaN}.
 *   <li>{@link #cell}: a cell of {@code drift show}: six decimals, a tiny value in {@code %.3e}.
 *   <li>{@link #edge}: a bin edge in a {@code top_bins} label: six significant digits, {@code %.5g}
 *       far from 1.
 *   <li>{@link #percent}, {@link #percentNonZero}, {@link #decimals}, {@link #grouped} and
 *       {@link #tick} for shares, counts and axis ticks.
 * </ul>
 *
 * <p>Rounding: plain notation rounds the double's exact binary value half up ({@link BigDecimal});
 * the report's scientific notation rounds as {@code %e} does, the double's shortest decimal half up,
 * so 3.825e-11 reads {@code 3.83e-11} there and {@code 3.82e-11} in the summary.
 */
public final class NumberText {
  private static final char MINUS = '−';

  private NumberText() {}

  /** {@code value} with {@code digits} significant digits in the report's style (see the class comment). */
  public static String significant(double value, int digits) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Double.isInfinite(value) || value == 0) {
      return special(value, MINUS);
    }
    if (scientific(value, 1e6)) {
      String text = String.format(Locale.ROOT, "%." + (digits - 1) + "e", value);
      int e = text.indexOf('e');
      return withoutTrailingZeros(text.substring(0, e)) + "e" + Integer.parseInt(text.substring(e + 1));
    }
    return typographic(rounded(value, digits).toPlainString());
  }

  /** {@code value} with {@code digits} significant digits in the run summary's style (see the class comment). */
  public static String compact(double value, int digits) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value) || value == 0) {
      return special(value, '-');
    }
    BigDecimal rounded = rounded(value, digits);
    if (!scientific(value, 1e7)) {
      return rounded.toPlainString();
    }
    int exponent = rounded.precision() - rounded.scale() - 1;
    return rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "e" + exponent;
  }

  /** A cell of {@code drift show}'s table: six decimals; a non-zero value below 1e-4 as {@code 1.234e-05}. */
  public static String cell(double value) {
    return value != 0 && Math.abs(value) < 1e-4 && Double.isFinite(value)
        ? String.format(Locale.ROOT, "%.3e", value) : decimals(value, 6);
  }

  /** {@code value} with exactly {@code decimals} decimals ({@code %.Nf}). */
  public static String decimals(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /**
   * A bin edge for people: at most 6 significant digits, no trailing {@code .0} (3.0 → 3, 0.1234567
   * → 0.123457); {@code %.5g} beyond 12 digits before or 5 zeros after the point; Java's text for ±∞ and NaN.
   */
  public static String edge(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    BigDecimal rounded = rounded(value, 6);
    int magnitude = rounded.precision() - rounded.scale();
    if (magnitude > 12 || magnitude < -5) {
      return String.format(Locale.ROOT, "%.5g", value);
    }
    String text = rounded.toPlainString();
    return text.equals("-0") ? "0" : text;
  }

  /** A share in [0, 1] as a percentage with one decimal: {@code 12.3%}. */
  public static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** {@link #percent}, but a non-zero share below 0.05% reads {@code <0.1%}, never {@code 0.0%}. */
  public static String percentNonZero(double share) {
    return share > 0 && share < 0.0005 ? "<0.1%" : percent(share);
  }

  /** A count with digit grouping: {@code 1,234,567}. */
  public static String grouped(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }

  /** An axis tick: as many decimals as the tick step needs, no trailing zeros, a typographic minus. */
  public static String tick(double value, double step) {
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    return typographic(new BigDecimal(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString());
  }

  private static boolean scientific(double value, double plainBelow) {
    double magnitude = Math.abs(value);
    return magnitude < 1e-3 || magnitude >= plainBelow;
  }

  /** ±∞ and 0, the same in every style but for the minus sign. */
  private static String special(double value, char minus) {
    return value == 0 ? "0" : value > 0 ? "∞" : minus + "∞";
  }

  private static BigDecimal rounded(double value, int digits) {
    return new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros();
  }

  private static String withoutTrailingZeros(String decimal) {
    return decimal.contains(".") ? decimal.replaceAll("0+$", "").replaceAll("\\.$", "") : decimal;
  }

  /** A plain number with the typographic minus; a rounded negative zero is {@code 0}. */
  private static String typographic(String text) {
    return text.matches("-0\\.?0*") ? "0" : text.replace('-', MINUS);
  }
}
