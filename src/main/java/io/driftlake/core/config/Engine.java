package io.driftlake.core.config;

import java.util.Locale;

/** How histograms are counted. Both engines give identical bin counts (a property test checks it). */
public enum Engine {
  /** Typed {@code Aggregator} UDAFs, one per feature, in one aggregation. CPU only under RAPIDS. */
  UDAF,
  /**
   * Built-in expressions only: a comparison tree for the bin index, an unpivot and a grouped count.
   * Every operator of the histogram stage can run on the GPU under the RAPIDS Accelerator.
   */
  BUILTIN,
  /** {@code BUILTIN} when the session has the RAPIDS plugin enabled, else {@code UDAF}. */
  AUTO;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Engine parse(String text) {
    for (Engine engine : values()) {
      if (engine.label().equalsIgnoreCase(text.trim())) {
        return engine;
      }
    }
    throw new IllegalArgumentException("expected udaf, builtin or auto");
  }
}
