package io.driftlake.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.driftlake.core.metrics.Smoothing;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each setting is defined once, in {@link DriftConfig}; what is not generated from it is checked
 * against it here: the Java accessors and builder setters, the example conf/driftlake.conf and
 * README's options table, both ways. (The picocli options are generated: cli.RunOptionsTest.)
 */
class SettingsDocsTest {
  /** Options of README's table that are not settings: the settings file and the session. */
  private static final Set<String> NOT_SETTINGS = Set.of("--config", "--master", "--verbose", "--quiet");
  private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");
  private static final Pattern COMMENTED_KEY = Pattern.compile("^(\\s*)#\\s*([a-z][a-z-]*)\\s*(=|\\{)(.*)$");

  private static Set<String> keys() {
    return DriftConfig.SETTINGS.stream().map(Setting::key).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  @Test
  void everySettingIsRegisteredOnceWithAHelpLineAndADefaultThatParsesBack() throws Exception {
    List<Setting<?>> declared = new ArrayList<>();
    for (Field field : DriftConfig.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
        declared.add((Setting<?>) field.get(null));
      }
    }
    assertThat(DriftConfig.SETTINGS).hasSize(48).containsExactlyInAnyOrderElementsOf(declared);
    assertThat(keys()).hasSize(DriftConfig.SETTINGS.size());
    for (Setting<?> setting : DriftConfig.SETTINGS) {
      assertThat(setting.key()).as(setting.key()).matches("[a-z][a-z-]*[a-z]");
      assertThat(setting.help()).as(setting.key()).endsWith(".").doesNotContain("..").doesNotContain("(default: none)");
      assertThat(DriftConfig.setting(setting.key())).contains(setting);
      boolean valueDefault = setting.form() == Setting.Form.VALUE || setting.form() == Setting.Form.FLAG;
      if (valueDefault && setting.defaultValue() != null) { // a default written as a user writes the value
        assertThat(setting.parse(setting.defaultText().get())).as(setting.key()).isEqualTo(setting.defaultValue());
      }
    }
    // the core types' own defaults and the settings' agree
    assertThat(DriftConfig.SMOOTHING_DEFAULT).isEqualTo(Smoothing.DEFAULT);
    assertThat(DriftConfig.THRESHOLD_DEFAULT).isEqualTo(Threshold.DEFAULT);
  }

  @Test
  void everySettingHasOneAccessorAndOneBuilderSetterOfItsNameAndNothingElseDoes() {
    Set<String> names = keys().stream().map(SettingsDocsTest::camelCase).collect(Collectors.toSet());
    Set<String> accessors = publicMethods(DriftConfig.class, 0);
    Set<String> setters = publicMethods(DriftConfig.Builder.class, 1);
    assertThat(accessors).containsAll(names);
    assertThat(setters).containsAll(names);
    Set<String> extraAccessors = new LinkedHashSet<>(accessors);
    extraAccessors.removeAll(names);
    assertThat(extraAccessors).containsExactlyInAnyOrder("thresholds", "toBuilder", "builder", "hashCode", "toString");
    Set<String> extraSetters = new LinkedHashSet<>(setters);
    extraSetters.removeAll(names);
    assertThat(extraSetters).containsExactlyInAnyOrder("splitList", "equals");
  }

  private static Set<String> publicMethods(Class<?> type, int parameters) {
    return Arrays.stream(type.getMethods())
        .filter(m -> m.getParameterCount() == parameters && m.getDeclaringClass() != Object.class
            || m.getParameterCount() == parameters && Set.of("hashCode", "toString", "equals").contains(m.getName()))
        .filter(m -> !m.getName().equals("getClass"))
        .map(Method::getName)
        .collect(Collectors.toSet());
  }

  private static String camelCase(String key) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : key.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  @Test
  void theExampleConfHasEverySettingAndOnlySettingsAndEveryCommentedExampleParses(@TempDir Path dir) throws IOException {
    Path conf = Path.of("conf/driftlake.conf");
    Set<String> active = ConfigFactory.parseFile(conf.toFile()).getConfig(ConfigFile.ROOT).root().keySet();
    List<String> lines = Files.readAllLines(conf);
    Set<String> commented = new LinkedHashSet<>();
    List<String> uncommented = new ArrayList<>();
    for (String line : lines) {
      Matcher m = COMMENTED_KEY.matcher(line);
      if (m.matches()) {
        commented.add(m.group(2));
        uncommented.add(m.group(1) + m.group(2) + " " + m.group(3) + m.group(4));
      } else {
        uncommented.add(line);
      }
    }
    assertThat(active).doesNotContainAnyElementsOf(commented);
    Set<String> all = new LinkedHashSet<>(active);
    all.addAll(commented);
    // keys of a file are the settings' file keys (the key, or a table's plural: read-options { })
    assertThat(all).containsExactlyInAnyOrderElementsOf(DriftConfig.SETTINGS.stream().map(Setting::fileKey).toList());

    // every example value, uncommented, is one its setting accepts
    Path every = Files.write(dir.resolve("every.conf"), uncommented);
    DriftConfig.Builder builder = DriftConfig.builder();
    ConfigFile.applyTo(builder, new File(every.toString()));
  }

  @Test
  void readmesOptionsTableHasOneRowPerSettingWithItsDefault() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("README.md"));
    int header = readme.indexOf("| option | default | meaning |");
    assertThat(header).as("README options table").isNotNegative();
    List<String[]> rows = new ArrayList<>();
    for (int i = header + 2; i < readme.size() && readme.get(i).startsWith("|"); i++) {
      rows.add(readme.get(i).replace("\\|", "/").split("\\|"));
    }
    Set<String> documented = new LinkedHashSet<>();
    for (Setting<?> setting : DriftConfig.SETTINGS) {
      List<String[]> mine = rows.stream().filter(r -> options(r[1]).contains(setting.option())).toList();
      assertThat(mine).as("rows documenting " + setting.option()).hasSize(1);
      assertThat(mine.get(0)[2]).as("default of " + setting.option()).contains(setting.documentedDefault());
    }
    rows.forEach(r -> documented.addAll(options(r[1])));
    documented.removeAll(NOT_SETTINGS);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(
        DriftConfig.SETTINGS.stream().map(Setting::option).toList());
  }

  private static Set<String> options(String cell) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = OPTION.matcher(cell);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }
}
