package io.driftlake.core.metrics;

/** The logarithm base of a divergence: {@code E} gives nats, {@code TWO} gives bits. */
public enum LogBase {
  E("e", 1.0),
  TWO("2", Math.log(2.0));

  private final String label;
  private final double lnOfBase;

  LogBase(String label, double lnOfBase) {
    this.label = label;
    this.lnOfBase = lnOfBase;
  }

  /** As written on the command line and in the drift table: {@code e} or {@code 2}. */
  public String label() {
    return label;
  }

  /** Converts a value in nats to this base: {@code nats / ln(base)}. */
  public double fromNats(double nats) {
    return nats / lnOfBase;
  }

  public static LogBase parse(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "e", "ln", "nats" -> E;
      case "2", "bits" -> TWO;
      default -> throw new IllegalArgumentException("expected e or 2");
    };
  }
}
