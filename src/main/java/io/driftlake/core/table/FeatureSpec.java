package io.driftlake.core.table;

import io.driftlake.core.histogram.FeatureBins;

/**
 * A planned feature as the comparison needs it: its column, the reference's Spark type name, its
 * frozen bins (null when it could not be binned), and why it cannot be compared (null when it can).
 */
public record FeatureSpec(String column, String dataType, FeatureBins bins, String problem) {

  public boolean binnable() {
    return bins != null;
  }
}
