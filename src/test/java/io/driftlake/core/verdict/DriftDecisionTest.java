package io.driftlake.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.core.config.Metric;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.verdict.DriftVerdict.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision rule on fixed inputs; DriftDecisionSimulationTest runs it end to end. */
class DriftDecisionTest {
  static final Threshold JS = Threshold.DEFAULT; // js_distance=0.1
  static final int MIN = DriftDecision.MIN_ROWS_DEFAULT;

  @Test
  void driftedNeedsBothSignificanceAndTheThreshold() {
    assertThat(DriftDecision.decide(JS, 0.14, 0.001, 0.01, 300, 300, MIN)).isEqualTo(new DriftVerdict(true, 0.001, Reason.DECIDED, null));
    // significant but small: not drift, and nothing to explain
    assertThat(DriftDecision.decide(JS, 0.05, 1e-30, 0.01, 200_000, 200_000, MIN))
        .isEqualTo(new DriftVerdict(false, 1e-30, Reason.DECIDED, null));
    // large but not significant: not drift, and the message says why
    DriftVerdict noise = DriftDecision.decide(JS, 0.14, 0.2, 0.01, 300, 300, MIN);
    assertThat(noise.drifted()).isFalse();
    assertThat(noise.reason()).isEqualTo(Reason.NOT_SIGNIFICANT);
    assertThat(noise.message()).isEqualTo("js_distance 0.1400 crosses the threshold 0.1 but is not significant:"
        + " chi-square q-value 0.200 >= alpha 0.01 (a difference this size is expected from sampling noise at"
        + " 300 / 300 values)");
    // q exactly alpha is not below it
    assertThat(DriftDecision.decide(JS, 0.14, 0.01, 0.01, 300, 300, MIN).drifted()).isFalse();
  }

  @Test
  void noAlphaIsThresholdOnly() {
    assertThat(DriftDecision.decide(JS, 0.14, 0.9, null, 300, 300, MIN)).isEqualTo(new DriftVerdict(true, 0.9, Reason.DECIDED, null));
    assertThat(DriftDecision.decide(JS, 0.14, null, null, 300, 300, MIN)).isEqualTo(new DriftVerdict(true, null, Reason.DECIDED, null));
    assertThat(DriftDecision.decide(JS, 0.09, null, null, 300, 300, MIN).drifted()).isFalse();
  }

  @Test
  void chi2PValueAsTheMetricUsesTheThresholdOnly() {
    Threshold chi2 = new Threshold(Metric.CHI2_PVALUE, 0.01);
    // p below the threshold: drift even though its q-value is not below alpha
    assertThat(DriftDecision.decide(chi2, 0.005, 0.04, 0.01, 300, 300, MIN)).isEqualTo(new DriftVerdict(true, 0.04, Reason.DECIDED, null));
    assertThat(DriftDecision.decide(chi2, 0.02, 0.001, 0.01, 300, 300, MIN).drifted()).isFalse();
    assertThat(DriftDecision.decide(chi2, 0.005, null, 0.01, 300, 300, MIN).drifted()).isTrue();
  }

  @Test
  void tooFewRowsIsNoVerdict() {
    DriftVerdict few = DriftDecision.decide(JS, 0.5, 1e-9, 0.01, 42, 5, MIN);
    assertThat(few.drifted()).isNull();
    assertThat(few.reason()).isEqualTo(Reason.TOO_FEW_ROWS);
    assertThat(few.message())
        .isEqualTo("too few rows to judge drift: 42 reference / 5 current non-null values, below --min-rows 30");
    assertThat(MIN).isEqualTo(30); // issue 25: five values a side are not judged, thirty are
    assertThat(DriftDecision.decide(JS, 0.5, 1e-9, null, 1_000, 29, MIN).drifted()).isNull(); // with no alpha too
    assertThat(DriftDecision.decide(JS, 0.5, 1e-9, 0.01, 30, 30, MIN).drifted()).isTrue(); // the bar itself passes
    assertThat(DriftDecision.decide(JS, 0.5, 1e-9, 0.01, 1, 1, 0).drifted()).isTrue(); // 0: no bar
  }

  @Test
  void unjudgeableCases() {
    DriftVerdict notApplicable = DriftDecision.decide(new Threshold(Metric.KS_STATISTIC, 0.1), null, 0.001, 0.01,
        300, 300, MIN);
    assertThat(notApplicable).isEqualTo(
        new DriftVerdict(null, 0.001, Reason.NOT_APPLICABLE, "threshold metric ks_statistic does not apply to this feature"));
    assertThat(DriftDecision.decide(JS, 0.14, null, 0.01, 300, 300, MIN))
        .isEqualTo(new DriftVerdict(null, null, Reason.NO_Q_VALUE, "no chi-square q-value to test significance at alpha 0.01"));
    assertThatThrownBy(() -> DriftDecision.decide(JS, 0.14, 0.001, 0.0, 300, 300, MIN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("alpha must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> DriftDecision.decide(JS, 0.14, 0.001, 0.01, 300, 300, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("min-rows must be >= 0, got -1");
  }

  @Test
  void theFamilyLeavesOutFeaturesWithTooFewRows() {
    List<DriftDecision.Candidate> family = List.of(
        new DriftDecision.Candidate(JS, 0.3, 0.004, 500, 500),
        new DriftDecision.Candidate(JS, 0.3, 0.004, 500, 500),
        new DriftDecision.Candidate(JS, 0.3, 0.5, 500, 20)); // below the default bar of 30
    List<DriftVerdict> verdicts = DriftDecision.decideFamily(family, 0.005, MIN);
    // false_discovery_control([0.004, 0.004], method='bh') -> [0.004, 0.004]; with 0.5 in the family
    // it would be [0.006, 0.006, 0.5] and neither would pass alpha 0.005
    assertThat(verdicts.get(0).qValue()).isCloseTo(0.004, within(1e-15));
    assertThat(verdicts.get(0).drifted()).isTrue();
    assertThat(verdicts.get(1).drifted()).isTrue();
    assertThat(verdicts.get(2).qValue()).isNull();
    assertThat(verdicts.get(2).drifted()).isNull();
    assertThat(verdicts.get(2).message()).startsWith("too few rows to judge drift: 500 reference / 20 current");
    assertThat(DriftDecision.decideFamily(family, 0.005, 0).get(0).qValue()).isCloseTo(0.006, within(1e-15));
  }
}
