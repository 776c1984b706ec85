package io.driftlake.spark;

import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.histogram.PackedCounts;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The typed {@link Aggregator} UDAF of the {@code udaf} engine: one aggregator for all features of a
 * dataset. Its input is a row of bin indices already computed by built-in expressions (see
 * {@link BinExpressions}; -1 means missing), so {@code reduce} is one array increment per feature:
 * no per-row allocation beyond Spark's input row, no boxing (bin indices below 128 come from the
 * {@code Integer} cache), no search in Java.
 */
public final class HistogramAggregators {
  private HistogramAggregators() {}

  /** Counts a row of bin indices into {@link PackedCounts}. */
  public static final class Packed extends Aggregator<Row, PackedCounts, PackedCounts> {
    private static final long serialVersionUID = 1L;
    private final int[] offsets;

    /** For features with these bin counts, in input column order. */
    public Packed(int[] binCounts) {
      this.offsets = PackedCounts.offsets(binCounts);
    }

    /** The input schema: one non-null int bin index per feature. */
    public static StructType inputSchema(int features) {
      StructType schema = new StructType();
      for (int f = 0; f < features; f++) {
        schema = schema.add("b" + f, DataTypes.IntegerType, false);
      }
      return schema;
    }

    @Override
    public PackedCounts zero() {
      return PackedCounts.empty(offsets[offsets.length - 1]);
    }

    @Override
    public PackedCounts reduce(PackedCounts buffer, Row bins) {
      long[] counts = buffer.getCounts();
      for (int f = 0; f < offsets.length - 1; f++) {
        int bin = bins.getInt(f);
        counts[bin >= 0 ? offsets[f] + bin : offsets[f + 1] - 1]++;
      }
      return buffer;
    }

    @Override
    public PackedCounts merge(PackedCounts left, PackedCounts right) {
      return left.merge(right);
    }

    @Override
    public PackedCounts finish(PackedCounts buffer) {
      return buffer;
    }

    @Override
    public Encoder<PackedCounts> bufferEncoder() {
      return Encoders.bean(PackedCounts.class);
    }

    @Override
    public Encoder<PackedCounts> outputEncoder() {
      return Encoders.bean(PackedCounts.class);
    }

    /** Unpacks feature {@code f}'s bins and missing count into a state (moments are added by the caller). */
    public HistogramState unpack(long[] counts, int feature) {
      int from = offsets[feature];
      int to = offsets[feature + 1] - 1;
      HistogramState state = HistogramState.empty(to - from);
      System.arraycopy(counts, from, state.getBinCounts(), 0, to - from);
      state.setMissingCount(counts[to]);
      return state;
    }
  }
}
