package io.driftlake.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.driftlake.core.DriftErrors;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A HOCON {@code --config} file (Typesafe Config). Settings sit at the top level or inside a
 * {@code driftlake { ... }} block, keyed like the long options ({@code bins = 20},
 * {@code features = [a, b]}): the keys are those of {@link DriftConfig#SETTINGS}, each value goes
 * through its setting's parser. {@code ${ENV_VAR}} substitutions resolve from the environment.
 * Typesafe Config is pure Java, so the reader sits beside the settings and below the API.
 */
final class ConfigFile {
  static final String ROOT = "driftlake";

  private ConfigFile() {}

  /** Applies every setting in {@code file} to {@code builder}; unknown keys are errors. */
  static void applyTo(DriftConfig.Builder builder, File file) {
    if (!file.isFile()) {
      throw DriftErrors.input("config file not found: " + file + ". Check --config, or copy conf/driftlake.conf");
    }
    Config config;
    try {
      config = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
    } catch (ConfigException e) {
      throw DriftErrors.input("cannot parse config file " + file + ": " + e.getMessage()
          + ". Fix the HOCON syntax (see conf/driftlake.conf)", e);
    }
    if (config.hasPath(ROOT) && config.getValue(ROOT).valueType() == ConfigValueType.OBJECT) {
      config = config.getConfig(ROOT);
    }
    for (Map.Entry<String, ConfigValue> entry : config.root().entrySet()) {
      String key = entry.getKey();
      ConfigValue value = entry.getValue();
      Setting<?> setting = DriftConfig.settingInFile(key).orElseThrow(() -> DriftErrors.input("unknown setting '" + key
          + "'. See 'drift run --help' for the settings (in " + file + ")"));
      try {
        if (setting.form() == Setting.Form.TABLE && value.valueType() == ConfigValueType.OBJECT) {
          putEntries(builder, setting, config.getConfig(ConfigUtil.joinPath(key)));
          continue;
        }
        if (setting.form() == Setting.Form.TABLE && value.valueType() == ConfigValueType.LIST) {
          for (Object item : (List<?>) value.unwrapped()) { // ["sep=;", "nullValue=NA"]: one entry each
            builder.set(setting, String.valueOf(item));
          }
          continue;
        }
        String text = switch (value.valueType()) {
          case LIST -> ((List<?>) value.unwrapped()).stream().map(String::valueOf).collect(Collectors.joining(","));
          case OBJECT -> throw DriftErrors.input("setting '" + key
              + "' is an object: give it a plain value (see conf/driftlake.conf)");
          case NULL -> null;
          default -> String.valueOf(value.unwrapped());
        };
        if (text != null) {
          builder.set(setting, text);
        }
      } catch (RuntimeException e) {
        throw DriftErrors.input(e.getMessage() + " (in " + file + ")", e);
      }
    }
  }

  /**
   * A table setting's object, e.g. {@code column-thresholds { temp_max = "psi=0.2", "my col" =
   * "js_distance=0.05" }} or {@code read-options { sep = ";", multiLine = true }}: any entry name
   * (quoted when it has dots or spaces), each value's text through the setting's entry parser.
   */
  private static <T> void putEntries(DriftConfig.Builder builder, Setting<T> setting, Config object) {
    Map<String, String> texts = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : object.root().entrySet()) {
      texts.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    builder.put(setting, setting.entries(texts));
  }
}
