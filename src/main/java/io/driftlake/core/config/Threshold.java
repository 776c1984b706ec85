package io.driftlake.core.config;

/** {@code METRIC=VALUE}: a feature drifted when its metric crosses the value (see {@link Metric#crosses}). */
public record Threshold(Metric metric, double value) {

  /** Default: Jensen–Shannon distance above 0.1 (JS divergence above 0.01 bits). */
  public static final Threshold DEFAULT = new Threshold(Metric.JS_DISTANCE, 0.1);

  public Threshold {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException("threshold value must be a finite number >= 0");
    }
  }

  public static Threshold parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("expected METRIC=VALUE, e.g. js_distance=0.1");
    }
    Metric metric = Metric.parse(text.substring(0, eq));
    double value;
    try {
      value = Double.parseDouble(text.substring(eq + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text.substring(eq + 1) + "' is not a number");
    }
    return new Threshold(metric, value);
  }

  @Override
  public String toString() {
    return metric.column() + "=" + value;
  }
}
