package io.driftlake.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.config.Binning;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.config.Thresholds;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.Smoothing;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.RunInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's header names the whole data's domain classifier: its verdict, AUC and top features, or why none was trained. */
class ClassifierReportTest {
  private static final RunInfo RUN = new RunInfo("r", Instant.parse("2024-02-01T00:00:00Z"), "ref", "cur",
      Binning.QUANTILE, Smoothing.DEFAULT, LogBase.E, new Thresholds(Threshold.DEFAULT, Map.of()));
  private static final DriftRecord TABLE = DriftRecord.tableSummary(RUN, GroupKey.WHOLE, DriftType.BASELINE, 100, 100, 2, 0, null);

  @Test
  void theHeaderCarriesTheClassifier() {
    assertThat(ReportPage.classifier(TABLE)).isEmpty();
    DriftRecord drifted = TABLE.toBuilder().set(DriftColumns.CLASSIFIER_AUC, 0.97).set(DriftColumns.CLASSIFIER_PVALUE, 1e-30)
        .set(DriftColumns.CLASSIFIER_TOP_FEATURES, List.of(List.of("x", 0.48), List.of("y", 0.47)))
        .set(DriftColumns.DRIFTED, true)
        .set(DriftColumns.MESSAGE, TABLE.message() + "; a classifier tells current from reference with AUC 0.97 (x 0.48, y 0.47)")
        .build();
    assertThat(ReportPage.classifier(drifted)).isEqualTo("<p class=\"classifier\" id=\"classifier\"><b>joint drift</b>: "
        + "a classifier tells current from reference with AUC 0.97 (x 0.48, y 0.47) (p 1e-30)</p>\n");
    DriftRecord quiet = TABLE.toBuilder().set(DriftColumns.CLASSIFIER_AUC, 0.51).set(DriftColumns.CLASSIFIER_PVALUE, 0.4)
        .set(DriftColumns.CLASSIFIER_TOP_FEATURES, List.of(List.of("x", 0.5))).build();
    assertThat(ReportPage.classifier(quiet)).contains("<b>no joint drift seen</b>: the domain classifier&#39;s held-out AUC is 0.51"
        + " (p 0.4), its top features x 0.50");
    DriftRecord untrained = TABLE.with(DriftColumns.MESSAGE, TABLE.message() + "; domain classifier: not trained, too few rows");
    assertThat(ReportPage.classifier(untrained)).contains(">domain classifier: not trained, too few rows</p>");
    assertThat(HtmlReport.render(List.of(drifted))).contains("id=\"classifier\"");
  }
}
