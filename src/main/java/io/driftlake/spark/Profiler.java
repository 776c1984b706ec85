package io.driftlake.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.var_pop;

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

  /**
   * Profiles the given features of {@code data} in one scan with the {@code udaf} engine: one
   * aggregation holding the row count, the packed histogram Aggregator over every feature's bin index,
   * and count, mean and population variance of each numeric feature's finite values.
   */
  public static Profile profile(Dataset<Row> data, List<Target> targets) {
    int[] binCounts = new int[targets.size()];
    Column[] binColumns = new Column[targets.size()];
    for (int i = 0; i < targets.size(); i++) {
      binCounts[i] = targets.get(i).bins().binCount();
      binColumns[i] = BinExpressions.bin(targets.get(i));
    }
    HistogramAggregators.Packed packed = new HistogramAggregators.Packed(binCounts);
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)).as("rows"));
    if (!targets.isEmpty()) {
      aggregates.add(udaf(packed, Encoders.row(HistogramAggregators.Packed.inputSchema(targets.size())))
          .apply(binColumns).as("bins"));
    }
    List<Integer> numeric = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get(i);
      if (target.bins().kind() == FeatureKind.NUMERIC) {
        Column finite = Features.finiteOnly(Features.numericValue(target.bins().column(), target.type()));
        aggregates.add(count(finite).as("n" + i));
        aggregates.add(avg(finite).as("mean" + i));
        aggregates.add(var_pop(finite).as("var" + i));
        numeric.add(i);
      }
    }
    Row row = data.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).head();
    Map<String, HistogramState> states = new LinkedHashMap<>();
    if (!targets.isEmpty()) {
      Row struct = row.getStruct(1);
      long[] counts = struct.<Long>getList(struct.fieldIndex("counts")).stream().mapToLong(Long::longValue).toArray();
      for (int i = 0; i < targets.size(); i++) {
        states.put(targets.get(i).bins().column(), packed.unpack(counts, i));
      }
    }
    for (int i : numeric) {
      HistogramState state = states.get(targets.get(i).bins().column());
      long finite = row.getLong(row.fieldIndex("n" + i));
      if (finite > 0) {
        state.setFiniteCount(finite);
        state.setFiniteMean(row.getDouble(row.fieldIndex("mean" + i)));
        state.setFiniteSquaredDeviations(row.getDouble(row.fieldIndex("var" + i)) * finite);
      }
    }
    return new Profile(row.getLong(0), states);
  }
}
