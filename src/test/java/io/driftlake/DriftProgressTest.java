package io.driftlake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress lines of the command line, without Spark. */
class DriftProgressTest {
  @Test
  void theTotalLineSaysWhereTheWholeTimeWent() {
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put(DriftProgress.PHASE_PLAN, 1.2);
    seconds.put(DriftProgress.PHASE_BINS, 0.5);
    seconds.put(DriftProgress.PHASE_PROFILE_REFERENCE, 1.0);
    seconds.put(DriftProgress.PHASE_PROFILE_CURRENT, 0.5);
    seconds.put(DriftProgress.PHASE_COMPARE, 0.1);
    seconds.put(DriftProgress.PHASE_WRITE, 0.7);
    assertThat(DriftProgress.totalLine(seconds, 10_000, true)).isEqualTo("driftlake: 10.0 s in all: start 6.0 s (JVM and"
        + " Spark), plan 1.2 s, read 2.0 s (profiles), compare 0.1 s, write 0.7 s");
    assertThat(DriftProgress.totalLine(seconds, 10_000, false)).startsWith("driftlake: 10.0 s in all: start 6.0 s (JVM;"
        + " no Spark session), plan 1.2 s,");
  }

  @Test
  void theTotalLineFollowsTheWritePhaseLineOnly() {
    List<String> lines = new ArrayList<>();
    DriftProgress progress = DriftProgress.linesWithTotal(lines::add);
    progress.phaseEnded(new DriftProgress.PhaseEnd(DriftProgress.PHASE_PLAN, null, null, 3, 1.0));
    assertThat(lines).containsExactly("driftlake: plan  3 features  1.0 s");
    progress.phaseEnded(new DriftProgress.PhaseEnd(DriftProgress.PHASE_WRITE, "drift table t", 4L, null, 0.5));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).isEqualTo("driftlake: write  drift table t  4 rows  0.5 s");
    assertThat(lines.get(2)).startsWith("driftlake: ").contains(" s in all: start ").endsWith(", write 0.5 s");
  }
}
