package io.driftlake.spark.engine;

import io.driftlake.spark.bins.ColumnarBinner;

import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.FeatureValues;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.histogram.PackedHistograms;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.CategoryCodes;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The typed {@link Aggregator} UDAF of the {@code udaf} engine: one aggregator for every feature of a
 * dataset, so a row costs one call. Its input carries the numeric values as a {@code double[]} (one
 * array per row, no boxing; null arrives as NaN) and the categorical values as a {@code long[]} of
 * codes computed by built-in expressions ({@link CategoryCoding}: no {@code String} per row);
 * {@code reduce} finds each bin with {@link BinEdges#binOf} (arithmetic for equal-width edges, a
 * branch-free search otherwise) or a {@link CategoryCodes} lookup, and increments one slot per feature.
 *
 * <p>Why not numeric bin indices from built-in expressions too (as the {@code builtin} engine does)?
 * Spark compiles a stage into one Java method, limited to 64 KB of bytecode: comparison trees over 25
 * features with 100 bins or categories each exceed it, and Spark then falls back to slower
 * interpreted execution (measured: docs/performance.md). The categorical codes need no tree: an
 * {@code IN} over a hash set and one hash per value.
 */
public final class HistogramAggregators {
  private HistogramAggregators() {}

  /**
   * A typed Aggregator whose input is already a partial state: {@code reduce} and {@code merge} are both
   * {@link #combine}, {@code finish} is the state itself. The columnar engine's partition states (here)
   * and bins sketches ({@link ColumnarBinner.Merged}) merge through it.
   */
  public abstract static class MergingAggregator<T> extends Aggregator<T, T, T> {
    private static final long serialVersionUID = 1L;

    /** Adds {@code right} into {@code left}; returns the merged state. */
    public abstract T combine(T left, T right);

    /** The encoder of the state, for buffer and output. */
    public abstract Encoder<T> encoder();

    @Override
    public T reduce(T buffer, T partition) {
      return combine(buffer, partition);
    }

    @Override
    public T merge(T left, T right) {
      return combine(left, right);
    }

    @Override
    public T finish(T buffer) {
      return buffer;
    }

    @Override
    public Encoder<T> bufferEncoder() {
      return encoder();
    }

    @Override
    public Encoder<T> outputEncoder() {
      return encoder();
    }
  }

  /**
   * Merges per-partition {@link PackedHistograms} (the {@code columnar} engine's states, one per partition
   * and group) across partitions with {@link PackedHistograms#merge}.
   */
  public static final class Merged extends MergingAggregator<PackedHistograms> {
    private static final long serialVersionUID = 1L;
    private final Packed layout;

    /** For states of {@code layout}'s shape. */
    public Merged(Packed layout) {
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

  /** Counts rows of {@link FeatureValues} into {@link PackedHistograms}. */
  public static final class Packed extends Aggregator<FeatureValues, PackedHistograms, PackedHistograms> {
    private static final long serialVersionUID = 1L;
    private final BinEdges[] edges;
    private final CategoryCodes[] categories;
    /** Slot offsets of the numeric features, then of the categorical ones (and the total). */
    private final int[] offsets;
    /** The label's codes when joint (feature bin, label bin) counts are kept, else null. */
    private final CategoryCodes label;
    /** Joint-count offsets per feature (and the total); each feature owns {@code bins × labelBins} slots. */
    private final int[] jointOffsets;
    /** Numeric indices of the joint features, whose co-moments are kept (empty: none). */
    private final int[] jointAt;

    /** For these features; numeric ones are read from {@code numbers}, categorical ones from {@code codes}, each in list order. */
    public Packed(List<FeatureBins> features) {
      this(features, null);
    }

    /**
     * With a label: its code is the last entry of {@code codes}, and every feature also counts
     * (its bin, the label's bin) for rows where both are present, for mutual information.
     */
    public Packed(List<FeatureBins> features, CategoryBins label) {
      this(features, features.stream().filter(f -> f.kind() == FeatureKind.CATEGORICAL)
          .map(f -> CategoryCoding.codes(f.categories())).toList(), label == null ? null : CategoryCoding.codes(label));
    }

    /**
     * With the code tables the input expressions were built with ({@link CategoryCoding.Coded#codes}),
     * one per categorical feature in order, and the label's (or null), so both sides share one table.
     */
    public Packed(List<FeatureBins> features, List<CategoryCodes> categoryCodes, CategoryCodes label) {
      this(features, categoryCodes, label, new int[0]);
    }

    /**
     * As above, also keeping the co-moments ({@link io.driftlake.core.histogram.CoMoments}) of the
     * numeric features at {@code jointAt} (indices among the numeric features) over rows where all are finite.
     */
    public Packed(List<FeatureBins> features, List<CategoryCodes> categoryCodes, CategoryCodes label, int[] jointAt) {
      this.jointAt = jointAt.clone();
      this.edges = features.stream().filter(f -> f.kind() == FeatureKind.NUMERIC).map(FeatureBins::edges)
          .toArray(BinEdges[]::new);
      this.categories = categoryCodes.toArray(CategoryCodes[]::new);
      int[] binCounts = new int[edges.length + categories.length];
      for (int n = 0; n < edges.length; n++) {
        binCounts[n] = edges[n].binCount();
      }
      for (int c = 0; c < categories.length; c++) {
        binCounts[edges.length + c] = categories[c].binCount();
      }
      this.offsets = PackedHistograms.offsets(binCounts);
      this.label = label;
      this.jointOffsets = new int[binCounts.length + 1];
      for (int f = 0; f < binCounts.length; f++) {
        jointOffsets[f + 1] = jointOffsets[f] + (label == null ? 0 : binCounts[f] * label.binCount());
      }
    }

    @Override
    public PackedHistograms zero() {
      return PackedHistograms.empty(offsets[offsets.length - 1], edges.length, jointOffsets[jointOffsets.length - 1],
          jointAt.length);
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

    /** The numeric features' edges, in numeric order. */
    public BinEdges[] edges() {
      return edges.clone();
    }

    /** Where each feature's slots start (numeric, then categorical), and the total. */
    public int[] offsets() {
      return offsets.clone();
    }

    /** Where each feature's joint (bin, label bin) slots start, and the total; all 0 without a label. */
    public int[] jointOffsets() {
      return jointOffsets.clone();
    }

    /** The label's bins (its categories and "other"), 0 without a label. */
    public int labelBins() {
      return label == null ? 0 : label.binCount();
    }

    /** Numeric indices of the joint features. */
    public int[] jointAt() {
      return jointAt.clone();
    }

    /** The state of the {@code n}-th numeric feature. */
    public HistogramState numeric(PackedHistograms result, int n) {
      HistogramState state = result.unpack(offsets[n], offsets[n + 1], n);
      if (label != null) {
        result.unpackJoint(state, jointOffsets[n], jointOffsets[n + 1]);
      }
      return state;
    }

    /** The state of the {@code c}-th categorical feature. */
    public HistogramState categorical(PackedHistograms result, int c) {
      int f = edges.length + c;
      HistogramState state = result.unpack(offsets[f], offsets[f + 1], -1);
      if (label != null) {
        result.unpackJoint(state, jointOffsets[f], jointOffsets[f + 1]);
      }
      return state;
    }
  }
}
