package io.driftlake.spark;

import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.HistogramState;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Typed {@link Aggregator} UDAFs over frozen bins: thin adapters whose {@code reduce} counts one value
 * into the pure {@link HistogramState} (no per-row allocation beyond Spark's input boxing), and whose
 * {@code merge} is {@link HistogramState#merge}. Registered with {@code functions.udaf}, one per
 * feature, all in one {@code agg(...)}: one scan for every feature of a dataset.
 */
public final class HistogramAggregators {
  private HistogramAggregators() {}

  /** The buffer and output encoder: a bean with a {@code long[]} (Kryo buffers fail on Spark 4.0). */
  static Encoder<HistogramState> stateEncoder() {
    return Encoders.bean(HistogramState.class);
  }

  /** Counts doubles into numeric bins; null and NaN are missing. */
  public static final class Numeric extends Aggregator<Double, HistogramState, HistogramState> {
    private static final long serialVersionUID = 1L;
    private final BinEdges edges;

    public Numeric(BinEdges edges) {
      this.edges = edges;
    }

    @Override
    public HistogramState zero() {
      return HistogramState.empty(edges.binCount());
    }

    @Override
    public HistogramState reduce(HistogramState state, Double value) {
      return value == null ? state.addMissing() : state.addNumeric(edges, value);
    }

    @Override
    public HistogramState merge(HistogramState left, HistogramState right) {
      return left.merge(right);
    }

    @Override
    public HistogramState finish(HistogramState state) {
      return state;
    }

    @Override
    public Encoder<HistogramState> bufferEncoder() {
      return stateEncoder();
    }

    @Override
    public Encoder<HistogramState> outputEncoder() {
      return stateEncoder();
    }
  }

  /** Counts strings into the top-K category bins plus "other"; null is missing. */
  public static final class Categorical extends Aggregator<String, HistogramState, HistogramState> {
    private static final long serialVersionUID = 1L;
    private final CategoryBins bins;

    public Categorical(CategoryBins bins) {
      this.bins = bins;
    }

    @Override
    public HistogramState zero() {
      return HistogramState.empty(bins.binCount());
    }

    @Override
    public HistogramState reduce(HistogramState state, String value) {
      return value == null ? state.addMissing() : state.addCategory(bins, value);
    }

    @Override
    public HistogramState merge(HistogramState left, HistogramState right) {
      return left.merge(right);
    }

    @Override
    public HistogramState finish(HistogramState state) {
      return state;
    }

    @Override
    public Encoder<HistogramState> bufferEncoder() {
      return stateEncoder();
    }

    @Override
    public Encoder<HistogramState> outputEncoder() {
      return stateEncoder();
    }
  }
}
