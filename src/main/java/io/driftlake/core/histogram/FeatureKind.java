package io.driftlake.core.histogram;

import java.util.Locale;

/** How a feature is binned: numeric edges or categorical top-K values. */
public enum FeatureKind {
  NUMERIC,
  CATEGORICAL;

  /** As stored in the drift table's {@code kind} column. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FeatureKind parse(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT));
  }
}
