package io.driftlake.core.profile;

import io.driftlake.core.histogram.CoMoments;
import io.driftlake.core.histogram.HistogramState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The histogram states of one dataset (or one window/slice of it) by column, and its row count;
 * {@code joint} holds the co-moments of the run's joint features (the first {@code --joint-max-features}
 * numeric ones) over the rows where all of them are finite, or null when none are profiled.
 */
public record DatasetProfile(long rowCount, Map<String, HistogramState> states, CoMoments joint) {

  public DatasetProfile {
    states = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(states));
  }

  /** Without joint moments. */
  public DatasetProfile(long rowCount, Map<String, HistogramState> states) {
    this(rowCount, states, null);
  }

  public static DatasetProfile empty() {
    return new DatasetProfile(0, Map.of());
  }

  /**
   * This profile plus {@code other} (same frozen bins), as new states; neither input changes. Joint
   * moments merge exactly (Chan's co-moment update); a side without them (an empty group) adds nothing.
   */
  public DatasetProfile plus(DatasetProfile other) {
    Map<String, HistogramState> merged = new LinkedHashMap<>();
    states.forEach((column, state) -> merged.put(column, state.copy()));
    other.states.forEach((column, state) -> merged.merge(column, state.copy(), HistogramState::merge));
    CoMoments jointSum = joint == null ? (other.joint == null ? null : other.joint.copy())
        : other.joint == null ? joint.copy() : joint.copy().merge(other.joint);
    return new DatasetProfile(rowCount + other.rowCount, merged, jointSum);
  }
}
