package io.driftlake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftlake.spark.FixedCostBenchmark;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** jobs/bench's fixed-costs section reads the phases back from the end-of-run time line DriftProgress writes. */
class FixedCostTimeLineTest {
  @Test
  void theHarnessReadsEveryPhaseOfTheTimeLine() {
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put(DriftProgress.PHASE_PLAN, 4.2);
    seconds.put(DriftProgress.PHASE_BINS, 1.0);
    seconds.put(DriftProgress.PHASE_PROFILE_REFERENCE, 2.0);
    seconds.put(DriftProgress.PHASE_PROFILE_CURRENT, 1.5);
    seconds.put(DriftProgress.PHASE_COMPARE, 0.5);
    seconds.put(DriftProgress.PHASE_WRITE, 17.3);
    for (boolean spark : new boolean[] {true, false}) {
      String log = "driftlake: write  drift table t  7 rows  17.3 s\n" + DriftProgress.totalLine(seconds, 41_000, spark) + "\n";

      assertThat(FixedCostBenchmark.timeLine(log)).containsExactlyInAnyOrderEntriesOf(Map.of(
          "start", 14.5, "plan", 4.2, "read", 4.5, "compare", 0.5, "write", 17.3));
    }
  }

  @Test
  void aLogWithoutTheTimeLineIsAnError() {
    assertThatThrownBy(() -> FixedCostBenchmark.timeLine("drift run: error: reference path does not exist"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no end-of-run time line");
  }
}
