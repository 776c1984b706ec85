package io.driftlake.spark.engine.builtin;

import io.driftlake.spark.common.Features;
import io.driftlake.spark.engine.CategoryCoding;
import io.driftlake.spark.engine.ProfileTarget;

import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Bin indices as built-in Column expressions, for the {@code builtin} engine ({@link BuiltinEngine}; the
 * {@code udaf} engine bins inside its Aggregator, over values and {@link CategoryCoding} codes): per row
 * they are evaluated by Spark's generated code (and, under RAPIDS, on the GPU), never by a UDF. Missing
 * values (null, NaN) get {@link #MISSING}.
 */
public final class BinExpressions {
  /** The bin index of a missing value. */
  static final int MISSING = -1;

  private BinExpressions() {}

  /** The bin index of a feature's value in a dataset where the column has type {@code type}. */
  public static Column bin(ProfileTarget target) {
    FeatureBins bins = target.bins();
    if (bins.kind() == FeatureKind.NUMERIC) {
      Column v = Features.numericValue(bins.column(), target.type());
      return when(v.isNull().or(isnan(v)), lit(MISSING)).otherwise(numericTree(v, bins.edges().edges(), 0,
          bins.edges().binCount() - 1));
    }
    Column v = Features.categoricalValue(bins.column(), target.type());
    return when(v.isNull(), lit(MISSING)).otherwise(categoryBin(v, bins.categories()));
  }

  /**
   * A balanced tree of comparisons with the edges: bin {@code i} holds {@code e_i <= v < e_{i+1}}, so
   * {@code v < e_mid} sends the value below {@code mid}. Depth ⌈log2 k⌉; NaN must be excluded first.
   * Spark compares {@code -0.0} and {@code 0.0} as equal, as {@link io.driftlake.core.histogram.BinEdges} does.
   */
  private static Column numericTree(Column v, double[] edges, int lo, int hi) {
    if (lo == hi) {
      return lit(lo);
    }
    int mid = (lo + hi + 1) >>> 1;
    return when(v.lt(lit(edges[mid])), numericTree(v, edges, lo, mid - 1)).otherwise(numericTree(v, edges, mid, hi));
  }

  /**
   * A comparison tree over the categories sorted in Spark's string order (UTF-8 bytes, unsigned),
   * ending in an equality test; anything else is the "other" bin.
   */
  private static Column categoryBin(Column v, CategoryBins bins) {
    List<String> categories = bins.categories();
    int other = categories.size();
    if (categories.isEmpty()) {
      return lit(other);
    }
    Integer[] order = new Integer[categories.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(
        categories.get(a).getBytes(StandardCharsets.UTF_8), categories.get(b).getBytes(StandardCharsets.UTF_8)));
    return categoryTree(v, categories, order, 0, order.length - 1, other);
  }

  private static Column categoryTree(Column v, List<String> categories, Integer[] order, int lo, int hi, int other) {
    if (lo == hi) {
      return when(v.equalTo(lit(categories.get(order[lo]))), lit(order[lo])).otherwise(lit(other));
    }
    int mid = (lo + hi + 1) >>> 1;
    return when(v.lt(lit(categories.get(order[mid]))), categoryTree(v, categories, order, lo, mid - 1, other))
        .otherwise(categoryTree(v, categories, order, mid, hi, other));
  }
}
