package io.driftlake.core.histogram;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Frozen numeric bin edges {@code e_0 < e_1 < ... < e_k} with {@code e_0 = -Infinity} and
 * {@code e_k = +Infinity}: {@code k} bins. Bin {@code i} is left-closed {@code [e_i, e_{i+1})};
 * the last bin is closed on both sides, {@code [e_{k-1}, +Infinity]}, so every finite value and both
 * infinities fall in exactly one bin. {@code -0.0} is binned as {@code 0.0}. NaN has no bin.
 */
public final class BinEdges implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] edges;
  /** For edges made by equal-width binning: the first inner edge and the width; NaN otherwise. */
  private final double uniformStart;
  private final double uniformWidth;

  private BinEdges(double[] edges) {
    this(edges, Double.NaN, Double.NaN);
  }

  private BinEdges(double[] edges, double uniformStart, double uniformWidth) {
    this.edges = edges;
    this.uniformStart = uniformStart;
    this.uniformWidth = uniformWidth;
  }

  /**
   * Edges whose inner part is {@code start + i * width}: {@link #binOf} then guesses the bin by
   * arithmetic and corrects the guess against the stored edges, so the result equals the search.
   */
  static BinEdges uniform(double[] cutPoints, double start, double width) {
    BinEdges edges = fromCutPoints(cutPoints);
    return width > 0 && Double.isFinite(width) ? new BinEdges(edges.edges, start, width) : edges;
  }

  /**
   * Edges from sorted or unsorted interior cut points: NaN and infinite cut points are dropped,
   * duplicates collapse, {@code -0.0} becomes {@code 0.0}, and the two infinite outer edges are added.
   */
  public static BinEdges fromCutPoints(double... cutPoints) {
    double[] finite = Arrays.stream(cutPoints)
        .filter(Double::isFinite)
        .map(v -> v + 0.0)
        .sorted()
        .distinct()
        .toArray();
    double[] all = new double[finite.length + 2];
    all[0] = Double.NEGATIVE_INFINITY;
    System.arraycopy(finite, 0, all, 1, finite.length);
    all[all.length - 1] = Double.POSITIVE_INFINITY;
    return new BinEdges(all);
  }

  /** Edges exactly as stored in the drift table's {@code bin_edges} column. */
  public static BinEdges of(double[] storedEdges) {
    if (storedEdges.length < 2
        || storedEdges[0] != Double.NEGATIVE_INFINITY
        || storedEdges[storedEdges.length - 1] != Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("bin edges must start at -Infinity and end at +Infinity");
    }
    for (int i = 1; i < storedEdges.length; i++) {
      if (!(storedEdges[i] > storedEdges[i - 1])) {
        throw new IllegalArgumentException("bin edges must be strictly increasing");
      }
    }
    return new BinEdges(storedEdges.clone());
  }

  /** Number of bins, {@code edges().length - 1}. */
  public int binCount() {
    return edges.length - 1;
  }

  /** A copy of the edges, {@code -Infinity} first and {@code +Infinity} last. */
  public double[] edges() {
    return edges.clone();
  }

  /**
   * The bin of {@code value}: the largest {@code i < k} with {@code e_i <= value}, so the last bin
   * also takes {@code +Infinity}. No allocation. Equal-width edges: one division and a correction
   * step; others: a branch-free binary search (a fixed number of halvings whose step is a conditional
   * move, not a branch). {@code <=} on doubles treats {@code -0.0} as {@code 0.0}. Undefined for NaN
   * (callers count it as missing).
   */
  public int binOf(double value) {
    int last = edges.length - 2;
    if (uniformWidth == uniformWidth) { // not NaN: equal-width edges
      double guess = (value - uniformStart) / uniformWidth;
      int bin = guess < 0 ? 0 : guess >= last ? last : (int) guess + 1;
      while (bin > 0 && edges[bin] > value) {
        bin--;
      }
      while (bin < last && edges[bin + 1] <= value) {
        bin++;
      }
      return bin;
    }
    int base = 0;
    int n = edges.length - 1;
    while (n > 1) {
      int half = n >>> 1;
      base = edges[base + half] <= value ? base + half : base;
      n -= half;
    }
    return base;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BinEdges that && Arrays.equals(edges, that.edges);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(edges);
  }

  @Override
  public String toString() {
    return Arrays.toString(edges);
  }
}
