package io.driftlake.spark.engine.udaf;

import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryCodes;
import io.driftlake.core.histogram.FeatureValues;
import io.driftlake.core.histogram.PackedHistograms;
import io.driftlake.spark.engine.PackedLayout;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The typed {@link Aggregator} UDAF of the {@code udaf} engine: one aggregator for every feature of a
 * dataset, so a row costs one call. Its input carries the numeric values as a {@code double[]} (one
 * array per row, no boxing; null arrives as NaN) and the categorical values as a {@code long[]} of
 * codes computed by built-in expressions ({@code CategoryCoding}: no {@code String} per row);
 * {@code reduce} finds each bin with {@link BinEdges#binOf} (arithmetic for equal-width edges, a
 * branch-free search otherwise) or a {@link CategoryCodes} lookup, and increments one slot per feature
 * of the {@link PackedLayout}.
 *
 * <p>Why not numeric bin indices from built-in expressions too (as the {@code builtin} engine does)?
 * Spark compiles a stage into one Java method, limited to 64 KB of bytecode: comparison trees over 25
 * features with 100 bins or categories each exceed it, and Spark then falls back to slower
 * interpreted execution (measured: docs/performance.md). The categorical codes need no tree: an
 * {@code IN} over a hash set and one hash per value.
 */
public final class PackedAggregator extends Aggregator<FeatureValues, PackedHistograms, PackedHistograms> {
  private static final long serialVersionUID = 1L;
  private final PackedLayout layout;
  private final BinEdges[] edges;
  private final CategoryCodes[] categories;
  private final int[] offsets;
  private final CategoryCodes label;
  private final int[] jointOffsets;
  private final int[] jointAt;

  /** Counts into {@code layout}'s slots. */
  public PackedAggregator(PackedLayout layout) {
    this.layout = layout;
    this.edges = layout.edges();
    this.categories = layout.categories();
    this.offsets = layout.offsets();
    this.label = layout.label();
    this.jointOffsets = layout.jointOffsets();
    this.jointAt = layout.jointAt();
  }

  @Override
  public PackedHistograms zero() {
    return layout.zero();
  }

  @Override
  public PackedHistograms reduce(PackedHistograms buffer, FeatureValues row) {
    long[] counts = buffer.getCounts();
    double[] numbers = row.getNumbers();
    long[] codes = row.getCodes();
    // with a label (the last code), each present feature value also counts (its bin, the label's bin)
    int labelBin = -1;
    int labelBins = 0;
    if (label != null) {
      labelBins = label.binCount();
      int slot = label.slotOf(codes[codes.length - 1]);
      labelBin = slot < labelBins ? slot : -1;
    }
    long[] joint = buffer.getJointCounts();
    for (int n = 0; n < edges.length; n++) {
      double v = numbers[n];
      if (v != v) { // NaN, or a null turned into NaN
        counts[offsets[n + 1] - 1]++;
        continue;
      }
      int bin = edges[n].binOf(v);
      counts[offsets[n] + bin]++;
      if (labelBin >= 0) {
        joint[jointOffsets[n] + bin * labelBins + labelBin]++;
      }
      if (v - v == 0) { // finite
        buffer.addFinite(n, v);
      }
    }
    if (jointAt.length > 0) {
      buffer.addJoint(numbers, jointAt);
    }
    for (int c = 0; c < categories.length; c++) {
      int f = edges.length + c;
      // slots: the categories, "other", then missing, as in the packed layout
      int slot = categories[c].slotOf(codes[c]);
      counts[offsets[f] + slot]++;
      if (labelBin >= 0 && slot < categories[c].binCount()) {
        joint[jointOffsets[f] + slot * labelBins + labelBin]++;
      }
    }
    return buffer;
  }

  @Override
  public PackedHistograms merge(PackedHistograms left, PackedHistograms right) {
    return left.merge(right);
  }

  @Override
  public PackedHistograms finish(PackedHistograms buffer) {
    return buffer;
  }

  @Override
  public Encoder<PackedHistograms> bufferEncoder() {
    return Encoders.bean(PackedHistograms.class);
  }

  @Override
  public Encoder<PackedHistograms> outputEncoder() {
    return Encoders.bean(PackedHistograms.class);
  }
}
