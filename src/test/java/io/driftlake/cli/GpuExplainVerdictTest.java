package io.driftlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict on explain-only logs; the sample lines are RAPIDS 26.08.1 output seen by jobs/gpu-explain. */
class GpuExplainVerdictTest {
  private static final List<String> BUILTIN = List.of(
      "INFO DriftJob: driftlake phase begin: bins",
      "!Exec <ObjectHashAggregateExec> cannot run on GPU because not all expressions can be replaced",
      "INFO DriftJob: driftlake phase end: bins",
      "INFO DriftJob: driftlake phase begin: profile-reference",
      "WARN GpuOverrides: ",
      "*Exec <HashAggregateExec> will run on GPU",
      "  *Expression <AggregateExpression> count(1) will run on GPU",
      "  *Exec <ShuffleExchangeExec> will run on GPU",
      "    *Partitioning <HashPartitioning> will run on GPU",
      "        *Exec <ExpandExec> will run on GPU",
      "            *Exec <FileSourceScanExec> will run on GPU",
      "INFO DriftJob: driftlake phase end: profile-reference",
      "INFO DriftJob: driftlake phase begin: write",
      "  !Exec <SomethingElse> cannot run on GPU because it is the Delta write",
      "INFO DriftJob: driftlake phase end: write");

  @Test
  void builtinStageEntirelyOnGpuIgnoringOtherPhases() {
    GpuExplainVerdict.Verdict verdict = GpuExplainVerdict.judge(BUILTIN);
    assertThat(verdict.entirelyOnGpu()).isTrue();
    assertThat(verdict.operators()).containsExactly("HashAggregateExec", "ShuffleExchangeExec", "HashPartitioning",
        "ExpandExec", "FileSourceScanExec");
    assertThat(verdict.line("builtin")).startsWith("builtin: histogram stage entirely on GPU (HashAggregateExec");
  }

  @Test
  void typedAggregatorIsReportedWithItsReason() {
    GpuExplainVerdict.Verdict verdict = GpuExplainVerdict.judge(List.of(
        "INFO DriftJob: driftlake phase begin: profile-current",
        "!Exec <ObjectHashAggregateExec> cannot run on GPU because not all expressions can be replaced",
        "    ! <ScalaAggregator> Numeric(x#1) cannot run on GPU because GPU does not currently support the operator class",
        "  *Exec <ProjectExec> will run on GPU",
        "  ^Exec <SomeBridgeExec> will run on GPU via CPU bridge",
        "INFO DriftJob: driftlake phase end: profile-current"));
    assertThat(verdict.entirelyOnGpu()).isFalse();
    assertThat(verdict.offGpu()).containsExactly(
        "!Exec <ObjectHashAggregateExec> cannot run on GPU because not all expressions can be replaced",
        "! <ScalaAggregator> Numeric(x#1) cannot run on GPU because GPU does not currently support the operator class",
        "^Exec <SomeBridgeExec> will run on GPU via CPU bridge");
    assertThat(verdict.line("udaf")).startsWith("udaf: histogram stage NOT entirely on GPU; not on GPU: !Exec");
  }

  @Test
  void noPlanIsNoVerdict() {
    GpuExplainVerdict.Verdict verdict = GpuExplainVerdict.judge(List.of("nothing here"));
    assertThat(verdict.entirelyOnGpu()).isFalse();
    assertThat(verdict.line("builtin")).contains("NO VERDICT");
  }
}
