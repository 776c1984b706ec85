package io.driftlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code drift run}'s options are the settings: one each, same name, label and help, in registry order. */
class RunOptionsTest {
  @Test
  void driftRunHasExactlyOneOptionPerSettingAndOnlyTheSessionAndHelpOptionsBesides() {
    CommandLine run = new CommandLine(new DriftCli()).getSubcommands().get("run");
    List<OptionSpec> options = run.getCommandSpec().options();
    List<String> names = options.stream().map(OptionSpec::longestName).toList();
    List<String> expected = new java.util.ArrayList<>(List.of("--config"));
    DriftConfig.SETTINGS.forEach(s -> expected.add(s.option()));
    expected.addAll(List.of("--master", "--verbose", "--quiet", "--help", "--version"));
    assertThat(names).containsExactlyElementsOf(expected);
    for (Setting<?> setting : DriftConfig.SETTINGS) {
      OptionSpec option = run.getCommandSpec().findOption(setting.option());
      assertThat(option.names()).as(setting.key()).containsExactly(setting.option());
      assertThat(option.paramLabel()).as(setting.key()).isEqualTo(setting.label());
      assertThat(option.description()).as(setting.key()).containsExactly(setting.help());
      assertThat(option.defaultValue()).as("defaults come from the config, not picocli").isNull();
      assertThat(option.arity().max()).isEqualTo(1);
      assertThat(option.arity().min()).isEqualTo(setting.form() == Setting.Form.FLAG ? 0 : 1);
    }
  }
}
