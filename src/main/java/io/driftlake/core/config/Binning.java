package io.driftlake.core.config;

import java.util.Locale;

/** How numeric bin edges are chosen from the reference. */
public enum Binning {
  /** Reference quantiles at {@code i/bins}: bins of about equal reference mass. */
  QUANTILE,
  /** {@code bins} bins of equal width over the reference's finite range. */
  EQUAL_WIDTH;

  /** As written on the command line and stored in the drift table: {@code quantile}, {@code equal-width}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Binning parse(String text) {
    for (Binning binning : values()) {
      if (binning.label().equalsIgnoreCase(text.trim())) {
        return binning;
      }
    }
    throw new IllegalArgumentException("expected quantile or equal-width");
  }
}
