package io.driftlake.report;

import io.driftlake.core.table.DriftRecord;
import java.util.List;

/**
 * One run of the drift table as a single self-contained HTML page: no network fetch, styles and the
 * one small script inline, charts as hand-drawn inline SVG with value axes. Top to bottom: the run, a
 * verdict that counts every drifted row (whole data, windows, slices) and says where; the features
 * ranked by JS distance; a windows grid and the drifted slices; then per feature why it was judged as
 * it was (judged metric vs threshold, noise floor, q-value, top bin), its reference vs current
 * histogram and, for windowed runs, its judged metric per window against the threshold. Every name
 * and value from the data is escaped.
 *
 * <p>The page is {@link ReportPage}; its sections are {@link VerdictSection}, {@link RankingSection},
 * {@link WindowGrid}, {@link SliceList} and {@link FeatureSection}; its charts {@link HistogramChart}
 * and {@link TrendChart} on {@link Axes}; {@link Rows} reads what they show from a drift row.
 */
public final class HtmlReport {
  /** The largest categories a categorical chart labels; the rest share one "other" bar. */
  static final int CATEGORY_LIMIT = 24;
  /** The drifted slice rows listed at most (the largest first). */
  static final int SLICE_LIMIT = 50;

  private HtmlReport() {}

  /** The page for the rows of one run (all its rows: whole data, windows, slices). */
  public static String render(List<DriftRecord> rows) {
    return ReportPage.render(rows);
  }

  /** HTML-escapes text for element content and attribute values. */
  public static String escape(String text) {
    return Html.escape(text);
  }
}
