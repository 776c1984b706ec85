package io.driftlake.spark;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udaf;

import io.driftlake.core.config.Engine;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;

/**
 * Profiles a dataset over frozen bins: one {@code agg(...)} holding a typed histogram UDAF per
 * feature and the row count, so every feature is counted in a single scan.
 */
public final class Profiler {
  private Profiler() {}

  /** A dataset's histogram states by column, and its row count. */
  public record Profile(long rowCount, Map<String, HistogramState> states) {}

  /** One feature to profile: its frozen bins and the column's type in this dataset. */
  public record Target(FeatureBins bins, DataType type) {}

  /** Profiles the given features of {@code data} in one scan with the given engine ({@code AUTO} resolved first). */
  public static Profile profile(Engine engine, Dataset<Row> data, List<Target> targets) {
    return switch (engine) {
      case BUILTIN -> BuiltinProfiler.profile(data, targets);
      case UDAF -> profile(data, targets);
      case AUTO -> throw new IllegalArgumentException("resolve the AUTO engine first (Profiler.resolve)");
    };
  }

  /**
   * {@code AUTO} becomes {@code BUILTIN} when the session runs the RAPIDS plugin (typed Aggregators
   * never run on the GPU), else {@code UDAF}.
   */
  public static Engine resolve(Engine engine, SparkSession spark) {
    if (engine != Engine.AUTO) {
      return engine;
    }
    String plugins = spark.conf().get("spark.plugins", "");
    boolean rapids = plugins.contains("com.nvidia.spark.SQLPlugin")
        && !"false".equalsIgnoreCase(spark.conf().get("spark.rapids.sql.enabled", "true"));
    return rapids ? Engine.BUILTIN : Engine.UDAF;
  }

  /** Profiles the given features of {@code data} in one scan with the typed Aggregator UDAFs. */
  public static Profile profile(Dataset<Row> data, List<Target> targets) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)).as("rows"));
    for (int i = 0; i < targets.size(); i++) {
      aggregates.add(histogramColumn(targets.get(i)).as("h" + i));
    }
    Row row = data.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).head();
    Map<String, HistogramState> states = new LinkedHashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      states.put(targets.get(i).bins().column(), toState(row.getStruct(i + 1)));
    }
    return new Profile(row.getLong(0), states);
  }

  /** The aggregate column counting one feature into its frozen bins. */
  static Column histogramColumn(Target target) {
    FeatureBins bins = target.bins();
    if (bins.kind() == FeatureKind.NUMERIC) {
      return udaf(new HistogramAggregators.Numeric(bins.edges()), Encoders.DOUBLE())
          .apply(Features.numericValue(bins.column(), target.type()));
    }
    return udaf(new HistogramAggregators.Categorical(bins.categories()), Encoders.STRING())
        .apply(Features.categoricalValue(bins.column(), target.type()));
  }

  /** Reads the aggregate's output struct (the bean's fields, by name) back into a state. */
  static HistogramState toState(Row struct) {
    HistogramState state = new HistogramState();
    List<Long> counts = struct.getList(struct.fieldIndex("binCounts"));
    state.setBinCounts(counts.stream().mapToLong(Long::longValue).toArray());
    state.setMissingCount(struct.getLong(struct.fieldIndex("missingCount")));
    state.setFiniteCount(struct.getLong(struct.fieldIndex("finiteCount")));
    state.setFiniteMean(struct.getDouble(struct.fieldIndex("finiteMean")));
    state.setFiniteSquaredDeviations(struct.getDouble(struct.fieldIndex("finiteSquaredDeviations")));
    return state;
  }
}
