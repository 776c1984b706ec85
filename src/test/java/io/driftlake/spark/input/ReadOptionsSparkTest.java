package io.driftlake.spark.input;

import io.driftlake.DriftRun;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark reader options from {@code --read-option} (both sides), {@code --reference-read-option} /
 * {@code --current-read-option} and a config file's {@code read-options { }}, on real files: a JSON
 * array file of the vega-datasets package (read whole without any option), and the Seattle weather
 * CSV exported the European way (";" separators, ISO-8859-1, "NA" for missing values).
 */
class ReadOptionsSparkTest {
  static final Path CARS = Path.of("src/test/resources/vega/cars.json").toAbsolutePath();
  static final Path WEATHER = Path.of("src/main/resources/demo/seattle-weather.csv").toAbsolutePath();
  private final SparkSession spark = SharedSpark.session();
  @TempDir Path dir;

  private static Map<String, DriftRecord> byColumn(DriftRun run) {
    return run.features().stream().collect(Collectors.toMap(DriftRecord::columnName, r -> r));
  }

  @Test
  void aJsonArrayFileIsReadWholeWithoutAnyOption() {
    DriftRun run = Driftlake.run(spark, "--reference", CARS.toString(), "--current", CARS.toString(),
        "--reference-filter", "Origin = 'USA'", "--current-filter", "Origin <> 'USA'",
        "--output", dir.resolve("cars-drift").toString(), "--features", "Horsepower,Weight_in_lbs,Cylinders,Origin");
    Map<String, DriftRecord> rows = byColumn(run);
    assertThat(rows).containsOnlyKeys("Horsepower", "Weight_in_lbs", "Cylinders", "Origin");
    // 254 American cars and 152 others, every record of the array (a JSON Lines read finds none)
    assertThat(rows.get("Weight_in_lbs").refCount()).isEqualTo(254L);
    assertThat(rows.get("Weight_in_lbs").curCount()).isEqualTo(152L);
    assertThat(rows.get("Weight_in_lbs").kind()).isEqualTo("numeric");
    assertThat(rows.get("Weight_in_lbs").drifted()).isTrue(); // American cars were heavier
  }

  @Test
  void aSemicolonLatin1CsvWithNaNeedsItsReaderOptionsFromTheCommandLineOrTheConfigFile() throws Exception {
    // the real weather data, exported as a European spreadsheet would: ';', Latin-1, NA for missing
    List<String> lines = Files.readAllLines(WEATHER);
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replace(',', ';').replace("drizzle", "bruine légère");
      if (i > 0 && i % 10 == 0) { // every tenth day's precipitation is missing
        String[] f = line.split(";", -1);
        f[1] = "NA";
        line = String.join(";", f);
      }
      csv.append(line).append('\n');
    }
    Path file = dir.resolve("weather-eu.csv");
    Files.write(file, csv.toString().getBytes(StandardCharsets.ISO_8859_1));
    String[] common = {"--reference", file.toString(), "--current", file.toString(),
        "--reference-filter", "year(date) = 2012", "--current-filter", "year(date) = 2015",
        "--features", "precipitation,weather"};

    DriftRun options = Driftlake.run(spark, concat(common, "--output", dir.resolve("eu-drift").toString(),
        "--read-option", "sep=;", "--read-option", "encoding=ISO-8859-1", "--reference-read-option", "nullValue=NA",
        "--current-read-option", "nullValue=NA"));
    Map<String, DriftRecord> rows = byColumn(options);
    assertThat(rows.get("precipitation").kind()).isEqualTo("numeric"); // NA read as null, not a category
    assertThat(rows.get("precipitation").refNullFraction()).isBetween(0.09, 0.11);
    assertThat(rows.get("weather").categories()).contains("bruine légère"); // decoded as Latin-1

    // the same from a config file's read-options { }; without them the file is one column
    Path conf = dir.resolve("eu.conf");
    Files.writeString(conf, "read-options { sep = \";\", encoding = \"ISO-8859-1\", nullValue = NA }\n");
    DriftRun fromFile = Driftlake.run(spark, concat(common, "--output", dir.resolve("eu-conf").toString(),
        "--config", conf.toString()));
    assertThat(byColumn(fromFile).get("precipitation").refBinCounts())
        .containsExactly(rows.get("precipitation").refBinCounts());
    assertThat(byColumn(fromFile).get("weather").categories()).isEqualTo(rows.get("weather").categories());

    assertThat(spark.read().option("header", "true").csv(file.toString()).columns()).hasSize(1);
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
