package io.driftlake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.DriftRun;
import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.metrics.ChiSquareMonteCarlo;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, item 5, on real data the other tests do not use: vega-datasets' gapminder.json
 * (src/test/resources/vega/SOURCE.md), 62 countries in 1955 against the same 62 in 2005. With 62
 * values a side most cells of 20 quantile bins expect fewer than 5 values, so the chi-square p-values
 * are Monte Carlo ones; the default bar (--min-rows 30) lets them be judged, and life expectancy (mean
 * 58.6 → 74.0 years, computed in Python from the file) and fertility are drifted.
 */
class SmallSamplesSparkTest {
  static final Path GAPMINDER = Path.of("src/test/resources/vega/gapminder.json").toAbsolutePath();
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  @Test
  void gapminder1955Against2005IsJudgedDriftedOnLifeExpectancyAndFertility() {
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(GAPMINDER.toString())
        .current(GAPMINDER.toString()).referenceFilter("year = 1955").currentFilter("year = 2005")
        .output(dir.resolve("drift").toString()).runId("gapminder").build());
    Map<String, DriftRecord> rows = run.records().stream()
        .filter(r -> !r.columnName().equals(DriftRecord.TABLE_ROW))
        .collect(Collectors.toMap(DriftRecord::columnName, Function.identity()));
    System.out.println(run.summary());
    assertThat(rows).containsKeys("life_expect", "fertility", "pop", "cluster", "country").doesNotContainKey("year");
    for (String feature : new String[] {"life_expect", "fertility"}) {
      DriftRecord r = rows.get(feature);
      assertThat(r.refCount()).isEqualTo(62L);
      assertThat(r.curCount()).isEqualTo(62L);
      assertThat(ChiSquareMonteCarlo.expectedCountsTooSmall(r.refBinCounts(), r.curBinCounts()))
          .as("%s: its p-value is the Monte Carlo one", feature).isTrue();
      assertThat(r.drifted()).as("%s drifted (%s)", feature, r.message()).isTrue();
      assertThat(r.qValue()).isLessThan(0.01);
      assertThat(r.jsDistance()).isGreaterThan(0.5);
    }
    // the same 62 countries and regions on both sides: measured, and not drifted
    assertThat(rows.get("country").drifted()).isFalse();
    assertThat(rows.get("country").chi2Pvalue()).isEqualTo(1.0);
    assertThat(rows.get("cluster").drifted()).isFalse();
  }

  @Test
  void fiveValuesASideAreStillNotJudged() {
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(GAPMINDER.toString())
        .current(GAPMINDER.toString()).referenceFilter("year = 1955")
        .currentFilter("year = 2005 and country in ('Afghanistan', 'Argentina', 'Australia', 'Austria', 'Bahamas')")
        .features(java.util.List.of("life_expect")).output(dir.resolve("drift-five").toString()).runId("five").build());
    DriftRecord life = run.records().stream().filter(r -> r.columnName().equals("life_expect")).findFirst().orElseThrow();
    assertThat(life.curCount()).isEqualTo(5L);
    assertThat(life.drifted()).isNull();
    assertThat(life.message()).startsWith("too few rows to judge drift: 62 reference / ").endsWith("below --min-rows 30");
  }
}
