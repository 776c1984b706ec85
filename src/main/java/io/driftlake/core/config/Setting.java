package io.driftlake.core.config;

import io.driftlake.core.DriftErrors;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One setting of a drift run, defined once: its key (the long option without its dashes, and the key
 * of a {@code --config} HOCON file), how its value is written and parsed, its default and its help
 * line. The command line, config files, {@link DriftConfig.Builder} and the docs follow from it, as
 * every SQL setting of Spark follows from one {@code SQLConf.buildConf(key).doc(..).createWithDefault(..)}
 * ({@code ConfigEntry}). {@link DriftConfig#SETTINGS} lists them all, in help order.
 */
public final class Setting<T> {
  /** How a value is written, which decides the picocli arity and the HOCON value types accepted. */
  public enum Form {
    /** One value: {@code --bins 20}, {@code bins = 20}. */
    VALUE,
    /** Names: {@code --features a,b} on the command line, {@code features = [a, b]} in a file. */
    LIST,
    /** A switch: {@code --fail-on-drift} alone means true; {@code --fail-on-drift=false} is accepted. */
    FLAG,
    /**
     * Entries per name: {@code COL:METRIC=VALUE,...} or {@code KEY=VALUE} on the command line, where
     * the option may be repeated (each adds entries); an object in a file.
     */
    TABLE
  }

  private final String key;
  private final String label;
  private final String description;
  private final Form form;
  private final boolean required;
  private final T defaultValue;
  private final String defaultText;
  private final Function<String, T> parser;
  private final UnaryOperator<T> check;
  private final BinaryOperator<T> merge;
  private final String fileKey;
  private final BiFunction<String, String, ?> entryParser;

  private Setting(String key, String label, String description, Form form, boolean required, T defaultValue,
      String defaultText, Function<String, T> parser, UnaryOperator<T> check, BinaryOperator<T> merge) {
    this(key, label, description, form, required, defaultValue, defaultText, parser, check, merge, key, null);
  }

  private Setting(String key, String label, String description, Form form, boolean required, T defaultValue,
      String defaultText, Function<String, T> parser, UnaryOperator<T> check, BinaryOperator<T> merge, String fileKey,
      BiFunction<String, String, ?> entryParser) {
    this.fileKey = fileKey;
    this.entryParser = entryParser;
    this.key = key;
    this.label = label;
    this.description = description;
    this.form = form;
    this.required = required;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.parser = parser;
    this.check = check;
    this.merge = merge;
  }

  /** The key: the long option without its dashes, and the HOCON key. */
  public String key() { return key; }
  /** The key in a {@code --config} file: the key, except where a table reads better plural ({@code read-options { }}). */
  public String fileKey() { return fileKey; }
  /** The long option, {@code --key}. */
  public String option() { return "--" + key; }
  /** What the value looks like in usage help, e.g. {@code N} or {@code a,b}. */
  public String label() { return label; }
  /** The help line without its default. */
  public String description() { return description; }
  public Form form() { return form; }
  /** Whether a run needs it (docs say "required"; the config names it when missing). */
  public boolean required() { return required; }
  /** The value when the setting is not given; null when absent means "none" or something derived. */
  public T defaultValue() { return defaultValue; }
  /** The default as the docs write it ({@code 20}, {@code epsilon:1e-4}, {@code inferred}); empty for none. */
  public Optional<String> defaultText() { return Optional.ofNullable(defaultText); }

  /** The help line of the command line: the description and, when there is one, the default. */
  public String help() {
    return description + (defaultText == null ? "" : " (default: " + defaultText + ")") + ".";
  }

  /** The default column of the docs' options table: {@code required}, the default, or {@code none}. */
  public String documentedDefault() {
    return required ? "required" : defaultText == null ? "none" : defaultText;
  }

  /**
   * The value of a text form (command line, config file). A bad text names this option, the text and
   * what was expected, as every other option error does.
   */
  public T parse(String text) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw DriftErrors.badOptionValue(option(), text, e.getMessage());
    }
  }

  /** A typed value checked (range, known format) and normalized (trimmed names, immutable lists). */
  public T checked(T value) {
    try {
      return check.apply(value);
    } catch (IllegalArgumentException e) {
      throw DriftErrors.badOptionValue(option(), String.valueOf(value), e.getMessage());
    }
  }

  /**
   * A table setting's value from a config file object, {@code name = "text"} per entry; a bad entry
   * names the file key, the entry and what was expected.
   */
  @SuppressWarnings("unchecked")
  public T entries(Map<String, String> texts) {
    if (form != Form.TABLE) {
      throw new IllegalStateException(key + " is not a table setting");
    }
    Map<String, Object> parsed = new LinkedHashMap<>();
    texts.forEach((name, text) -> {
      try {
        parsed.put(name, entryParser.apply(name, text));
      } catch (IllegalArgumentException e) {
        throw DriftErrors.input("bad value for " + fileKey + "." + name + ": " + e.getMessage());
      }
    });
    return checked((T) parsed);
  }

  /** What a later value makes of an earlier one: it replaces it, except for tables, which add to it. */
  public T merge(T earlier, T later) {
    return earlier == null ? later : merge.apply(earlier, later);
  }

  @Override
  public String toString() {
    return key;
  }

  /**
   * Defines settings and keeps them in definition order; {@link DriftConfig} holds the one instance,
   * so that a setting is registered where it is declared.
   */
  static final class Registry {
    private final Map<String, Setting<?>> byKey = new LinkedHashMap<>();

    private <T> Setting<T> add(Setting<T> setting) {
      if (byKey.putIfAbsent(setting.key(), setting) != null) {
        throw new IllegalStateException("setting '" + setting.key() + "' defined twice");
      }
      return setting;
    }

    List<Setting<?>> all() {
      return List.copyOf(byKey.values());
    }

    Map<String, Setting<?>> byKey() {
      return Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
    }

    /** Text that must be given; blank counts as not given. */
    Setting<String> required(String key, String label, String description) {
      return add(new Setting<>(key, label, description, Form.VALUE, true, null, null,
          Function.identity(), Registry::blankToNull, (a, b) -> b));
    }

    /** Optional text, trimmed; blank is absent. {@code absent} says what no value means in the docs (null: "none"). */
    Setting<String> text(String key, String label, String absent, String description) {
      return optional(key, label, absent, Function.identity(), Registry::blankToNull, description);
    }

    /** Optional value: absent (null) unless given. */
    <T> Setting<T> optional(String key, String label, String absent, Function<String, T> parser, UnaryOperator<T> check,
        String description) {
      return add(new Setting<>(key, label, description, Form.VALUE, false, null, absent, parser, check, (a, b) -> b));
    }

    /** A value with a default, written as a user would write it and parsed by {@code parser}. */
    <T> Setting<T> parsed(String key, String label, String defaultText, Function<String, T> parser, String description) {
      return add(new Setting<>(key, label, description, Form.VALUE, false, parser.apply(defaultText), defaultText,
          parser, UnaryOperator.identity(), (a, b) -> b));
    }

    /** A whole number from 1 to {@code max}. */
    Setting<Integer> wholeNumber(String key, String label, int defaultValue, int max, String description) {
      return add(new Setting<>(key, label, description, Form.VALUE, false, defaultValue, Integer.toString(defaultValue),
          Registry::parseInt, value -> {
            if (value < 1 || value > max) {
              throw new IllegalArgumentException("expected a whole number from 1 to " + max);
            }
            return value;
          }, (a, b) -> b));
    }

    /** Column names, {@code a,b,c}; empty by default. {@code absent} says what no names mean (null: "none"). */
    Setting<List<String>> names(String key, String label, String absent, String description) {
      return add(new Setting<>(key, label, description, Form.LIST, false, List.of(), absent,
          Registry::splitList, List::copyOf, (a, b) -> b));
    }

    /** A switch, off by default. */
    Setting<Boolean> flag(String key, String description) {
      return add(new Setting<>(key, "BOOL", description, Form.FLAG, false, false, "off",
          Registry::parseBoolean, value -> value, (a, b) -> b));
    }

    /**
     * A table of values per name; a later table adds to (and overrides entries of) an earlier one.
     * {@code parser} reads the command line's text, {@code entryParser} one entry of a file's object
     * (its name and its value's text); {@code fileKey} is its key in a file.
     */
    <V> Setting<Map<String, V>> table(String key, String fileKey, String label, Function<String, Map<String, V>> parser,
        BiFunction<String, String, V> entryParser, String description) {
      return add(new Setting<>(key, label, description, Form.TABLE, false, Map.of(), null, parser,
          value -> Collections.unmodifiableMap(new LinkedHashMap<>(value)), (a, b) -> {
            Map<String, V> merged = new LinkedHashMap<>(a);
            merged.putAll(b);
            return Collections.unmodifiableMap(merged);
          }, fileKey, entryParser));
    }

    static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.trim();
    }

    static int parseInt(String text) {
      try {
        return Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a whole number");
      }
    }

    static long parseLong(String text) {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a whole number");
      }
    }

    static boolean parseBoolean(String text) {
      return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "true", "yes", "on" -> true;
        case "false", "no", "off" -> false;
        default -> throw new IllegalArgumentException("expected true or false");
      };
    }

    /** Splits {@code a,b,c}; names are trimmed, empty names dropped. */
    static List<String> splitList(String text) {
      return java.util.Arrays.stream(text.split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .toList();
    }
  }
}
