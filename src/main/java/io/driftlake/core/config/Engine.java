package io.driftlake.core.config;

import java.util.Locale;

/** How histograms are counted. Every engine gives identical bin counts (engine-equality tests check it). */
public enum Engine {
  /** Typed {@code Aggregator} UDAFs, one per feature, in one aggregation. CPU only under RAPIDS. */
  UDAF,
  /**
   * Built-in expressions only: a comparison tree for the bin index, an unpivot and a grouped count.
   * Every operator of the histogram stage can run on the GPU under the RAPIDS Accelerator.
   */
  BUILTIN,
  /** {@code BUILTIN} when the session has the RAPIDS plugin enabled, else {@code COLUMNAR}. */
  AUTO,
  /**
   * The scan's column batches counted per column vector in a plain Java loop, one state per partition,
   * merged by a typed {@code Aggregator}. Only for a plain columnar scan (Parquet, Delta, ORC, a cached
   * table) with nothing between scan and count; anything else runs the {@code UDAF} engine instead,
   * and the log says why.
   */
  COLUMNAR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Engine parse(String text) {
    for (Engine engine : values()) {
      if (engine.label().equalsIgnoreCase(text.trim())) {
        return engine;
      }
    }
    throw new IllegalArgumentException("expected udaf, builtin, columnar or auto");
  }
}
