package io.driftlake.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.var_pop;

import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code builtin} engine: histograms from built-in expressions only, so that the RAPIDS
 * Accelerator can run the whole histogram stage on the GPU. Per feature, a balanced comparison tree
 * gives the bin index (no UDF, no {@code width_bucket}, which RAPIDS runs only through its CPU bridge);
 * the features are unpivoted into (feature, bin, value) rows and counted with one grouped aggregation,
 * which also carries count, mean and population variance of the finite values per bin. Still one scan.
 */
final class BuiltinProfiler {
  private BuiltinProfiler() {}

  /** Name of the label's bin column, a grouping key when a label is profiled. */
  private static final String LABEL_BIN = "__driftlake_label_bin";

  static Map<GroupKey, DatasetProfile> profile(Dataset<Row> data, List<Profiler.Target> targets, Grouping grouping,
      Profiler.Target label) {
    Dataset<Row> keyed = grouping.apply(data);
    Column[] groupKeys = grouping.keys();
    Column[] keys = groupKeys;
    if (label != null) {
      keyed = keyed.withColumn(LABEL_BIN, BinExpressions.bin(label));
      keys = java.util.Arrays.copyOf(groupKeys, groupKeys.length + 1);
      keys[groupKeys.length] = col(LABEL_BIN);
    }
    int labelBins = label == null ? 0 : label.bins().binCount();
    Map<GroupKey, DatasetProfile> profiles = new LinkedHashMap<>();
    if (targets.isEmpty()) {
      for (Row row : keyed.groupBy(groupKeys).agg(count(lit(1))).collectAsList()) {
        profiles.put(grouping.key(row, 0), new DatasetProfile(row.getLong(3), Map.of()));
      }
      return profiles;
    }
    Column[] cells = new Column[targets.size()];
    Column[] cellRefs = new Column[targets.size()];
    for (int i = 0; i < targets.size(); i++) {
      Profiler.Target target = targets.get(i);
      FeatureBins bins = target.bins();
      Column value = bins.kind() == FeatureKind.NUMERIC
          ? Features.finiteOnly(Features.numericValue(bins.column(), target.type()))
          : lit(null).cast("double");
      cells[i] = struct(BinExpressions.bin(target).as("bin"), value.as("value")).as("f" + i);
      cellRefs[i] = col("f" + i);
    }
    Column[] selected = new Column[keys.length + cells.length];
    System.arraycopy(keys, 0, selected, 0, keys.length);
    System.arraycopy(cells, 0, selected, keys.length, cells.length);
    Column[] groupBy = new Column[keys.length + 2];
    System.arraycopy(keys, 0, groupBy, 0, keys.length);
    groupBy[keys.length] = col("feature");
    groupBy[keys.length + 1] = col("cell.bin").as("bin");
    List<Row> groups = keyed.select(selected)
        .unpivot(keys, cellRefs, "feature", "cell")
        .groupBy(groupBy)
        .agg(count(lit(1)).as("n"), count(col("cell.value")).as("finite"),
            avg(col("cell.value")).as("mean"), var_pop(col("cell.value")).as("variance"))
        .collectAsList();
    Map<GroupKey, List<Row>> byGroup = new LinkedHashMap<>();
    for (Row row : groups) {
      byGroup.computeIfAbsent(grouping.key(row, 0), k -> new ArrayList<>()).add(row);
    }
    int k = keys.length;
    byGroup.forEach((key, rows) -> profiles.put(key, assemble(targets, rows, k, labelBins)));
    return profiles;
  }

  /** Folds the (feature, bin) groups into one state per feature, merging the per-bin moments (Chan et al.). */
  private static DatasetProfile assemble(List<Profiler.Target> targets, List<Row> groups, int k, int labelBins) {
    List<Row> sorted = new ArrayList<>(groups);
    sorted.sort(Comparator.comparing((Row r) -> r.getString(k)).thenComparing(r -> r.getInt(k + 1))
        .thenComparing(r -> labelBins == 0 ? 0 : r.getInt(k - 1)));
    Map<String, HistogramState> states = new LinkedHashMap<>();
    long[] rowsPerFeature = new long[targets.size()];
    for (Profiler.Target target : targets) {
      HistogramState empty = HistogramState.empty(target.bins().binCount());
      if (labelBins > 0) {
        empty.setJointLabelCounts(new long[target.bins().binCount() * labelBins]);
      }
      states.put(target.bins().column(), empty);
    }
    for (Row group : sorted) {
      int feature = Integer.parseInt(group.getString(k).substring(1));
      FeatureBins bins = targets.get(feature).bins();
      long n = group.getLong(k + 2);
      rowsPerFeature[feature] += n;
      HistogramState part = HistogramState.empty(bins.binCount());
      if (labelBins > 0) {
        part.setJointLabelCounts(new long[bins.binCount() * labelBins]);
      }
      if (group.getInt(k + 1) == BinExpressions.MISSING) {
        part.setMissingCount(n);
      } else {
        part.getBinCounts()[group.getInt(k + 1)] = n;
        if (labelBins > 0 && group.getInt(k - 1) != BinExpressions.MISSING) {
          part.getJointLabelCounts()[group.getInt(k + 1) * labelBins + group.getInt(k - 1)] = n;
        }
        long finite = group.getLong(k + 3);
        if (finite > 0) {
          part.setFiniteCount(finite);
          part.setFiniteMean(group.getDouble(k + 4));
          part.setFiniteSquaredDeviations(group.getDouble(k + 5) * finite);
        }
      }
      states.get(bins.column()).merge(part);
    }
    return new DatasetProfile(rowsPerFeature[0], states);
  }

}
