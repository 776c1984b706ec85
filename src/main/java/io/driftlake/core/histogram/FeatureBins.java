package io.driftlake.core.histogram;

import java.io.Serializable;
import java.util.List;

/**
 * The frozen bins of one feature: numeric {@link BinEdges} or {@link CategoryBins}, exactly one of
 * them. Taken from the reference, then applied unchanged to every dataset compared with it.
 */
public record FeatureBins(String column, FeatureKind kind, BinEdges edges, CategoryBins categories)
    implements Serializable {

  public FeatureBins {
    if ((kind == FeatureKind.NUMERIC) != (edges != null) || (kind == FeatureKind.CATEGORICAL) != (categories != null)) {
      throw new IllegalArgumentException("numeric bins need edges, categorical bins need categories");
    }
  }

  public static FeatureBins numeric(String column, BinEdges edges) {
    return new FeatureBins(column, FeatureKind.NUMERIC, edges, null);
  }

  public static FeatureBins categorical(String column, CategoryBins categories) {
    return new FeatureBins(column, FeatureKind.CATEGORICAL, null, categories);
  }

  public int binCount() {
    return kind == FeatureKind.NUMERIC ? edges.binCount() : categories.binCount();
  }

  /** The stored edges, or null for a categorical feature. */
  public double[] edgeArray() {
    return edges == null ? null : edges.edges();
  }

  /** The stored category labels ("other" last), or null for a numeric feature. */
  public List<String> categoryLabels() {
    return categories == null ? null : categories.labels();
  }
}
