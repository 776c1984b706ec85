package io.driftlake.core.profile;

import io.driftlake.core.histogram.HistogramState;
import java.util.LinkedHashMap;
import java.util.Map;

/** The histogram states of one dataset (or one window/slice of it) by column, and its row count. */
public record DatasetProfile(long rowCount, Map<String, HistogramState> states) {

  public DatasetProfile {
    states = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(states));
  }

  public static DatasetProfile empty() {
    return new DatasetProfile(0, Map.of());
  }

  /** This profile plus {@code other} (same frozen bins), as new states; neither input changes. */
  public DatasetProfile plus(DatasetProfile other) {
    Map<String, HistogramState> merged = new LinkedHashMap<>();
    states.forEach((column, state) -> merged.put(column, state.copy()));
    other.states.forEach((column, state) -> merged.merge(column, state.copy(), HistogramState::merge));
    return new DatasetProfile(rowCount + other.rowCount, merged);
  }
}
