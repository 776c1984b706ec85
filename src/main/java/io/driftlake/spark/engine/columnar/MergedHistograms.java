package io.driftlake.spark.engine.columnar;

import io.driftlake.core.histogram.PackedHistograms;
import io.driftlake.spark.batch.MergingAggregator;
import io.driftlake.spark.engine.PackedLayout;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * Merges per-partition {@link PackedHistograms} (the {@code columnar} engine's states, one per partition
 * and group) across partitions with {@link PackedHistograms#merge}.
 */
public final class MergedHistograms extends MergingAggregator<PackedHistograms> {
  private static final long serialVersionUID = 1L;
  private final PackedLayout layout;

  /** For states of {@code layout}'s shape. */
  public MergedHistograms(PackedLayout layout) {
    this.layout = layout;
  }

  @Override
  public PackedHistograms zero() {
    return layout.zero();
  }

  @Override
  public PackedHistograms combine(PackedHistograms left, PackedHistograms right) {
    return left.merge(right);
  }

  @Override
  public Encoder<PackedHistograms> encoder() {
    return Encoders.bean(PackedHistograms.class);
  }
}
