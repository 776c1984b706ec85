package io.driftlake.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import org.junit.jupiter.api.Test;

/** The shipped example conf/driftlake.conf stays valid, including its per-column thresholds object. */
class ConfigFileTest {
  @Test
  void theExampleConfigParses() {
    DriftConfig.Builder builder = DriftConfig.builder();
    ConfigFile.applyTo(builder, new File("conf/driftlake.conf"));
    DriftConfig config = builder.build();
    assertThat(config.reference()).isEqualTo("/data/features/2024-01");
    assertThat(config.columnThresholds()).containsEntry("income", new Threshold(Metric.PSI, 0.25))
        .containsEntry("country", new Threshold(Metric.CHI2_PVALUE, 0.001));
    assertThat(config.thresholds().forColumn("age")).isEqualTo(Threshold.DEFAULT);
  }
}
