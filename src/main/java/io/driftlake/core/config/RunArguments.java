package io.driftlake.core.config;

import io.driftlake.core.DriftErrors;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The arguments of {@code drift run}: {@code --config FILE} and one picocli option per
 * {@link DriftConfig#SETTINGS setting}, built with picocli's programmatic API (name, label and help
 * from the setting), so the command line and {@code Driftlake.run(spark, args...)} parse alike. It sits
 * below the API so that the API need not import the command line. Precedence: command line &gt;
 * {@code --config} file &gt; defaults.
 */
public final class RunArguments {
  /** The HOCON settings file; not a setting itself, it holds settings. */
  public static final String CONFIG = "--config";

  private RunArguments() {}

  /** Fresh option specs: {@code --config}, then one per setting in {@link DriftConfig#SETTINGS} order. */
  public static List<OptionSpec> options() {
    return options(DriftConfig.SETTINGS);
  }

  /** {@code --config} and the options of {@code settings} only (a roll-up's judging settings). */
  public static List<OptionSpec> options(List<Setting<?>> settings) {
    List<OptionSpec> options = new ArrayList<>();
    options.add(OptionSpec.builder(CONFIG).paramLabel("FILE").type(File.class)
        .description("HOCON settings file (see conf/driftlake.conf); flags override it.").build());
    for (Setting<?> setting : settings) {
      OptionSpec.Builder option = OptionSpec.builder(setting.option()).paramLabel(setting.label()).type(String.class)
          .description(setting.help());
      if (setting.form() == Setting.Form.FLAG) {
        option.arity("0..1").fallbackValue("true");
      }
      if (setting.form() == Setting.Form.TABLE) { // repeatable: --read-option sep=; --read-option nullValue=NA
        option.type(List.class).auxiliaryTypes(String.class).arity("1");
      }
      options.add(option.build());
    }
    return options;
  }

  /** The config of a parsed command that holds {@link #options()}: command line over config file over defaults. */
  public static DriftConfig toConfig(CommandSpec spec) {
    return toBuilder(spec).build();
  }

  /** The builder of {@link #toConfig}, before a whole run's checks (a roll-up takes its judging settings). */
  public static DriftConfig.Builder toBuilder(CommandSpec spec) {
    DriftConfig.Builder builder = DriftConfig.builder();
    File configFile = spec.findOption(CONFIG).getValue();
    if (configFile != null) {
      ConfigFile.applyTo(builder, configFile);
    }
    for (Setting<?> setting : DriftConfig.SETTINGS) {
      OptionSpec option = spec.findOption(setting.option());
      if (option == null) { // a command with a subset of the options (rollup)
        continue;
      }
      Object value = option.getValue();
      if (value instanceof List<?> texts) {
        texts.forEach(text -> builder.set(setting, (String) text));
      } else if (value != null) {
        builder.set(setting, (String) value);
      }
    }
    return builder;
  }

  /** Parses {@code drift run} arguments (no session options) into a config. */
  public static DriftConfig parse(String... args) {
    CommandSpec spec = CommandSpec.create();
    options().forEach(spec::addOption);
    try {
      new CommandLine(spec).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw DriftErrors.input(e.getMessage() + ". See 'drift run --help'");
    }
    return toConfig(spec);
  }
}
