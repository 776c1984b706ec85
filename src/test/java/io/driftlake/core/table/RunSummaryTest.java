package io.driftlake.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary's number and window formats (the text of whole runs: cli.RunSummaryCliTest). */
class RunSummaryTest {
  @Test
  void numbersHaveTwoSignificantDigitsAndGoScientificBelowAThousandth() {
    assertThat(RunSummary.number(0.2234)).isEqualTo("0.22");
    assertThat(RunSummary.number(0.05)).isEqualTo("0.05");
    assertThat(RunSummary.number(0.1)).isEqualTo("0.1");
    assertThat(RunSummary.number(0.00211)).isEqualTo("0.0021");
    assertThat(RunSummary.number(3.04e-6)).isEqualTo("3e-6");
    assertThat(RunSummary.number(1.06e-16)).isEqualTo("1.1e-16");
    assertThat(RunSummary.number(1000.0)).isEqualTo("1000");
    assertThat(RunSummary.number(1e9)).isEqualTo("1e9");
    assertThat(RunSummary.number(0)).isEqualTo("0");
    assertThat(RunSummary.number(Double.POSITIVE_INFINITY)).isEqualTo("∞");
    assertThat(RunSummary.number(0.010449, 3)).isEqualTo("0.0104");
  }

  @Test
  void windowsAreNamedByTheirCalendarUnitWhenTheyAreOne() {
    assertThat(RunSummary.windowLabel(Instant.parse("2015-07-01T00:00:00Z"), Instant.parse("2015-08-01T00:00:00Z")))
        .isEqualTo("2015-07");
    assertThat(RunSummary.windowLabel(Instant.parse("2015-07-04T00:00:00Z"), Instant.parse("2015-07-05T00:00:00Z")))
        .isEqualTo("2015-07-04");
    assertThat(RunSummary.windowLabel(Instant.parse("2015-01-01T00:00:00Z"), Instant.parse("2016-01-01T00:00:00Z")))
        .isEqualTo("2015");
    assertThat(RunSummary.windowLabel(Instant.parse("2015-06-29T00:00:00Z"), Instant.parse("2015-07-06T00:00:00Z")))
        .isEqualTo("[2015-06-29, 2015-07-06)");
    assertThat(RunSummary.windowLabel(Instant.parse("2015-06-29T10:00:00Z"), Instant.parse("2015-06-29T11:00:00Z")))
        .isEqualTo("[2015-06-29T10:00:00Z, 2015-06-29T11:00:00Z)");
  }

  @Test
  void aRunWithoutRowsSaysNoDriftAndTheShowCommandQuotesOddPaths() {
    RunSummary empty = new RunSummary("r1", "/lake/my drift", List.of(), true, null, List.of());
    assertThat(empty.exitReason()).isEqualTo("exit 0: no drift found (--fail-on-drift)");
    assertThat(empty.showCommand()).isEqualTo("jobs/drift show --table '/lake/my drift' --run-id r1 --drifted");
  }

  @Test
  void aValueJustOverItsThresholdDoesNotPrintAsTheThreshold() {
    assertThat(RunSummary.beside(0.1004, 0.1)).isEqualTo("0.1004");
    assertThat(RunSummary.beside(0.1000004, 0.1)).isEqualTo("0.1");
    assertThat(RunSummary.beside(0.32, 0.1)).isEqualTo("0.32");
    assertThat(RunSummary.beside(0.0996, 0.1)).isEqualTo("0.0996");
  }

  @Test
  void theNoiseIsPrintedInTheUnitsOfTheNumberBesideIt() {
    // issue 25 item 4: js_noise_floor 0.0225 bits is a JS distance of 0.15
    DriftRecord row = DriftRecord.builder().set(DriftColumns.RUN_ID, "r").set(DriftColumns.RUN_TS, Instant.EPOCH)
        .set(DriftColumns.RUN_DATE, java.time.LocalDate.EPOCH).set(DriftColumns.DRIFT_TYPE, "BASELINE")
        .set(DriftColumns.COLUMN_NAME, "x").set(DriftColumns.STATUS, "OK").set(DriftColumns.DRIFTED, true)
        .set(DriftColumns.THRESHOLD_METRIC, "js_distance").set(DriftColumns.THRESHOLD, 0.1)
        .set(DriftColumns.JS_DISTANCE, 0.3).set(DriftColumns.JS_DIVERGENCE, 0.09).set(DriftColumns.PSI, 0.5)
        .set(DriftColumns.JS_NOISE_FLOOR, 0.0225).build();
    assertThat(RunSummary.explain(row)).isEqualTo("js_distance 0.3 > 0.1 (noise 0.15)");
    assertThat(RunSummary.explain(row.with(DriftColumns.THRESHOLD_METRIC, "js_divergence")
        .with(DriftColumns.THRESHOLD, 0.01))).isEqualTo("js_divergence 0.09 > 0.01 (noise 0.022)");
    assertThat(RunSummary.explain(row.with(DriftColumns.THRESHOLD_METRIC, "psi").with(DriftColumns.THRESHOLD, 0.2)))
        .isEqualTo("psi 0.5 > 0.2 (js_distance 0.3 vs noise 0.15)");
  }
}
