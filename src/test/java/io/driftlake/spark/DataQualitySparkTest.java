package io.driftlake.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-column data-quality columns (#25 item 6) on real data no other test reads: vega-datasets'
 * {@code jobs.json} (U.S. occupations by sex, 1850–2000; src/test/resources/vega/SOURCE.md), the
 * censuses up to 1900 against those from 1960. The goldens were computed from the same file with
 * Python's json module, independently of Driftlake:
 * <pre>
 * rows = json.load(open('jobs.json'))
 * ref = [r for r in rows if r['year'] <= 1900]; cur = [r for r in rows if r['year'] >= 1960]
 * mean = sum(v) / len(v); zero_fraction = sum(v == 0) / len(v); distinct = len(set(v))
 * </pre>
 */
class DataQualitySparkTest {
  static final String JOBS = Path.of("src/test/resources/vega/jobs.json").toAbsolutePath().toString();
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  private static DriftRecord row(List<DriftRecord> records, String column) {
    return records.stream().filter(r -> r.columnName().equals(column) && r.windowStart() == null && r.sliceKey() == null)
        .findFirst().orElseThrow();
  }

  @Test
  void meansZeroSharesAndDistinctCountsMatchAnIndependentComputation() {
    List<DriftRecord> records = Driftlake.run(spark, DriftConfig.builder().reference(JOBS).current(JOBS)
        .referenceFilter("year <= 1900").currentFilter("year >= 1960")
        .features(List.of("job", "sex", "year", "count", "perc")) // year, filtered on, is measured only when named
        .output(dir.resolve("jobs").toString())
        .runId("jobs").build()).records();

    DriftRecord count = row(records, "count");
    assertThat(count.get(DriftColumns.REF_MEAN)).isCloseTo(29398.71725490196, within(1e-9 * 29398.7));
    assertThat(count.get(DriftColumns.CUR_MEAN)).isCloseTo(251733.40549019608, within(1e-9 * 251733.4));
    assertThat(count.get(DriftColumns.REF_ZERO_FRACTION)).isEqualTo(1138.0 / 2550); // 0.4462745098039216
    assertThat(count.get(DriftColumns.CUR_ZERO_FRACTION)).isEqualTo(374.0 / 2550); // 0.14666666666666667
    assertThat(count.get(DriftColumns.REF_DISTINCT_COUNT)).isEqualTo(885);
    assertThat(count.get(DriftColumns.CUR_DISTINCT_COUNT)).isEqualTo(2065);

    DriftRecord perc = row(records, "perc");
    assertThat(perc.get(DriftColumns.REF_MEAN)).isCloseTo(0.00196078431372549, within(1e-12));
    assertThat(perc.get(DriftColumns.REF_DISTINCT_COUNT)).isEqualTo(968);
    assertThat(perc.get(DriftColumns.CUR_DISTINCT_COUNT)).isEqualTo(2084);

    DriftRecord year = row(records, "year");
    assertThat(year.get(DriftColumns.REF_MEAN)).isEqualTo(1872.0);
    assertThat(year.get(DriftColumns.CUR_MEAN)).isEqualTo(1980.0);
    assertThat(year.get(DriftColumns.REF_ZERO_FRACTION)).isEqualTo(0.0);
    assertThat(year.get(DriftColumns.REF_DISTINCT_COUNT)).isEqualTo(5);

    DriftRecord job = row(records, "job");
    assertThat(job.get(DriftColumns.REF_DISTINCT_COUNT)).isEqualTo(255);
    assertThat(job.get(DriftColumns.CUR_DISTINCT_COUNT)).isEqualTo(255);
    assertThat(job.get(DriftColumns.REF_MEAN)).isNull(); // categorical: no mean, no zeros
    assertThat(job.get(DriftColumns.REF_ZERO_FRACTION)).isNull();
    assertThat(row(records, "sex").get(DriftColumns.CUR_DISTINCT_COUNT)).isEqualTo(2);

    DriftRecord table = row(records, DriftRecord.TABLE_ROW);
    assertThat(table.get(DriftColumns.COLUMNS_ADDED)).isEmpty();
    assertThat(table.get(DriftColumns.COLUMNS_MISSING)).isEmpty();
    assertThat(table.get(DriftColumns.COLUMNS_RETYPED)).isEmpty();
    assertThat(count.get(DriftColumns.COLUMNS_ADDED)).isNull(); // :table rows only
  }

  @Test
  void theTableRowNamesColumnsAddedMissingAndRetypedButNotThoseTheRunUses() {
    // the same real records, reshaped as an upstream change would: the current export drops perc and
    // extra, adds source, and writes year as a string
    String reference = dir.resolve("jobs-1900").toString();
    String current = dir.resolve("jobs-2000").toString();
    spark.read().option("multiLine", "true").json(JOBS).where("year <= 1900").withColumn("extra", lit("x"))
        .write().parquet(reference);
    spark.read().option("multiLine", "true").json(JOBS).where("year >= 1960").drop("perc")
        .withColumn("year", col("year").cast("string")).withColumn("source", lit("census")).write().parquet(current);

    List<DriftRecord> records = Driftlake.run(spark, DriftConfig.builder().reference(reference).current(current)
        .features(List.of("job", "sex", "count")).output(dir.resolve("reshaped").toString()).runId("reshaped").build())
        .records();

    DriftRecord table = row(records, DriftRecord.TABLE_ROW);
    assertThat(table.get(DriftColumns.COLUMNS_ADDED)).containsExactly("source");
    assertThat(table.get(DriftColumns.COLUMNS_MISSING)).containsExactly("perc", "extra");
    assertThat(table.get(DriftColumns.COLUMNS_RETYPED)).containsExactly("year");

    // a column the run measures is not listed: its own row says what changed
    List<DriftRecord> measuredYear = Driftlake.run(spark, DriftConfig.builder().reference(reference).current(current)
        .features(List.of("job", "year")).output(dir.resolve("reshaped-year").toString()).runId("year").build())
        .records();
    assertThat(row(measuredYear, DriftRecord.TABLE_ROW).get(DriftColumns.COLUMNS_RETYPED)).isEmpty();
    assertThat(row(measuredYear, "year").status()).isEqualTo("FAILED");
  }
}
