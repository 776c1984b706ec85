package io.driftlake.spark.engine;

import io.driftlake.core.histogram.FeatureBins;
import org.apache.spark.sql.types.DataType;

/** One feature to profile: its frozen bins and the column's type in the dataset being profiled. */
public record ProfileTarget(FeatureBins bins, DataType type) {}
