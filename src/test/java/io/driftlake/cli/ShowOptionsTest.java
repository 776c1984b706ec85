package io.driftlake.cli;

import static io.driftlake.core.table.DriftColumns.COLUMN_NAME;
import static io.driftlake.core.table.DriftColumns.CUR_COUNT;
import static io.driftlake.core.table.DriftColumns.DRIFTED;
import static io.driftlake.core.table.DriftColumns.DRIFT_TYPE;
import static io.driftlake.core.table.DriftColumns.JS_DISTANCE;
import static io.driftlake.core.table.DriftColumns.REF_COUNT;
import static io.driftlake.core.table.DriftColumns.RUN_DATE;
import static io.driftlake.core.table.DriftColumns.RUN_ID;
import static io.driftlake.core.table.DriftColumns.RUN_TS;
import static io.driftlake.core.table.DriftColumns.SLICE_KEY;
import static io.driftlake.core.table.DriftColumns.SLICE_VALUE;
import static io.driftlake.core.table.DriftColumns.STATUS;
import static io.driftlake.core.table.DriftColumns.THRESHOLD_METRIC;
import static io.driftlake.core.table.DriftColumns.TOP_BINS;
import static io.driftlake.core.table.DriftColumns.WINDOW_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftlake.core.config.DriftType;
import io.driftlake.core.DriftException;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Show's option parsing, table cells and the runs summary, without Spark. */
class ShowOptionsTest {
  private static DriftRecord row(String run, String column, Instant window, String slice, Boolean drifted) {
    Instant ts = Instant.parse("2024-02-01T00:00:00Z");
    return DriftRecord.builder().set(RUN_ID, run).set(RUN_TS, ts).set(RUN_DATE, LocalDate.of(2024, 2, 1))
        .set(DRIFT_TYPE, DriftType.BASELINE.name()).set(COLUMN_NAME, column).set(STATUS, "OK").set(WINDOW_START, window)
        .set(SLICE_KEY, slice == null ? null : "country").set(SLICE_VALUE, slice).set(DRIFTED, drifted)
        .set(THRESHOLD_METRIC, "js_distance").set(JS_DISTANCE, 0.25).build();
  }

  @Test
  void windowTakesADateOrATimestampInUtc() {
    assertThat(ShowCommand.windowStart("2012-03-01")).isEqualTo(Instant.parse("2012-03-01T00:00:00Z"));
    assertThat(ShowCommand.windowStart("2012-03-01T06:00:00Z")).isEqualTo(Instant.parse("2012-03-01T06:00:00Z"));
    assertThat(ShowCommand.windowStart("2012-03-01 06:00")).isEqualTo(Instant.parse("2012-03-01T06:00:00Z"));
    assertThat(ShowCommand.windowStart("2012-03-01T06:00:00+02:00")).isEqualTo(Instant.parse("2012-03-01T04:00:00Z"));
    assertThatThrownBy(() -> ShowCommand.windowStart("03/01/2012")).isInstanceOf(DriftException.class)
        .hasMessage("invalid value '03/01/2012' for --window: expected a date such as 2012-03-01 or a timestamp such as "
            + "2012-03-01T06:00:00Z (UTC when no offset)");
  }

  @Test
  void filtersCombine() {
    Instant week = Instant.parse("2024-01-08T00:00:00Z");
    List<DriftRecord> rows = List.of(row("r", "a", null, null, true), row("r", "a", week, null, false),
        row("r", "a", week, "NL", true), row("r", "b", week, "NL", null));
    ShowCommand show = new ShowCommand();
    show.feature = "a";
    show.drifted = true;
    assertThat(rows.stream().filter(show.filter())).containsExactly(rows.get(0), rows.get(2));
    show.window = "2024-01-08";
    show.slice = "country=NL";
    assertThat(rows.stream().filter(show.filter())).containsExactly(rows.get(2));
    show.slice = "DE";
    assertThat(rows.stream().filter(show.filter())).isEmpty();
  }

  @Test
  void tableCellsShowTheSliceTheJudgedValueAndTheTopBin() {
    DriftRecord record = row("r", "a", null, "NL", true)
        .with(TOP_BINS, List.of(List.of("[0, 1)", 0.5, 0.125, 0.01), List.of("[1, 2)", 0.5, 0.875, 0.01)));
    String table = RowFormats.table(List.of(record.row()));
    String[] header = table.lines().findFirst().orElseThrow().split("\\s+");
    String line = table.lines().skip(1).findFirst().orElseThrow();
    assertThat(List.of(header)).contains("slice", "value", "top_bin", "q_value", "noise").doesNotContain("js_noise_floor");
    assertThat(line).contains("country=NL", "js_distance  0.250000", "[0, 1): 0.5000 \u2192 0.1250");
  }

