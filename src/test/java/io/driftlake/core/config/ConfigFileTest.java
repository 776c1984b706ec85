package io.driftlake.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void readOptionsFromTheCommandLineRepeatAndAddToTheConfigFilesObjectOrList(@TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("r.conf"), String.join("\n",
        "reference = a.csv", "current = b.csv", "output = out",
        "read-options { sep = \";\", multiLine = true, \"dateFormat\" = \"dd.MM.yyyy\" }",
        "current-read-options = [\"nullValue=NA\", \"encoding=ISO-8859-1\"]"));
    DriftConfig config = RunArguments.parse("--config", conf.toString(), "--read-option", "sep=|",
        "--read-option", "mode=PERMISSIVE", "--reference-read-option", "nullValue=-", "--reference-read-option", "x= y ");
    assertThat(config.readOption()).containsOnly(Map.entry("sep", "|"), Map.entry("multiLine", "true"),
        Map.entry("dateFormat", "dd.MM.yyyy"), Map.entry("mode", "PERMISSIVE"));
    assertThat(config.referenceReadOption()).containsExactly(Map.entry("nullValue", "-"), Map.entry("x", " y "));
    assertThat(config.currentReadOption()).containsExactly(Map.entry("nullValue", "NA"), Map.entry("encoding", "ISO-8859-1"));
    // column thresholds repeat as well
    assertThat(RunArguments.parse("--reference", "a", "--current", "b", "--output", "o", "--column-thresholds", "x:psi=0.2",
        "--column-thresholds", "y:psi=0.3").columnThresholds()).containsOnlyKeys("x", "y");
    assertThatThrownBy(() -> RunArguments.parse("--reference", "a", "--current", "b", "--output", "o",
        "--current-read-option", "=x")).hasMessage(
            "invalid value '=x' for --current-read-option: expected KEY=VALUE, e.g. sep=; or encoding=ISO-8859-1");
    Path singular = Files.writeString(dir.resolve("s.conf"), "read-option { sep = \";\" }\n");
    DriftConfig.Builder builder = DriftConfig.builder().reference("a").current("b").output("o");
    ConfigFile.applyTo(builder, singular.toFile()); // the option's own key is accepted too
    assertThat(builder.build().readOption()).containsExactly(Map.entry("sep", ";"));
  }
}
