package io.driftlake.core.histogram;

import java.io.Serializable;

/**
 * One row's feature values as the packed Aggregator receives them: the numeric features as a
 * {@code double[]} (null already turned into NaN, so there is no boxing) and the categorical ones as
 * a {@code String[]}. A Java bean for Spark's encoder.
 */
public final class FeatureValues implements Serializable {
  private static final long serialVersionUID = 1L;

  private double[] numbers = new double[0];
  private String[] strings = new String[0];

  public FeatureValues() {}

  public static FeatureValues of(double[] numbers, String[] strings) {
    FeatureValues values = new FeatureValues();
    values.numbers = numbers;
    values.strings = strings;
    return values;
  }

  public double[] getNumbers() {
    return numbers;
  }

  public void setNumbers(double[] numbers) {
    this.numbers = numbers;
  }

  public String[] getStrings() {
    return strings;
  }

  public void setStrings(String[] strings) {
    this.strings = strings;
  }
}
