package io.driftlake.spark.bins;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.rand;

import io.driftlake.core.config.Binning;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.NumericBinning;
import io.driftlake.spark.FeaturePlan;
import io.driftlake.spark.common.Features;
import io.driftlake.spark.engine.Grouping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The bins phase as it was before the one-scan sketch, kept in test scope as the independent path the
 * sketch's bins are checked against: a min/max aggregation and {@code percentile_approx} over a sample
 * for the numeric features, one grouped count for the categorical features and slice keys.
 */
public final class ThreeScanBins {
  private ThreeScanBins() {}

  public static Map<String, FeatureBins> freeze(Dataset<Row> reference, List<FeaturePlan.Feature> features, DriftConfig config) {
    return freeze(reference, features, List.of(), config).bins();
  }

  /**
   * Freezes the bins and the slice values: one aggregation for the numeric features, and one grouped
   * count for the categorical features and the slice keys together.
   */
  public static ReferenceBinner.Frozen freeze(Dataset<Row> reference, List<FeaturePlan.Feature> features, List<Grouping.Slice> slices,
      DriftConfig config) {
    List<FeaturePlan.Feature> numeric = new ArrayList<>();
    List<FeaturePlan.Feature> categorical = new ArrayList<>();
    for (FeaturePlan.Feature feature : features) {
      if (feature.binnable()) {
        (feature.kind() == FeatureKind.NUMERIC ? numeric : categorical).add(feature);
      }
    }
    Map<String, FeatureBins> bins = new LinkedHashMap<>();
    bins.putAll(numericBins(reference, numeric, config));
    List<Column> values = new ArrayList<>();
    List<Boolean> countsNull = new ArrayList<>();
    List<Integer> limits = new ArrayList<>();
    for (FeaturePlan.Feature feature : categorical) {
      values.add(feature.value(feature.referenceType()));
      countsNull.add(false);
      limits.add(config.maxCategories());
    }
    for (Grouping.Slice slice : slices) {
      values.add(slice.value().cast("string"));
      countsNull.add(true);
      limits.add(config.maxSlices());
    }
    List<Map<String, Long>> top = ReferenceBinner.topValues(reference, values, countsNull, limits);
    return ReferenceBinner.frozen(categorical, slices, config, bins, top);
  }

  private static Map<String, FeatureBins> numericBins(Dataset<Row> reference, List<FeaturePlan.Feature> features,
      DriftConfig config) {
    Map<String, FeatureBins> bins = new HashMap<>();
    if (features.isEmpty()) {
      return bins;
    }
    boolean quantile = config.binning() == Binning.QUANTILE && config.bins() > 1;
    // 1. exact row count, finite min and max: plain aggregates, compiled into the scan (whole-stage code)
    List<Column> extremes = new ArrayList<>();
    List<Column> finite = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      FeaturePlan.Feature feature = features.get(i);
      finite.add(Features.finiteOnly(feature.value(feature.referenceType())));
      extremes.add(min(finite.get(i)).as("min" + i));
      extremes.add(max(finite.get(i)).as("max" + i));
    }
    Row row = reference.agg(count(lit(1)).as("rows"), extremes.toArray(Column[]::new)).head();
    // 2. quantiles from a row sample only: percentile_approx is an object aggregate run row by row
    // outside the generated code, so the sample is filtered before it (fed every row, even as nulls,
    // it cost 10.6 s of a 13.5 s bins phase at 10M x 25)
    Row quantiles = null;
    if (quantile) {
      Dataset<Row> sample = reference;
      long rows = row.getLong(0);
      if (rows > ReferenceBinner.QUANTILE_SAMPLE_ROWS) {
        sample = reference.where(rand(ReferenceBinner.QUANTILE_SAMPLE_SEED).lt((double) ReferenceBinner.QUANTILE_SAMPLE_ROWS / rows));
      }
      double[] probabilities = NumericBinning.quantileProbabilities(config.bins());
      Column probabilityArray = array(java.util.Arrays.stream(probabilities).mapToObj(p -> lit(p)).toArray(Column[]::new));
      List<Column> sketches = new ArrayList<>();
      for (int i = 0; i < features.size(); i++) {
        sketches.add(percentile_approx(finite.get(i), probabilityArray, lit(ReferenceBinner.QUANTILE_ACCURACY)).as("q" + i));
      }
      quantiles = sample.agg(sketches.get(0), sketches.subList(1, sketches.size()).toArray(Column[]::new)).head();
    }
    for (int i = 0; i < features.size(); i++) {
      FeaturePlan.Feature feature = features.get(i);
      double lo = row.isNullAt(row.fieldIndex("min" + i)) ? Double.NaN : row.getDouble(row.fieldIndex("min" + i));
      double hi = row.isNullAt(row.fieldIndex("max" + i)) ? Double.NaN : row.getDouble(row.fieldIndex("max" + i));
      BinEdges edges;
      if (quantile) {
        double[] cuts = quantiles.isNullAt(i) ? new double[0]
            : quantiles.<Double>getList(i).stream().mapToDouble(Double::doubleValue).toArray();
        edges = NumericBinning.quantile(lo, hi, cuts);
      } else {
        edges = NumericBinning.equalWidth(lo, hi, config.bins());
      }
      bins.put(feature.column(), FeatureBins.numeric(feature.column(), edges));
    }
    return bins;
  }
}
