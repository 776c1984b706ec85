package io.driftlake.core.histogram;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Bins chosen at comparison time from a reference's {@link NumericCells}, and exact bin counts of any
 * state under them. Every cut point is a cell boundary at the reference's level, so a state at that
 * level or finer has no cell cut by an edge and its bin counts are exact sums of cells.
 *
 * <p>Outer bins keep {@link NumericBinning}'s meaning: the inner edges run from the lower edge of the
 * minimum's cell to the upper edge of the maximum's cell ({@code min} and {@code nextUp(max)} while the
 * reference is exact, level 52), so {@code [-Infinity, lo(min))} and {@code [hi(max), +Infinity]} are
 * empty in the reference's finite values. A reference with no finite value gets the single bin
 * {@code [-Infinity, +Infinity]}. Usage: coarsen the reference to {@link #commonLevel} of all the
 * states compared, choose edges from it, then {@link #binCounts} each state.
 */
public final class CellBinning {
  private CellBinning() {}

  /** The coarsest level among states compared together (every one of them can be counted at it). */
  public static int commonLevel(NumericCells... states) {
    return commonLevel(Arrays.asList(states));
  }

  /** The coarsest level among states compared together. */
  public static int commonLevel(Collection<NumericCells> states) {
    if (states.isEmpty()) {
      throw new IllegalArgumentException("commonLevel needs at least one state");
    }
    int level = NumericCells.EXACT_LEVEL;
    for (NumericCells state : states) {
      level = Math.min(level, state.level());
    }
    return level;
  }

  /**
   * Quantile edges at the reference's level. Few distinct values: when the reference is exact
   * (level 52) with at most {@code bins} non-empty cells, the cut points are every distinct value and
   * {@code nextUp(max)}, one bin per value. Otherwise the cut points are the outer edges above and, for
   * {@code p = i/bins, i = 1..bins-1}, the cell boundary whose cumulative count is nearest
   * {@code p·N} ({@code N} the finite count; ties to the lower boundary): the rank of each edge is
   * within one cell's count of the target. Duplicate cut points collapse.
   */
  public static BinEdges quantileEdges(NumericCells reference, int bins) {
    checkBins(bins);
    long[] keys = reference.cellKeys();
    if (keys.length == 0) {
      return BinEdges.fromCutPoints();
    }
    int level = reference.level();
    if (level == NumericCells.EXACT_LEVEL && keys.length <= bins) {
      return BinEdges.fromCutPoints(boundaries(keys, level));
    }
    long[] counts = reference.cellCounts(keys);
    // boundary j is the lower edge of cell j (j = keys.length: the upper edge of the last cell)
    long[] cumulative = new long[keys.length + 1];
    for (int j = 0; j < keys.length; j++) {
      cumulative[j + 1] = cumulative[j] + counts[j];
    }
    long total = cumulative[keys.length];
    double[] cuts = new double[bins + 1];
    cuts[0] = NumericCells.lowerBound(keys[0], level);
    cuts[bins] = NumericCells.upperBound(keys[keys.length - 1], level);
    for (int i = 1; i < bins; i++) {
      double target = (double) total * i / bins;
      int above = lowerIndex(cumulative, target); // first j with cumulative[j] >= target
      int best = above;
      if (above > 0 && target - cumulative[above - 1] <= cumulative[above] - target) {
        best = above - 1;
      }
      cuts[i] = boundary(keys, best, level);
    }
    return BinEdges.fromCutPoints(cuts);
  }

  /**
   * Equal-width edges at the reference's level: {@code lo + i·(hi − lo)/bins} for {@code i = 1..bins-1},
   * each moved to the nearer boundary of the cell it falls in ({@code lo}, {@code hi} the outer edges
   * above), so every edge is within one cell of the equal-width target. Few distinct values are treated
   * as in {@link #quantileEdges}. Duplicate cut points collapse.
   */
  public static BinEdges equalWidthEdges(NumericCells reference, int bins) {
    checkBins(bins);
    long[] keys = reference.cellKeys();
    if (keys.length == 0) {
      return BinEdges.fromCutPoints();
    }
    int level = reference.level();
    if (level == NumericCells.EXACT_LEVEL && keys.length <= bins) {
      return BinEdges.fromCutPoints(boundaries(keys, level));
    }
    double lo = NumericCells.lowerBound(keys[0], level);
    double hi = NumericCells.upperBound(keys[keys.length - 1], level);
    double top = Double.isFinite(hi) ? hi : Double.MAX_VALUE;
    double width = top / bins - lo / bins; // no overflow for the full double range
    double[] cuts = new double[bins + 1];
    cuts[0] = lo;
    cuts[bins] = hi;
    for (int i = 1; i < bins; i++) {
      double target = Math.min(top, lo + i * width);
      long key = NumericCells.cellKey(target, level);
      double below = NumericCells.lowerBound(key, level);
      double above = NumericCells.upperBound(key, level);
      cuts[i] = target - below <= above - target ? below : above;
    }
    return BinEdges.fromCutPoints(cuts);
  }

  /**
   * Exact bin counts of {@code state} under {@code edges}: each cell's count goes to the bin of its
   * lower edge, {@code -Infinity}s to the first bin, {@code +Infinity}s to the last; null and NaN are
   * missing (in no bin). A state finer than the edges' level needs no coarsening: the edges are cell
   * boundaries at every finer level too.
   *
   * @throws IllegalArgumentException when an edge cuts one of the state's cells (the state is coarser
   *     than the level the edges were chosen at)
   */
  public static long[] binCounts(NumericCells state, BinEdges edges) {
    long[] result = new long[edges.binCount()];
    int level = state.level();
    for (long key : state.cellKeys()) {
      double lo = NumericCells.lowerBound(key, level);
      int bin = edges.binOf(lo);
      double top = CellKeys.topValue(key, level);
      if (edges.binOf(top) != bin) {
        throw new IllegalArgumentException("a bin edge cuts the cell [" + lo + ", "
            + NumericCells.upperBound(key, level) + ") of a state at level " + level
            + ": the state is coarser than the level the edges were chosen at; choose the edges from "
            + "the reference coarsened to CellBinning.commonLevel(...) of every state compared");
      }
      result[bin] += state.count(key);
    }
    result[0] += state.negativeInfinityCount();
    result[result.length - 1] += state.positiveInfinityCount();
    return result;
  }

  /** {@link #binCounts} of several states under the same edges. */
  public static List<long[]> binCounts(List<NumericCells> states, BinEdges edges) {
    return states.stream().map(state -> binCounts(state, edges)).toList();
  }

  private static double[] boundaries(long[] keys, int level) {
    double[] cuts = new double[keys.length + 1];
    for (int j = 0; j < keys.length; j++) {
      cuts[j] = NumericCells.lowerBound(keys[j], level);
    }
    cuts[keys.length] = NumericCells.upperBound(keys[keys.length - 1], level);
    return cuts;
  }

  private static double boundary(long[] keys, int j, int level) {
    return j < keys.length
        ? NumericCells.lowerBound(keys[j], level)
        : NumericCells.upperBound(keys[keys.length - 1], level);
  }

  private static int lowerIndex(long[] cumulative, double target) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] >= target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static void checkBins(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1 (got " + bins + ")");
    }
  }
}
