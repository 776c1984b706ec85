package io.driftlake.spark;

import io.driftlake.core.config.Engine;
import io.driftlake.spark.engine.FallbackEngine;
import io.driftlake.spark.engine.HistogramEngine;
import io.driftlake.spark.engine.builtin.BuiltinEngine;
import io.driftlake.spark.engine.columnar.ColumnarEngine;
import io.driftlake.spark.engine.udaf.UdafEngine;
import org.apache.spark.sql.SparkSession;

/**
 * The engine a run counts with, from {@code --engine}: the only place that knows every engine. Adding
 * an engine means its package under {@code spark.engine}, a constant in {@link Engine} and a case here.
 */
public final class Engines {
  private Engines() {}

  /**
   * {@code AUTO} becomes {@code BUILTIN} when the session runs the RAPIDS plugin (typed Aggregators
   * never run on the GPU), else {@code COLUMNAR} (which counts rows with the {@code udaf} engine where
   * the input is not a plain columnar scan).
   */
  public static Engine resolve(Engine engine, SparkSession spark) {
    if (engine != Engine.AUTO) {
      return engine;
    }
    String plugins = spark.conf().get("spark.plugins", "");
    boolean rapids = plugins.contains("com.nvidia.spark.SQLPlugin")
        && !"false".equalsIgnoreCase(spark.conf().get("spark.rapids.sql.enabled", "true"));
    return rapids ? Engine.BUILTIN : Engine.COLUMNAR;
  }

  /**
   * The engine for a resolved {@code engine}: {@code columnar} falls back to {@code udaf} where it does
   * not apply, logged for {@code role} (at WARN when the user {@code requested} it by name).
   */
  public static HistogramEngine of(Engine engine, String role, boolean requested) {
    return switch (engine) {
      case BUILTIN -> new BuiltinEngine();
      case UDAF -> new UdafEngine();
      case COLUMNAR -> new FallbackEngine(new ColumnarEngine(), "columnar", new UdafEngine(), role, requested);
      case AUTO -> throw new IllegalArgumentException("resolve the AUTO engine first (Engines.resolve)");
    };
  }
}
