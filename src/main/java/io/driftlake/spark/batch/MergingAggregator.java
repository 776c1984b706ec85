package io.driftlake.spark.batch;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * A typed Aggregator whose input is already a partial state: {@code reduce} and {@code merge} are both
 * {@link #combine}, {@code finish} is the state itself. The columnar engine's partition states
 * and bins sketches ({@code ColumnarBinner.Merged}) merge through it.
 */
public abstract class MergingAggregator<T> extends Aggregator<T, T, T> {
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
