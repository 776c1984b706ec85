package io.driftlake.spark;

import io.driftlake.DriftRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftlake.Driftlake;
import io.driftlake.core.DriftException;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.testing.JobCounter;
import io.driftlake.testing.Recount;
import io.driftlake.testing.SharedSpark;
import io.driftlake.testing.TestData;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The job end to end on real Parquet, CSV and Delta files, checked against independent recounts. */
class DriftJobSparkTest {
  static SparkSession spark;
  static List<Row> referenceRows;
  static List<Row> currentRows;
  @TempDir static Path dir;

  @BeforeAll
  static void writeInputs() {
    spark = SharedSpark.session();
    referenceRows = TestData.reference(2000, 1);
    currentRows = TestData.current(1500, 2);
    for (String format : List.of("parquet", "csv")) {
      TestData.frame(spark, referenceRows, TestData.REFERENCE_SCHEMA).repartition(3)
          .write().format(format).option("header", "true").save(dir.resolve("ref." + format).toString());
      TestData.frame(spark, currentRows, TestData.CURRENT_SCHEMA).repartition(2)
          .write().format(format).option("header", "true").save(dir.resolve("cur." + format).toString());
    }
  }

  private static DriftConfig.Builder config(String format, String output) {
    return DriftConfig.builder()
        .reference(dir.resolve("ref." + format).toString())
        .current(dir.resolve("cur." + format).toString())
        .output(dir.resolve(output).toString());
  }

  private static Map<String, Row> rowsByColumn(String table, String runId) {
    Map<String, Row> rows = new HashMap<>();
    for (Row row : Driftlake.read(spark, table, runId).collectAsList()) {
      rows.put(row.getAs("column_name"), row);
    }
    return rows;
  }

