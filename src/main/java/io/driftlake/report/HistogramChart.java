package io.driftlake.report;

import static io.driftlake.report.Axes.CHART_WIDTH;
import static io.driftlake.report.Axes.HIST_HEIGHT;
import static io.driftlake.report.Axes.LEFT;
import static io.driftlake.report.Axes.OUTER_GAP;
import static io.driftlake.report.Axes.OUTER_WIDTH;
import static io.driftlake.report.Axes.RIGHT;
import static io.driftlake.report.Axes.TOP;
import static io.driftlake.report.Axes.yAxis;
import static io.driftlake.report.Html.escape;
import static io.driftlake.report.HtmlReport.CATEGORY_LIMIT;
import static io.driftlake.report.Numbers.percent;

import io.driftlake.core.table.DriftRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A feature's reference vs current share per bin as inline SVG: numeric bins on a value axis with the
 * open outer bins at the ends, categories (or numeric bins without a range) in equal labelled slots.
 */
final class HistogramChart {
  private HistogramChart() {}

  /** Reference vs current share per bin: numeric bins on a value axis, categories labelled. */
  static String histogram(DriftRecord r) {
    double[] ref = shares(r.refBinCounts());
    double[] cur = shares(r.curBinCounts());
    double[] edges = r.binEdges();
    boolean valueAxis = r.categories() == null && edges != null && edges.length == ref.length + 1 && ref.length >= 3
        && Double.isFinite(edges[1]) && Double.isFinite(edges[edges.length - 2]) && edges[edges.length - 2] > edges[1];
    int bottom = valueAxis ? 50 : 96;
    int height = HIST_HEIGHT + bottom;
    StringBuilder svg = new StringBuilder();
    svg.append("<figure><svg class=\"chart histogram\" role=\"img\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ')
        .append(height).append("\" width=\"").append(CHART_WIDTH).append("\" height=\"").append(height)
        .append("\"><title>").append(escape(r.columnName())).append(": reference vs current share per bin</title>\n");
    double max = 0;
    for (int i = 0; i < ref.length; i++) {
      max = Math.max(max, Math.max(ref[i], cur[i]));
    }
    if (!valueAxis) {
      double refOther = 0;
      double curOther = 0;
      for (int i : groupedBins(r, ref, cur)) {
        refOther += ref[i];
        curOther += cur[i];
      }
      max = Math.max(max, Math.max(refOther, curOther));
    }
    Scale y = Scale.of(0, max == 0 ? 1 : max, 5, true, TOP + HIST_HEIGHT, TOP);
    yAxis(svg, y, true, "share of values");
    if (valueAxis) {
      numericBars(svg, r, edges, ref, cur, y);
    } else {
      slotBars(svg, r, ref, cur, y);
    }
    svg.append("</svg><figcaption><span class=\"key ref\"></span> reference (").append(Numbers.count(r.refCount()))
        .append(" values) <span class=\"key cur\"></span> current (").append(Numbers.count(r.curCount()))
        .append(" values)");
    if (valueAxis) {
      svg.append(" drawn over each other; a bar spans its bin on the value axis").append(unitNote(r))
          .append(" and its height is the bin's share of values (a wide bin is not a larger share); the dash-outlined bars")
          .append(" at the ends are the open bins below the reference's minimum and above its maximum");
    }
    return svg.append("; hover a bin for its range and shares</figcaption></figure>\n").toString();
  }

  private static String unitNote(DriftRecord r) {
    String type = r.dataType() == null ? "" : r.dataType().toLowerCase(Locale.ROOT);
    return type.equals("date") ? " (dates)" : type.startsWith("timestamp") ? " (dates, UTC)" : "";
  }

  /** A value axis label: a date for date and timestamp features (binned as days / seconds since the epoch). */
  private static String valueTick(DriftRecord r, double value, double step) {
    String type = r.dataType() == null ? "" : r.dataType().toLowerCase(Locale.ROOT);
    if (type.equals("date")) {
      return LocalDate.ofEpochDay(Math.round(value)).toString();
    }
    if (type.startsWith("timestamp")) {
      return LocalDate.ofInstant(Instant.ofEpochSecond(Math.round(value)), ZoneOffset.UTC).toString();
    }
    return Numbers.tick(value, step);
  }

  /** An edge as a label: a date for date and timestamp features, else 4 significant digits. */
  private static String edgeTick(DriftRecord r, double edge) {
    String type = r.dataType() == null ? "" : r.dataType().toLowerCase(Locale.ROOT);
    return type.equals("date") || type.startsWith("timestamp") ? valueTick(r, edge, 1) : Numbers.significant(edge, 4);
  }

  private static void numericBars(StringBuilder svg, DriftRecord r, double[] edges, double[] ref, double[] cur, Scale y) {
    int k = ref.length;
    double lo = edges[1];
    double hi = edges[k - 1];
    double left = LEFT + OUTER_WIDTH + OUTER_GAP;
    double right = CHART_WIDTH - RIGHT - OUTER_WIDTH - OUTER_GAP;
    Scale x = Scale.of(lo, hi, 8, false, left, right);
    double base = y.pixel(0);
    for (double t : x.ticks()) {
      double px = x.pixel(t);
      svg.append(String.format(Locale.ROOT, "<line class=\"tickmark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
          px, base, px, base + 5));
      svg.append(String.format(Locale.ROOT, "<text class=\"tick x\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
          px, base + 17, escape(valueTick(r, t, x.step()))));
    }
    for (int i = 0; i < k; i++) {
      double x0;
      double x1;
      if (i == 0) {
        x0 = LEFT + 2;
        x1 = x0 + OUTER_WIDTH;
      } else if (i == k - 1) {
        x1 = CHART_WIDTH - RIGHT - 2;
        x0 = x1 - OUTER_WIDTH;
      } else {
        x0 = x.pixel(edges[i]);
        x1 = x.pixel(edges[i + 1]);
      }
      binGroup(svg, binLabel(edges, i), r, i, x0, x1, ref[i], cur[i], y, i == 0 || i == k - 1, true);
    }
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n",
        LEFT, base, CHART_WIDTH - RIGHT, base));
    svg.append(String.format(Locale.ROOT, "<text class=\"tick x outer\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">&lt; %s</text>%n",
        LEFT + 2 + OUTER_WIDTH / 2.0, base + 32, escape(edgeTick(r, lo))));
    svg.append(String.format(Locale.ROOT, "<text class=\"tick x outer\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">&gt; %s</text>%n",
        CHART_WIDTH - RIGHT - 2 - OUTER_WIDTH / 2.0, base + 32, escape(edgeTick(r, hi))));
  }

  /** Bins in equal slots, each labelled below: categories (the largest N, the rest grouped), or numeric bins without a range. */
  private static void slotBars(StringBuilder svg, DriftRecord r, double[] ref, double[] cur, Scale y) {
    List<String> labels = binLabels(r);
    int k = ref.length;
    List<Integer> grouped = groupedBins(r, ref, cur);
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      if (!grouped.contains(i)) {
        shown.add(i);
      }
    }
    int slots = shown.size() + (grouped.isEmpty() ? 0 : 1);
    double slot = (CHART_WIDTH - LEFT - RIGHT) / (double) slots;
    double base = y.pixel(0);
    int n = 0;
    for (int i : shown) {
      double x0 = LEFT + n * slot;
      binGroup(svg, labels.get(i), r, i, x0, x0 + slot, ref[i], cur[i], y, false, false);
      slotLabel(svg, labels.get(i), x0 + slot / 2, base, labels.get(i));
      n++;
    }
    if (!grouped.isEmpty()) {
      double x0 = LEFT + n * slot;
      double refSum = 0;
      double curSum = 0;
      List<String> names = new ArrayList<>();
      for (int i : grouped) {
        refSum += ref[i];
        curSum += cur[i];
        names.add(labels.get(i));
      }
      String label = "other (" + grouped.size() + " bins)";
      String title = label + ": " + String.join(", ", names);
      binGroup(svg, title, r, -1, x0, x0 + slot, refSum, curSum, y, false, false);
      slotLabel(svg, label, x0 + slot / 2, base, title);
    }
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n",
        LEFT, base, CHART_WIDTH - RIGHT, base));
  }

  /**
   * The bins a categorical chart groups into one "other" bar: none up to {@link HtmlReport#CATEGORY_LIMIT}
   * categories, else every category but the {@code CATEGORY_LIMIT} with the largest share on either
   * side, and the "other" bin.
   */
  private static List<Integer> groupedBins(DriftRecord r, double[] ref, double[] cur) {
    int k = ref.length;
    if (r.categories() == null || k <= CATEGORY_LIMIT + 1) {
      return List.of();
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < k - 1; i++) { // the last category bin is "other"
      order.add(i);
    }
    order.sort(Comparator.<Integer>comparingDouble(i -> Math.max(ref[i], cur[i])).reversed().thenComparing(i -> i));
    Set<Integer> keep = new TreeSet<>(order.subList(0, CATEGORY_LIMIT));
    List<Integer> grouped = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      if (!keep.contains(i)) {
        grouped.add(i);
      }
    }
    return grouped;
  }

  private static void slotLabel(StringBuilder svg, String label, double x, double base, String title) {
    String text = label.length() > 18 ? label.substring(0, 17) + "…" : label;
    svg.append(String.format(Locale.ROOT,
        "<text class=\"tick x cat\" transform=\"translate(%.1f,%.1f) rotate(-40)\" text-anchor=\"end\">%s<title>%s</title></text>%n",
        x + 3, base + 12, escape(text), escape(title)));
  }

  /** One bin: a hover target over its slot, the reference bar and the current bar side by side. */
  private static void binGroup(StringBuilder svg, String label, DriftRecord r, int bin, double x0, double x1,
      double ref, double cur, Scale y, boolean outer, boolean overlay) {
    double width = Math.max(0.8, x1 - x0);
    double pad = width > 6 ? width * 0.08 : 0;
    double bar = Math.max(0.4, (width - 2 * pad) / 2);
    String refCount = bin >= 0 ? " (" + Numbers.count(r.refBinCounts()[bin]) + ")" : "";
    String curCount = bin >= 0 ? " (" + Numbers.count(r.curBinCounts()[bin]) + ")" : "";
    svg.append("<g class=\"bin").append(outer ? " outer" : "").append("\"><title>").append(escape(label))
        .append(": reference ").append(percent(ref)).append(escape(refCount)).append(" → current ").append(percent(cur))
        .append(escape(curCount)).append("</title>");
    svg.append(String.format(Locale.ROOT, "<rect class=\"hit\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
        x0, TOP, width, HIST_HEIGHT));
    if (overlay) {
      // on a value axis both sides span the whole bin: halves side by side would put the current
      // values in the upper half of a wide bin. The current side is see-through, with its top drawn.
      double gap = width > 3 ? 0.6 : 0;
      bar(svg, "ref", x0 + gap / 2, width - gap, ref, y, outer);
      bar(svg, "cur see-through", x0 + gap / 2, width - gap, cur, y, outer);
      svg.append(String.format(Locale.ROOT, "<line class=\"cur-top\" x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\"/>",
          x0, y.pixel(cur), x0 + width, y.pixel(cur)));
    } else {
      bar(svg, "ref", x0 + pad, bar, ref, y, outer);
      bar(svg, "cur", x0 + pad + bar, bar, cur, y, outer);
    }
    svg.append("</g>\n");
  }

  private static void bar(StringBuilder svg, String side, double x, double width, double share, Scale y, boolean outer) {
    double top = y.pixel(share);
    svg.append(String.format(Locale.ROOT, "<rect class=\"%s%s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\"/>",
        side, outer ? " outer" : "", x, top, width, y.pixel(0) - top));
  }


  static List<String> binLabels(DriftRecord r) {
    List<String> labels = new ArrayList<>();
    if (r.categories() != null) {
      labels.addAll(r.categories());
    } else if (r.binEdges() != null) {
      double[] e = r.binEdges();
      for (int i = 0; i + 1 < e.length; i++) {
        labels.add(binLabel(e, i));
      }
    }
    while (labels.size() < r.refBinCounts().length) {
      labels.add("bin " + labels.size());
    }
    return labels;
  }

  /** "[a, b)", with open ends "(−∞, a)" and "[b, ∞)"; edges with up to 6 significant digits. */
  private static String binLabel(double[] edges, int i) {
    String lower = Double.isInfinite(edges[i]) ? "(" + Numbers.significant(edges[i], 6) : "[" + Numbers.significant(edges[i], 6);
    return lower + ", " + Numbers.significant(edges[i + 1], 6) + ")";
  }

  private static double[] shares(long[] counts) {
    double total = Arrays.stream(counts).sum();
    return Arrays.stream(counts).mapToDouble(c -> total == 0 ? 0 : c / total).toArray();
  }
}