  @Test
  void aTableRowWithADomainClassifierShowsItsAucAsTheJudgedValue() {
    io.driftlake.core.table.RunInfo run = new io.driftlake.core.table.RunInfo("r", java.time.Instant.parse("2024-02-01T00:00:00Z"),
        "ref", "cur", io.driftlake.core.config.Binning.QUANTILE, io.driftlake.core.metrics.Smoothing.DEFAULT,
        io.driftlake.core.metrics.LogBase.E, new io.driftlake.core.config.Thresholds(io.driftlake.core.config.Threshold.DEFAULT,
            java.util.Map.of()));
    DriftRecord table = DriftRecord.tableSummary(run, io.driftlake.core.profile.GroupKey.WHOLE,
        io.driftlake.core.config.DriftType.BASELINE, 100, 100, 2, 0, null);
    assertThat(RowFormats.table(List.of(table.row()))).doesNotContain("classifier_auc");
    DriftRecord classified = table.with(DriftColumns.CLASSIFIER_AUC, 0.97);
    String text = RowFormats.table(List.of(classified.row()));
    assertThat(text.lines().skip(1).findFirst().orElseThrow()).contains("classifier_auc  0.970000");
  }

  @Test
  void theTopBinCellNamesTheFirstNewValueWhereOtherLeads() {
    DriftRecord other = row("r", "d", null, null, true)
        .with(TOP_BINS, List.of(List.of("__other__", 0.0, 0.1959, 0.05), List.of("Sony", 0.1, 0.08, 0.01)))
        .with(DriftColumns.TOP_NEW_VALUES, List.of(List.of("Focus Features", 33.0 / 1853), List.of("Weinstein Co.", 25.0 / 1853)));
    String table = RowFormats.table(List.of(other.row()));
    assertThat(table).contains("__other__: 0.0000 \u2192 0.1959 (new: Focus Features 0.0178)");
    // an old value leads: no new value named
    DriftRecord old = other.with(TOP_BINS, List.of(List.of("Sony", 0.1, 0.08, 0.01)));
    assertThat(RowFormats.table(List.of(old.row()))).contains("Sony: 0.1000 \u2192 0.0800").doesNotContain("new:");
  }

  @Test
  void theNoiseCellIsInTheJudgedMetricsUnits() {
    // issue 25 item 4: js_noise_floor is JS divergence in bits; beside a JS distance it shows as its square root
    DriftRecord record = row("r", "a", null, null, true).with(DriftColumns.JS_NOISE_FLOOR, 0.0225);
    List<String> cells = cellsOf(record);
    assertThat(cells.get(header(record).indexOf("noise"))).isEqualTo("0.150000"); // √0.0225
    DriftRecord divergence = record.with(DriftColumns.THRESHOLD_METRIC, "js_divergence");
    assertThat(cellsOf(divergence).get(header(divergence).indexOf("noise"))).isEqualTo("0.022500");
    DriftRecord psi = record.with(DriftColumns.THRESHOLD_METRIC, "psi");
    assertThat(cellsOf(psi).get(header(psi).indexOf("noise"))).isEqualTo("-");
  }

  private static List<String> header(DriftRecord record) {
    return RowFormats.TABLE_CELLS.stream().map(RowFormats.Cell::header).toList();
  }

  private static List<String> cellsOf(DriftRecord record) {
    return RowFormats.TABLE_CELLS.stream().map(c -> c.text().apply(record.row())).toList();
  }

  @Test
  void aRunWithOnlyWindowedRowsCountsItsDistinctFeatures() {
    Instant week = Instant.parse("2024-01-08T00:00:00Z");
    RunsCommand.Run run = RunsCommand.Run.of(List.of(row("w", "a", week, null, false),
        row("w", "a", week.plusSeconds(604800), null, true), row("w", "b", week, null, false),
        row("w", ":table", week, null, null).with(REF_COUNT, 5L).with(CUR_COUNT, 6L)));
    assertThat(run.features()).isEqualTo(2);
    assertThat(run.drifted()).isEqualTo(1);
    assertThat(run.refRows()).isNull(); // no whole-data :table row
  }
}
