package io.driftlake.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftlake.core.DriftException;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.Smoothing;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftConfigTest {
  private DriftConfig.Builder minimal() {
    return DriftConfig.builder().reference("r.parquet").current("c.parquet").output("/tmp/drift");
  }

  @Test
  void defaults() {
    DriftConfig config = minimal().build();
    assertThat(config.bins()).isEqualTo(20);
    assertThat(config.binning()).isEqualTo(Binning.QUANTILE);
    assertThat(config.maxCategories()).isEqualTo(100);
    assertThat(config.smoothing()).isEqualTo(Smoothing.epsilon(1e-4));
    assertThat(config.logBase()).isEqualTo(LogBase.E);
    assertThat(config.threshold()).isEqualTo(new Threshold(Metric.JS_DISTANCE, 0.1));
    assertThat(config.runId()).isEmpty();
  }

  @Test
  void textSettingsParse() {
    DriftConfig config = minimal()
        .set("bins", "7").set("binning", "equal-width").set("max-categories", "12").set("smoothing", "additive:1")
        .set("log-base", "2").set("threshold", "chi2_pvalue=0.01").set("features", "a, b,,c").set("run-id", "r1")
        .build();
    assertThat(config.bins()).isEqualTo(7);
    assertThat(config.binning()).isEqualTo(Binning.EQUAL_WIDTH);
    assertThat(config.maxCategories()).isEqualTo(12);
    assertThat(config.smoothing()).isEqualTo(Smoothing.additive(1));
    assertThat(config.logBase()).isEqualTo(LogBase.TWO);
    assertThat(config.threshold().metric()).isEqualTo(Metric.CHI2_PVALUE);
    assertThat(config.features()).isEqualTo(List.of("a", "b", "c"));
    assertThat(config.runId()).contains("r1");
  }

  @Test
  void badValuesNameTheOptionAndTheFix() {
    assertThatThrownBy(() -> minimal().set("bins", "-3"))
        .isInstanceOf(DriftException.class)
        .hasMessage("invalid value '-3' for --bins: expected a whole number from 1 to 10000")
        .extracting(e -> ((DriftException) e).exitCode()).isEqualTo(2);
    assertThatThrownBy(() -> minimal().set("smoothing", "laplace"))
        .hasMessage("invalid value 'laplace' for --smoothing: unknown smoothing 'laplace'");
    assertThatThrownBy(() -> minimal().set("threshold", "foo=1"))
        .hasMessageStartingWith("invalid value 'foo=1' for --threshold: unknown metric 'foo', expected one of kl_ref_cur");
    assertThatThrownBy(() -> minimal().set("binning", "log"))
        .hasMessage("invalid value 'log' for --binning: expected quantile or equal-width");
    assertThatThrownBy(() -> DriftConfig.builder().current("c").output("o").build())
        .hasMessage("missing required option --reference: give it on the command line or in the --config file");
    assertThatThrownBy(() -> minimal().set("colour", "blue"))
        .hasMessage("unknown setting 'colour'. See 'drift run --help' for the settings");
  }

  @Test
  void thresholdDirection() {
    assertThat(Metric.JS_DISTANCE.crosses(0.2, 0.1)).isTrue();
    assertThat(Metric.JS_DISTANCE.crosses(0.1, 0.1)).isFalse();
    assertThat(Metric.CHI2_PVALUE.crosses(0.001, 0.01)).isTrue();
    assertThat(Metric.CHI2_PVALUE.crosses(0.5, 0.01)).isFalse();
  }

  @Test
  void monitoringOptionsAreCheckedTogether() {
    assertThatThrownBy(() -> DriftConfig.builder().reference("r").current("c").output("o")
        .set(DriftConfig.GRANULARITY, "1 day").build())
        .hasMessage("--granularity needs --window-column: name the date or timestamp column that places rows in windows");
    assertThatThrownBy(() -> DriftConfig.builder().reference("r").current("c").output("o")
        .set(DriftConfig.WINDOW_COLUMN, "ts").build())
        .hasMessage("--window-column needs --granularity, e.g. --granularity \"1 day\"");
    assertThatThrownBy(() -> DriftConfig.builder().reference("r").current("c").output("o")
        .set(DriftConfig.DRIFT_TYPE, "both").build())
        .hasMessage("--drift-type both compares consecutive windows: add --window-column and --granularity");
    assertThatThrownBy(() -> DriftConfig.builder().current("c").output("o").set(DriftConfig.REFERENCE_PROFILE, "run-1").build())
        .hasMessageStartingWith("--reference-profile needs --profile-table");
    DriftConfig windowed = DriftConfig.builder().current("c").output("o").set(DriftConfig.REFERENCE_PROFILE, "run-1")
        .set(DriftConfig.PROFILE_TABLE, "/p").set(DriftConfig.WINDOW_COLUMN, "ts").set(DriftConfig.GRANULARITY, "2 hours")
        .set(DriftConfig.DRIFT_TYPE, "Consecutive").set(DriftConfig.FAIL_ON_DRIFT, "true")
        .set(DriftConfig.COLUMN_THRESHOLDS, "a:psi=0.2, b b:chi2_pvalue=0.01").build();
    assertThat(windowed.reference()).isNull();
    assertThat(windowed.granularity()).contains(new Granularity(2, Granularity.Unit.HOUR));
    assertThat(windowed.driftType()).isEqualTo(DriftType.CONSECUTIVE);
    assertThat(windowed.failOnDrift()).isTrue();
    assertThat(windowed.thresholds().forColumn("b b")).isEqualTo(new Threshold(Metric.CHI2_PVALUE, 0.01));
    assertThat(windowed.thresholds().forColumn("c")).isEqualTo(Threshold.DEFAULT);
    assertThatThrownBy(() -> DriftConfig.builder().set(DriftConfig.GRANULARITY, "1 fortnight"))
        .hasMessage("invalid value '1 fortnight' for --granularity: unknown unit 'fortnight': use minute, hour, day, week, month or year");
  }
}
