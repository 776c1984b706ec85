package io.driftlake.core.verdict;

import io.driftlake.core.NumberText;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.metrics.Divergences;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Why a feature drifted: which bins carry its JS divergence ({@link #topBins}) and how much of the
 * current data is made of values the reference never had ({@link #newValueShare}).
 *
 * <p>Both work on the same raw proportions as {@code js_divergence}
 * ({@link io.driftlake.core.metrics.FeatureComparison}: {@code p_i = ref_bin_counts[i] / ref_count},
 * no smoothing). Null and NaN values are in no bin (they are {@code ref_null_fraction}), so no bin
 * stands for missing values.
 */
public final class DriftReasons {
  /** Default number of bins {@link #topBins} returns. */
  public static final int TOP_BINS_DEFAULT = 3;

  private static final double LN2 = Math.log(2.0);

  private DriftReasons() {}

  /**
   * Each bin's term of the JS divergence in bits:
   * {@code c_i = [½ p_i ln(p_i/m_i) + ½ q_i ln(q_i/m_i)] / ln 2}, {@code m_i = ½(p_i + q_i)}, over
   * the raw proportions of the counts (terms with a zero proportion are 0). Every {@code c_i ≥ 0}
   * (log-sum inequality; a rounding residue below 0 is set to 0); {@code c_i = 0} iff
   * {@code p_i = q_i}; {@code Σ c_i = Divergences.jsDivergenceBits(p, q)} up to rounding (that
   * method also caps its sum to [0, 1]). A bin empty on one side only contributes half its share on
   * the other side: {@code c_i = q_i / 2} when {@code p_i = 0}. A side with no values has all
   * proportions 0.
   */
  public static double[] jsContributionsBits(long[] referenceCounts, long[] currentCounts) {
    if (referenceCounts.length != currentCounts.length) {
      throw new IllegalArgumentException("count vectors differ in length");
    }
    double[] p = Divergences.proportions(referenceCounts);
    double[] q = Divergences.proportions(currentCounts);
    double[] contributions = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      double m = 0.5 * (p[i] + q[i]);
      double sum = 0;
      if (p[i] > 0) {
        sum += 0.5 * p[i] * Math.log(p[i] / m);
      }
      if (q[i] > 0) {
        sum += 0.5 * q[i] * Math.log(q[i] / m);
      }
      contributions[i] = Math.max(0.0, sum / LN2);
    }
    return contributions;
  }

  /**
   * The {@code limit} bins with the largest JS contribution, largest first; ties by bin index
   * (lower first), so the order is deterministic. Bins that contribute nothing ({@code p_i = q_i},
   * including bins empty on both sides) are left out: identical histograms give an empty list, and
   * fewer than {@code limit} bins may come back.
   *
   * @param limit how many bins at most, ≥ 0 ({@link #TOP_BINS_DEFAULT} is 3)
   */
  public static List<BinContribution> topBins(FeatureBins bins, HistogramState reference, HistogramState current,
      int limit) {
    return topBins(bins, reference, current, limit, null);
  }

  /**
   * {@link #topBins(FeatureBins, HistogramState, HistogramState, int)} with labels in the feature's own
   * units ({@link #binLabel(FeatureBins, int, String)}: dates and timestamps as ISO text).
   */
  public static List<BinContribution> topBins(FeatureBins bins, HistogramState reference, HistogramState current,
      int limit, String dataType) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    long[] referenceCounts = counts(bins, reference);
    long[] currentCounts = counts(bins, current);
    double[] contributions = jsContributionsBits(referenceCounts, currentCounts);
    double[] p = Divergences.proportions(referenceCounts);
    double[] q = Divergences.proportions(currentCounts);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < contributions.length; i++) {
      if (contributions[i] > 0) {
        order.add(i);
      }
    }
    order.sort(Comparator.<Integer>comparingDouble(i -> contributions[i]).reversed().thenComparing(i -> i));
    List<BinContribution> top = new ArrayList<>();
    for (int i : order.subList(0, Math.min(limit, order.size()))) {
      top.add(new BinContribution(i, binLabel(bins, i, dataType), p[i], q[i], contributions[i]));
    }
    return top;
  }

  /**
   * The label of bin {@code bin}.
   * <ul>
   *   <li>Numeric, with edges {@code e_0 = -∞ < e_1 < … < e_k = +∞}: an inner bin is {@code [e_i, e_{i+1})};
   *       the first is {@code (-∞, e_1)} and the last {@code [e_{k-1}, ∞)} (they also hold -Infinity
   *       and +Infinity themselves); the only bin of a feature without finite edges is {@code (-∞, ∞)}.
   *       An edge {@code nextUp(max)} is shown as {@code max} with the matching bracket (the last inner
   *       bin is {@code [a, max]}, the upper outer bin {@code (max, ∞)}); edges have at most 6 significant
   *       digits ({@link NumberText#edge}), in the binned units (dates: days since 1970-01-01, timestamps:
   *       seconds since the epoch; {@link #binLabel(FeatureBins, int, String)} shows them as dates and instants).</li>
   *   <li>Categorical: the category, or {@link CategoryBins#OTHER_LABEL} for the last ("other") bin.</li>
   * </ul>
   */
  public static String binLabel(FeatureBins bins, int bin) {
    return binLabel(bins, bin, null);
  }

  /**
   * {@link #binLabel(FeatureBins, int)} with the edges of a {@code date} feature as days
   * ({@code 1994-12-31}) and of a {@code timestamp} feature as UTC instants ({@code 2015-06-01T00:00:00Z})
   * wherever an edge is a whole day or (timestamps) a whole microsecond; other types, and
   * {@code dataType} null, as numbers in the binned units.
   */
  public static String binLabel(FeatureBins bins, int bin, String dataType) {
    if (bin < 0 || bin >= bins.binCount()) {
      throw new IllegalArgumentException("bin " + bin + " is outside the feature's " + bins.binCount() + " bins");
    }
    if (bins.kind() == FeatureKind.CATEGORICAL) {
      return bins.categoryLabels().get(bin);
    }
    double[] edges = bins.edgeArray();
    String lower;
    if (bin == 0) {
      lower = "(-∞";
    } else {
      double below = Math.nextDown(edges[bin]);
      lower = isNextUpOfShorter(edges[bin]) ? "(" + edgeText(below, dataType) : "[" + edgeText(edges[bin], dataType);
    }
    String upper;
    if (bin == edges.length - 2) {
      upper = "∞)";
    } else {
      double edge = edges[bin + 1];
      upper = isNextUpOfShorter(edge) ? edgeText(Math.nextDown(edge), dataType) + "]" : edgeText(edge, dataType) + ")";
    }
    return lower + ", " + upper;
  }

  /** An edge in the feature's units: a date's days as ISO dates, a timestamp's seconds as UTC instants, else a number. */
  private static String edgeText(double edge, String dataType) {
    if ("date".equals(dataType) && edge == Math.rint(edge) && Math.abs(edge) < 1e8) {
      return java.time.LocalDate.ofEpochDay((long) edge).toString();
    }
    if (dataType != null && dataType.startsWith("timestamp") && Math.abs(edge) < 1e13) {
      double micros = edge * 1e6;
      if (micros == Math.rint(micros)) {
        long whole = (long) micros;
        return java.time.Instant.ofEpochSecond(Math.floorDiv(whole, 1_000_000L), Math.floorMod(whole, 1_000_000L) * 1_000L)
            .toString();
      }
    }
    return NumberText.edge(edge);
  }

  /**
   * Whether {@code edge} is {@code nextUp(x)} of a value {@code x} that prints shorter: the edge
   * above a reference's maximum ({@code [.., nextUp(max))} is {@code [.., max]}).
   */
  private static boolean isNextUpOfShorter(double edge) {
    double below = Math.nextDown(edge);
    return Double.isFinite(below) && Double.toString(below).length() < Double.toString(edge).length();
  }

  /**
   * The share of the current non-missing values that the base side (reference, or previous window)
   * never had, as far as the frozen bins can tell; null when they cannot.
   * <ul>
   *   <li>Numeric: the values in the two outer bins, {@code (-∞, min)} and {@code (max, ∞)} of the
   *       reference the bins were frozen from: values outside its finite range. (Inside the range a
   *       bin cannot tell a new value from an old one; for continuous data nearly every value is new.)
   *       Null when the feature has no finite edges (no outer bins).</li>
   *   <li>Categorical: the values in the "other" bin, which holds exactly the values the base never
   *       had when the base's own "other" count is 0 — for the reference the bins were frozen from,
   *       exactly when it had at most {@code --max-categories} distinct values, so this needs no
   *       extra stored field — plus any top-K bin the base has no value in (a top-K bin is one value;
   *       this only happens when the base is not the reference the bins came from).</li>
   *   <li>A coarse bin (numeric outer bin, categorical "other" bin) that holds values on both sides
   *       mixes values the base had with possibly new ones: the share is then unknown and null. A
   *       reference with ±Infinity values (they sit in the outer bins) or more than
   *       {@code --max-categories} distinct values, compared with data that has such values too,
   *       gets null.</li>
   * </ul>
   * NaN when the current side has no values. In [0, 1] otherwise.
   */
  public static Double newValueShare(FeatureBins bins, HistogramState reference, HistogramState current) {
    long[] base = counts(bins, reference);
    long[] cur = counts(bins, current);
    long currentValues = 0;
    for (long c : cur) {
      currentValues += c;
    }
    if (currentValues == 0) {
      return Double.NaN;
    }
    int k = base.length;
    long unseen = 0;
    List<Integer> coarse = new ArrayList<>();
    if (bins.kind() == FeatureKind.NUMERIC) {
      if (k < 3) {
        return null;
      }
      coarse.add(0);
      coarse.add(k - 1);
    } else {
      for (int i = 0; i < k - 1; i++) {
        if (base[i] == 0) {
          unseen += cur[i];
        }
      }
      coarse.add(k - 1);
    }
    for (int i : coarse) {
      if (cur[i] == 0) {
        continue;
      }
      if (base[i] > 0) {
        return null;
      }
      unseen += cur[i];
    }
    return (double) unseen / currentValues;
  }

  private static long[] counts(FeatureBins bins, HistogramState state) {
    long[] counts = state.getBinCounts();
    if (counts.length != bins.binCount()) {
      throw new IllegalArgumentException("histogram has " + counts.length + " bins, the feature " + bins.column()
          + " has " + bins.binCount());
    }
    return counts;
  }
}
