package io.driftlake.core.metrics;

import java.util.Locale;

/**
 * How zero bins are smoothed before KL divergence and PSI (JS divergence and the distances use the raw
 * proportions). With counts {@code c_i}, {@code N = Σ c_i}, {@code k} bins and {@code p_i = c_i / N}:
 * <ul>
 *   <li>{@code epsilon:ε}: {@code p'_i = max(p_i, ε) / Σ_j max(p_j, ε)} (Keras clips to 1e-7 likewise);</li>
 *   <li>{@code additive:α}: {@code p'_i = (c_i + α) / (N + kα)} (Laplace for α = 1);</li>
 *   <li>{@code none}: {@code p'_i = p_i}; KL and PSI may then be {@code +Infinity}.</li>
 * </ul>
 */
public record Smoothing(Mode mode, double parameter) {

  public enum Mode { EPSILON, ADDITIVE, NONE }

  /** Default epsilon, {@code 1e-4}: small against any bin a 20-bin histogram of real data fills. */
  public static final double EPSILON_DEFAULT = 1e-4;

  /** Default additive pseudo-count, 0.5 (Jeffreys' prior). */
  public static final double ALPHA_DEFAULT = 0.5;

  public static final Smoothing DEFAULT = epsilon(EPSILON_DEFAULT);

  public Smoothing {
    if (mode == Mode.NONE) {
      parameter = 0.0;
    } else if (!(parameter > 0) || !Double.isFinite(parameter)) {
      throw new IllegalArgumentException("smoothing parameter must be a positive finite number");
    } else if (mode == Mode.EPSILON && parameter >= 1) {
      throw new IllegalArgumentException("epsilon must be below 1");
    }
  }

  public static Smoothing epsilon(double epsilon) {
    return new Smoothing(Mode.EPSILON, epsilon);
  }

  public static Smoothing additive(double alpha) {
    return new Smoothing(Mode.ADDITIVE, alpha);
  }

  public static Smoothing none() {
    return new Smoothing(Mode.NONE, 0.0);
  }

  /** Parses {@code epsilon[:EPS]}, {@code additive[:ALPHA]} or {@code none}. */
  public static Smoothing parse(String text) {
    String[] parts = text.trim().split(":", 2);
    String name = parts[0].toLowerCase(Locale.ROOT);
    Double value = null;
    if (parts.length == 2) {
      try {
        value = Double.parseDouble(parts[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + parts[1] + "' is not a number");
      }
    }
    return switch (name) {
      case "epsilon" -> epsilon(value == null ? EPSILON_DEFAULT : value);
      case "additive" -> additive(value == null ? ALPHA_DEFAULT : value);
      case "none" -> {
        if (value != null) {
          throw new IllegalArgumentException("none takes no parameter");
        }
        yield none();
      }
      default -> throw new IllegalArgumentException("unknown smoothing '" + parts[0] + "'");
    };
  }

  /** The smoothed probabilities of these counts; all zeros when the counts sum to 0. */
  public double[] apply(long[] counts) {
    int k = counts.length;
    double total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] result = new double[k];
    if (total == 0) {
      return result;
    }
    switch (mode) {
      case NONE -> {
        for (int i = 0; i < k; i++) {
          result[i] = counts[i] / total;
        }
      }
      case ADDITIVE -> {
        double denominator = total + k * parameter;
        for (int i = 0; i < k; i++) {
          result[i] = (counts[i] + parameter) / denominator;
        }
      }
      case EPSILON -> {
        double sum = 0;
        for (int i = 0; i < k; i++) {
          result[i] = Math.max(counts[i] / total, parameter);
          sum += result[i];
        }
        for (int i = 0; i < k; i++) {
          result[i] /= sum;
        }
      }
    }
    return result;
  }

  /** As written on the command line and stored in the drift table, e.g. {@code epsilon:1.0E-4}. */
  public String label() {
    return mode == Mode.NONE ? "none" : mode.name().toLowerCase(Locale.ROOT) + ":" + parameter;
  }
}
