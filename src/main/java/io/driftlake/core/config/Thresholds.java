package io.driftlake.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a feature counts as drifted: a default {@link Threshold} and, per column, an override
 * (metric and value). Text form of the overrides: {@code col:METRIC=VALUE,col2:METRIC=VALUE}; a
 * config file may give them as an object ({@code column-thresholds { col = "psi=0.2" }}).
 */
public record Thresholds(Threshold defaultThreshold, Map<String, Threshold> perColumn) {

  public Thresholds {
    perColumn = Map.copyOf(perColumn);
  }

  public static Thresholds of(Threshold defaultThreshold) {
    return new Thresholds(defaultThreshold, Map.of());
  }

  /** The threshold of {@code column}: its override, else the default. */
  public Threshold forColumn(String column) {
    return perColumn.getOrDefault(column, defaultThreshold);
  }

  /** Parses {@code col:METRIC=VALUE,...}; the column is everything before the first ':'. */
  public static Map<String, Threshold> parseOverrides(String text) {
    Map<String, Threshold> overrides = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int colon = part.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("expected COLUMN:METRIC=VALUE, e.g. temp_max:psi=0.2");
      }
      overrides.put(part.substring(0, colon).trim(), Threshold.parse(part.substring(colon + 1)));
    }
    return overrides;
  }
}
