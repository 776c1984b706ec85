package io.driftlake.report;

import static io.driftlake.report.Html.escape;

import java.util.Locale;

/** The charts' shared frame: their width and margins, and the vertical axis with its gridlines. */
final class Axes {
  /** The width of every chart, in SVG pixels; the plot area is inside the margins below. */
  static final int CHART_WIDTH = 900;
  /** The plot height of a histogram (its x labels below it). */
  static final int HIST_HEIGHT = 260;
  /** The plot height of a trend chart. */
  static final int TREND_HEIGHT = 220;
  /** The left margin: the vertical axis' tick labels and title. */
  static final int LEFT = 56;
  static final int RIGHT = 16;
  static final int TOP = 12;
  /** A histogram's open outer bins: their width and their gap to the value axis. */
  static final int OUTER_WIDTH = 22;
  static final int OUTER_GAP = 14;

  private Axes() {}

  /** Horizontal gridlines and tick labels of a vertical axis (share as %, or the metric). */
  static void yAxis(StringBuilder svg, Scale y, boolean share, String title) {
    for (double t : y.ticks()) {
      double py = y.pixel(t);
      svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
          LEFT, py, CHART_WIDTH - RIGHT, py));
      svg.append(String.format(Locale.ROOT, "<text class=\"tick y\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
          LEFT - 6, py + 3.5, share ? Numbers.percentTick(t, y.step()) : Numbers.tick(t, y.step())));
    }
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
        LEFT, y.from(), LEFT, y.to()));
    svg.append(String.format(Locale.ROOT,
        "<text class=\"axis-title\" transform=\"translate(12,%.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
        (y.from() + y.to()) / 2, escape(title)));
  }
}
