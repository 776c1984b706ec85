package io.driftlake.core.config;

import java.util.Locale;

/**
 * What each time window is compared with: {@code BASELINE} the reference, {@code CONSECUTIVE} the
 * window just before it (the first window has none), {@code BOTH} each. Whole-data rows (no window)
 * are always {@code BASELINE}.
 */
public enum DriftType {
  BASELINE, CONSECUTIVE, BOTH;

  public boolean baseline() {
    return this != CONSECUTIVE;
  }

  public boolean consecutive() {
    return this != BASELINE;
  }

  public static DriftType parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected baseline, consecutive or both");
    }
  }
}
