package io.driftlake.core.histogram;

import java.io.Serializable;

/**
 * One row's feature values as the packed Aggregator receives them: the numeric features as a
 * {@code double[]} (null already turned into NaN, so there is no boxing) and the categorical ones as
 * a {@code long[]} of codes ({@link CategoryCodes}: a category's code, "other" or "missing"), so no
 * {@code String} is built per row. A Java bean for Spark's encoder, whose fields it orders by name:
 * {@code codes}, then {@code numbers}.
 */
public final class FeatureValues implements Serializable {
  private static final long serialVersionUID = 2L;

  private long[] codes = new long[0];
  private double[] numbers = new double[0];

  public FeatureValues() {}

  public static FeatureValues of(double[] numbers, long[] codes) {
    FeatureValues values = new FeatureValues();
    values.numbers = numbers;
    values.codes = codes;
    return values;
  }

  public double[] getNumbers() {
    return numbers;
  }

  public void setNumbers(double[] numbers) {
    this.numbers = numbers;
  }

  public long[] getCodes() {
    return codes;
  }

  public void setCodes(long[] codes) {
    this.codes = codes;
  }
}
