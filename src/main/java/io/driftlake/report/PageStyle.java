package io.driftlake.report;

/** The page's inline style sheet and its one small script. */
final class PageStyle {
  private PageStyle() {}

  static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:960px;padding:16px 24px;color:#1d2330;background:#fff}
      h1{margin:0 0 4px;font-size:24px}h2{font-size:18px;margin:24px 0 8px}h2 small{font-weight:normal;color:#5b6475;font-size:13px}
      header dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dt{color:#5b6475}dd{margin:0;word-break:break-all}
      .verdict{font-size:16px;padding:8px 12px;border-radius:6px;margin:8px 0}.verdict b{font-size:18px}
      .verdict .where{font-size:13px;margin-top:2px}
      .verdict.bad{background:#fde8e8;color:#9b1c1c}.verdict.good{background:#e6f4ea;color:#1e6b35}
      table.ranking{border-collapse:collapse;width:100%;font-size:13px}table.ranking th,table.ranking td{padding:4px 6px;border-bottom:1px solid #e3e6ec;text-align:left}
      .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.rule{white-space:nowrap}th.num{text-align:right}
      tr.drifted td.status{color:#b42318;font-weight:600}tr.stable td.status{color:#1e6b35}tr.notjudged td.status{color:#667085;font-style:italic}
      tr.failed td.status{color:#b54708;font-weight:600}tr.skipped td.status{color:#667085}
      .note{color:#5b6475;font-size:13px}
      .scroll{overflow-x:auto}
      table.grid{border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums}
      table.grid th,table.grid td{padding:2px 6px;border:1px solid #e3e6ec}table.grid th{background:#f5f6f8;text-align:left;white-space:nowrap}
      table.grid th.sub{font-weight:normal;color:#5b6475;text-align:right}table.grid th.feature{text-align:center}
      td.cell{text-align:right;white-space:nowrap}
      .cell.drifted{background:#fde8e8;color:#9b1c1c;font-weight:600}.cell.notjudged{background:#f2f4f7;color:#667085;font-style:italic}
      .cell.skipped{color:#98a2b3}
      span.cell{padding:0 4px;border-radius:3px}
      section.feature{border-left:4px solid #d0d5dd;padding-left:12px;margin-top:24px}
      section.feature.drifted{border-color:#d92d20}section.feature.stable{border-color:#32a852}section.feature.failed{border-color:#f79009}
      section.feature.notjudged{border-color:#98a2b3}
      .message{color:#5b6475;font-style:italic}.message.notjudged{font-style:normal;background:#f2f4f7;padding:4px 8px;border-radius:4px}
      dl.why{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px;margin:6px 0;font-size:13px}
      .elsewhere{font-size:13px;color:#9b1c1c}
      svg.chart{max-width:100%;height:auto;background:#fafbfc;border:1px solid #eef0f4}
      svg .ref{fill:#8098c0}svg .cur{fill:#e07b39}svg .cur.see-through{fill-opacity:.5}svg .cur-top{stroke:#c4571a;stroke-width:1.5}svg rect.outer{stroke:#344054;stroke-width:1;stroke-dasharray:2 2}svg .hit{fill:transparent}svg g.bin:hover .hit{fill:#e8ecf3}
      svg .axis{stroke:#667085}svg .tickmark{stroke:#667085}svg .grid{stroke:#e3e6ec}
      svg .tick{font-size:11px;fill:#475467}svg .axis-title{font-size:11px;fill:#5b6475}svg .tick.outer{fill:#8a93a5;font-size:10px}
      svg .threshold{stroke:#d92d20;stroke-dasharray:6 4;stroke-width:1.2}svg .threshold-label{font-size:11px;fill:#b42318}
      svg polyline{fill:none;stroke-width:1.5}svg polyline.baseline{stroke:#3559a8}svg polyline.consecutive{stroke:#7a5af8;stroke-dasharray:4 3}
      svg circle.baseline{fill:#3559a8}svg circle.consecutive{fill:#7a5af8}svg circle.drifted{fill:#d92d20;stroke:#fff}
      svg circle.notjudged{fill:#fff;stroke:#98a2b3}
      figure{margin:8px 0}figcaption{font-size:12px;color:#5b6475}
      .key{display:inline-block;width:10px;height:10px;margin:0 3px 0 8px;vertical-align:middle}
      .key.ref{background:#8098c0}.key.cur{background:#e07b39}.key.baseline{background:#3559a8}.key.consecutive{background:#7a5af8}
      .key.threshold{height:0;border-top:2px dashed #d92d20}
      """;

  /** Counts the charts into the hidden probe and the body's data-charts (the report tests read them). */
  static final String SCRIPT = """
      (function () {
        var charts = document.querySelectorAll('svg.chart');
        document.getElementById('chart-count').textContent = String(charts.length);
        document.body.setAttribute('data-charts', String(charts.length));
      })();
      """;
}