  private static double[] doubles(Row row, String column) {
    return row.<Double>getList(row.fieldIndex(column)).stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static long[] longs(Row row, String column) {
    return row.<Long>getList(row.fieldIndex(column)).stream().mapToLong(Long::longValue).toArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "csv"})
  void countsEqualRecountAndMetricsEqualRecomputation(String format) {
    String table = dir.resolve("drift-" + format).toString();
    DriftRun run = Driftlake.run(spark, config(format, "drift-" + format).runId("e2e-" + format).build());
    Map<String, Row> rows = rowsByColumn(table, run.runId());
    assertThat(rows.keySet()).containsExactlyInAnyOrder("i", "d", "s", "b", "ts", "allnull", "gone", ":table");

    Map<String, Function<Row, Object>> numeric = Map.of(
        "i", r -> r.isNullAt(0) ? null : (double) r.getInt(0),
        "d", r -> r.isNullAt(1) ? null : r.getDouble(1),
        "ts", r -> r.isNullAt(4) ? null : ((Timestamp) r.get(4)).getTime() / 1000.0);
    Map<String, Function<Row, Object>> categorical = Map.of(
        "s", r -> r.isNullAt(2) ? null : r.getString(2),
        "b", r -> r.isNullAt(3) ? null : Boolean.toString(r.getBoolean(3)));

    for (var feature : numeric.entrySet()) {
      Row row = rows.get(feature.getKey());
      assertThat(row.<String>getAs("status")).as(feature.getKey()).isEqualTo("OK");
      assertThat(row.<String>getAs("kind")).isEqualTo("numeric");
      double[] edges = doubles(row, "bin_edges");
      assertThat(edges[0]).isEqualTo(Double.NEGATIVE_INFINITY);
      assertThat(edges[edges.length - 1]).isEqualTo(Double.POSITIVE_INFINITY);
      assertRecount(row, "ref_bin_counts", "ref_count", "ref_null_fraction", referenceRows,
          r -> Recount.numericBin(edges, (Double) feature.getValue().apply(r)));
      assertRecount(row, "cur_bin_counts", "cur_count", "cur_null_fraction", currentRows,
          r -> Recount.numericBin(edges, (Double) feature.getValue().apply(r)));
      assertMetricsRecomputed(row, true);
      assertGaussianKl(row, feature.getValue());
    }
    for (var feature : categorical.entrySet()) {
      Row row = rows.get(feature.getKey());
      assertThat(row.<String>getAs("status")).isEqualTo("OK");
      assertThat(row.<String>getAs("kind")).isEqualTo("categorical");
      List<String> labels = row.getList(row.fieldIndex("categories"));
      assertRecount(row, "ref_bin_counts", "ref_count", "ref_null_fraction", referenceRows,
          r -> Recount.categoryBin(labels, (String) feature.getValue().apply(r)));
      assertRecount(row, "cur_bin_counts", "cur_count", "cur_null_fraction", currentRows,
          r -> Recount.categoryBin(labels, (String) feature.getValue().apply(r)));
      assertMetricsRecomputed(row, false);
    }
    Map<String, Long> frequencies = new HashMap<>();
    referenceRows.forEach(r -> frequencies.merge(r.getString(2), 1L, Long::sum));
    List<String> byFrequency = new ArrayList<>(frequencies.keySet());
    byFrequency.sort(java.util.Comparator.comparing((String v) -> -frequencies.get(v)).thenComparing(v -> v));
    byFrequency.add("__other__");
    assertThat(rows.get("s").<String>getList(rows.get("s").fieldIndex("categories")))
        .as("top-K by reference frequency").isEqualTo(byFrequency);

    // the timestamp column was read back as a timestamp, also from CSV
    assertThat(rows.get("ts").<String>getAs("data_type")).isEqualTo("timestamp");
    // 'd' has NaN, nulls and both infinities in the current data: infinities are binned, NaN/null are not
    long[] current = longs(rows.get("d"), "cur_bin_counts");
    assertThat(current[0]).isGreaterThanOrEqualTo(2);
    assertThat(current[current.length - 1]).isGreaterThanOrEqualTo(3);

    Row allNull = rows.get("allnull");
    assertThat(allNull.<String>getAs("status")).isEqualTo("SKIPPED");
    assertThat(allNull.<String>getAs("message")).isEqualTo("every value is null or NaN in the reference: nothing to compare");
    assertThat(allNull.<Double>getAs("ref_null_fraction")).isEqualTo(1.0);

    Row gone = rows.get("gone");
    assertThat(gone.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(gone.<String>getAs("message")).startsWith("column missing from the current data");
    assertThat(gone.isNullAt(gone.fieldIndex("js_divergence"))).isTrue();
    assertThat(gone.<Long>getAs("ref_count")).isEqualTo(2000L);

    for (Row row : rows.values()) {
      assertThat(row.<String>getAs("drift_type")).isEqualTo("BASELINE");
      assertThat(row.<String>getAs("reference")).startsWith(format + ":");
      assertThat(row.isNullAt(row.fieldIndex("slice_key"))).isTrue();
    }
  }

  private static void assertRecount(Row row, String countsColumn, String countColumn, String nullColumn,
      List<Row> input, Function<Row, Integer> bin) {
    long[] stored = longs(row, countsColumn);
    long[] expected = new long[stored.length];
    long missing = 0;
    for (Row r : input) {
      int b = bin.apply(r);
      if (b < 0) {
        missing++;
      } else {
        expected[b]++;
      }
    }
    assertThat(stored).as(row.getAs("column_name") + " " + countsColumn).containsExactly(expected);
    assertThat(row.<Long>getAs(countColumn)).isEqualTo(input.size() - missing);
    assertThat(row.<Double>getAs(nullColumn)).isEqualTo((double) missing / input.size());
  }

  private static void assertMetricsRecomputed(Row row, boolean numeric) {
    long[] r = longs(row, "ref_bin_counts");
    long[] c = longs(row, "cur_bin_counts");
    double[] p = Recount.normalise(r);
    double[] q = Recount.normalise(c);
    double[] ps = Recount.epsilonSmooth(r, 1e-4);
    double[] qs = Recount.epsilonSmooth(c, 1e-4);
    Map<String, Double> expected = new HashMap<>();
    expected.put("kl_ref_cur", Recount.kl(ps, qs));
    expected.put("kl_cur_ref", Recount.kl(qs, ps));
    expected.put("js_divergence", Recount.jsBits(p, q));
    expected.put("js_distance", Math.sqrt(Recount.jsBits(p, q)));
    expected.put("psi", Recount.psi(ps, qs));
    expected.put("hellinger", Recount.hellinger(p, q));
    expected.put("tv_distance", Recount.tv(p, q));
    expected.put("l_infinity_distance", Recount.linf(p, q));
    expected.put("chi2_statistic", Recount.chi2(r, c));
    if (numeric) {
      expected.put("ks_statistic", Recount.ks(p, q));
      expected.put("wasserstein_distance", Recount.wasserstein(doubles(row, "bin_edges"), p, q));
    } else {
      assertThat(row.isNullAt(row.fieldIndex("ks_statistic"))).isTrue();
      assertThat(row.isNullAt(row.fieldIndex("gaussian_kl"))).isTrue();
    }
    for (var metric : expected.entrySet()) {
      double stored = row.getAs(metric.getKey());
      assertThat(Recount.close(metric.getValue(), stored, 1e-9))
          .as("%s.%s: expected %s, stored %s", row.getAs("column_name"), metric.getKey(), metric.getValue(), stored)
          .isTrue();
    }
    double js = row.getAs("js_distance");
    assertThat(row.<Boolean>getAs("drifted")).isEqualTo(js > 0.1);
    assertThat(row.<Double>getAs("chi2_pvalue")).isBetween(0.0, 1.0);
  }

  private static void assertGaussianKl(Row row, Function<Row, Object> value) {
    double[] ref = moments(referenceRows, value);
    double[] cur = moments(currentRows, value);
    double expected = Recount.gaussianKl(ref[0], ref[1], cur[0], cur[1]);
    double stored = row.getAs("gaussian_kl");
    assertThat(Recount.close(expected, stored, 1e-9)).as("gaussian_kl %s vs %s", expected, stored).isTrue();
  }

  /** Two-pass mean and population variance of the finite values. */
  private static double[] moments(List<Row> rows, Function<Row, Object> value) {
    List<Double> finite = new ArrayList<>();
    for (Row r : rows) {
      Double v = (Double) value.apply(r);
      if (v != null && Double.isFinite(v)) {
        finite.add(v);
      }
    }
    double mean = finite.stream().mapToDouble(Double::doubleValue).sum() / finite.size();
    double ss = finite.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    return new double[] {mean, ss / finite.size()};
  }

  @Test
  void oneScanPerDatasetForAllFeatures() {
    JobCounter counter = new JobCounter();
    spark.sparkContext().addSparkListener(counter);
    try {
      DriftRun run = Driftlake.run(spark, config("parquet", "drift-scans").runId("scans").build());
      counter.settle(spark);
      Map<String, Integer> scans = counter.scans();
      Map<String, Integer> jobs = counter.jobs();
      assertThat(scans.get(DriftJob.jobGroup(run.runId(), DriftJob.PHASE_PROFILE_REFERENCE))).isEqualTo(1);
      assertThat(scans.get(DriftJob.jobGroup(run.runId(), DriftJob.PHASE_PROFILE_CURRENT))).isEqualTo(1);
      // no bins phase: the bins are frozen at comparison time from the reference's universal states
      assertThat(scans.get(DriftJob.jobGroup(run.runId(), DriftJob.PHASE_BINS))).isNull();
      System.out.println("driftlake scan count (stages reading input, per phase): " + scans);
      System.out.println("driftlake job count (per phase): " + jobs);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
  }

  @Test
  void rerunWithSameRunIdReplacesItsRowsInOneTransaction() {
    String table = dir.resolve("drift-rerun").toString();
    Driftlake.run(spark, config("parquet", "drift-rerun").runId("other").build());
    Driftlake.run(spark, config("parquet", "drift-rerun").runId("same").build());
    long versionBefore = io.delta.tables.DeltaTable.forPath(spark, table).history(1).head().<Long>getAs("version");
    Driftlake.run(spark, config("parquet", "drift-rerun").runId("same").bins(5).build());
    long versionAfter = io.delta.tables.DeltaTable.forPath(spark, table).history(1).head().<Long>getAs("version");

    assertThat(versionAfter).isEqualTo(versionBefore + 1);
    List<Row> same = Driftlake.read(spark, table, "same").collectAsList();
    assertThat(same).hasSize(7 + 1); // 7 features and the ':table' row
    assertThat(same.stream().filter(r -> r.getAs("column_name").equals("d")).findFirst().orElseThrow()
        .<Double>getList(same.get(0).fieldIndex("bin_edges"))).hasSizeLessThanOrEqualTo(5 + 3);
    assertThat(Driftlake.read(spark, table, "other").count()).isEqualTo(8);
    assertThat(Driftlake.read(spark, table, null).count()).isEqualTo(16);
    assertThat(spark.read().format("delta").load(table).schema().fieldNames()).contains("run_date");
  }

  @Test
  void emptyCurrentAfterFilterWritesNothing() {
    String table = dir.resolve("drift-empty").toString();
    assertThatThrownBy(() -> Driftlake.run(spark, config("parquet", "drift-empty").currentFilter("i > 1000").build()))
        .isInstanceOf(DriftException.class)
        .hasMessage("current dataset has no rows after --current-filter: nothing was written."
            + " Point --current at non-empty data or loosen the filter");
    assertThat(io.delta.tables.DeltaTable.isDeltaTable(spark, table)).isFalse();
  }

  @Test
  void constantReferenceAgainstNewValueDrifts() {
    List<Row> reference = new ArrayList<>();
    List<Row> current = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      reference.add(org.apache.spark.sql.RowFactory.create(3.0));
      current.add(org.apache.spark.sql.RowFactory.create(i % 5 == 0 ? 4.0 : 3.0));
    }
    var schema = new org.apache.spark.sql.types.StructType().add("x", "double");
    spark.createDataFrame(reference, schema).write().parquet(dir.resolve("const-ref").toString());
    spark.createDataFrame(current, schema).write().parquet(dir.resolve("const-cur").toString());
    DriftRun run = Driftlake.run(spark, DriftConfig.builder()
        .reference(dir.resolve("const-ref").toString()).current(dir.resolve("const-cur").toString())
        .output(dir.resolve("drift-const").toString()).build());
    var row = run.features().get(0);
    assertThat(row.curBinCounts()).containsExactly(0, 400, 100);
    assertThat(row.drifted()).isTrue();
  }

  @Test
  void deltaTimeTravelReadsTheGivenVersion() {
    String delta = dir.resolve("ref-delta").toString();
    TestData.frame(spark, referenceRows, TestData.REFERENCE_SCHEMA).write().format("delta").save(delta);
    TestData.frame(spark, currentRows.subList(0, 100), TestData.CURRENT_SCHEMA)
        .write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(delta);
    DriftRun run = Driftlake.run(spark, DriftConfig.builder()
        .reference(delta).referenceVersion(0L).current(dir.resolve("cur.parquet").toString())
        .output(dir.resolve("drift-tt").toString()).features(List.of("i", "s")).build());
    assertThat(run.features()).allSatisfy(r -> {
      assertThat(r.reference()).isEqualTo("delta:" + delta + "@v0");
      assertThat(r.refCount()).isEqualTo(2000L);
    });
    DriftRun latest = Driftlake.run(spark, DriftConfig.builder()
        .reference(delta).current(dir.resolve("cur.parquet").toString())
        .output(dir.resolve("drift-tt").toString()).features(List.of("i")).build());
    assertThat(latest.features().get(0).reference()).isEqualTo("delta:" + delta + "@v1");
    assertThat(latest.features().get(0).refCount()).isEqualTo(100L);

    Timestamp firstCommit = io.delta.tables.DeltaTable.forPath(spark, delta).history()
        .where("version = 0").head().getAs("timestamp");
    DriftRun asOf = Driftlake.run(spark, DriftConfig.builder()
        .reference(delta).referenceTimestamp(firstCommit.toString()).current(dir.resolve("cur.parquet").toString())
        .output(dir.resolve("drift-tt").toString()).features(List.of("i")).build());
    assertThat(asOf.features().get(0).refCount()).isEqualTo(2000L);
    assertThat(asOf.features().get(0).reference()).isEqualTo("delta:" + delta + "@" + firstCommit);
  }

  @Test
  void catalogTablesAsInputAndOutput() {
    spark.sql("CREATE DATABASE IF NOT EXISTS drift_test");
    TestData.frame(spark, referenceRows, TestData.REFERENCE_SCHEMA).write().format("delta").saveAsTable("drift_test.ref_table");
    TestData.frame(spark, currentRows, TestData.CURRENT_SCHEMA).write().format("parquet").saveAsTable("drift_test.cur_table");
    DriftRun run = Driftlake.run(spark, DriftConfig.builder()
        .reference("drift_test.ref_table").current("drift_test.cur_table").output("drift_test.drift")
        .features(List.of("d", "s")).runId("tables").build());
    assertThat(run.features()).allSatisfy(r -> {
      assertThat(r.reference()).isEqualTo("table:drift_test.ref_table@v0");
      assertThat(r.current()).isEqualTo("table:drift_test.cur_table");
      assertThat(r.status()).isEqualTo("OK");
    });
    assertThat(spark.table("drift_test.drift").count()).isEqualTo(2 + 1); // 2 features, 1 ':table' row
    assertThat(Driftlake.read(spark, "drift_test.drift", "tables").count()).isEqualTo(3);
    assertThatThrownBy(() -> Driftlake.run(spark, DriftConfig.builder()
        .reference("drift_test.no_such_table").current("drift_test.cur_table").output("drift_test.drift").build()))
        .hasMessage("reference table not found: drift_test.no_such_table."
            + " Check the name, or give a path (use ./name for a relative path)");
  }

  @Test
  void typeChangeFailsThatFeatureOnly() {
    var refSchema = new org.apache.spark.sql.types.StructType().add("x", "string").add("y", "int");
    var curSchema = new org.apache.spark.sql.types.StructType().add("x", "double").add("y", "int");
    spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("a", 1)), refSchema)
        .write().parquet(dir.resolve("tc-ref").toString());
    spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(1.5, 2)), curSchema)
        .write().parquet(dir.resolve("tc-cur").toString());
    DriftRun run = Driftlake.run(spark, DriftConfig.builder()
        .reference(dir.resolve("tc-ref").toString()).current(dir.resolve("tc-cur").toString())
        .output(dir.resolve("drift-tc").toString()).build());
    var byColumn = new HashMap<String, io.driftlake.core.table.DriftRecord>();
    run.features().forEach(r -> byColumn.put(r.columnName(), r));
    assertThat(byColumn.get("x").status()).isEqualTo("FAILED");
    assertThat(byColumn.get("x").message()).isEqualTo("type changed from string in the reference to double in the"
        + " current data: cast it back upstream, or pass --categorical x to compare the values as strings");
    assertThat(byColumn.get("y").status()).isEqualTo("OK");
  }
}
