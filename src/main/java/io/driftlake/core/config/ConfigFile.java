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
      if (key.equals(DriftConfig.COLUMN_THRESHOLDS.key()) && value.valueType() == ConfigValueType.OBJECT) {
        builder.columnThresholds(columnThresholds(config.getConfig(ConfigUtil.joinPath(key)), file));
        continue;
      }
      String text = switch (value.valueType()) {
        case LIST -> ((List<?>) value.unwrapped()).stream().map(String::valueOf).collect(Collectors.joining(","));
        case OBJECT -> throw DriftErrors.input("setting '" + key + "' in " + file
            + " is an object: give it a plain value (see conf/driftlake.conf)");
        case NULL -> null;
        default -> String.valueOf(value.unwrapped());
      };
      if (text == null) {
        continue;
      }
      try {
        builder.set(key, text);
      } catch (RuntimeException e) {
        throw DriftErrors.input(e.getMessage() + " (in " + file + ")", e);
      }
    }
  }

  /**
   * {@code column-thresholds { temp_max = "psi=0.2", "my col" = "js_distance=0.05" }}: a threshold per
   * column, any column name (quoted when it has dots or spaces).
   */
  private static Map<String, Threshold> columnThresholds(Config thresholds, File file) {
    Map<String, Threshold> parsed = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : thresholds.root().entrySet()) {
      try {
        parsed.put(e.getKey(), Threshold.parse(String.valueOf(e.getValue().unwrapped())));
      } catch (IllegalArgumentException bad) {
        throw DriftErrors.input("bad value for column-thresholds." + e.getKey() + " in " + file + ": " + bad.getMessage());
      }
    }
    return parsed;
  }
}
