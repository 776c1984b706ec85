package io.driftlake.spark.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftlake.Driftlake;
import io.driftlake.core.DriftException;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drift watch} (#26) on a real Delta table that grows in steps (Seattle weather, NOAA): after
 * each step a {@code --trigger available-now} watch measures what is new, and at the end its drift
 * rows equal a batch {@code drift run} of the same windows over all the data: edges, counts and every
 * metric. One step adds late rows to windows measured before.
 */
class WatchSparkTest {
  static final String WEATHER = Path.of("src/main/resources/demo/seattle-weather.csv").toAbsolutePath().toString();
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  private static Dataset<Row> weather() {
    return spark.read().option("header", "true").option("inferSchema", "true").csv(WEATHER);
  }

  private static void append(String table, String where) {
    weather().where(where).write().format("delta").mode("append").save(table);
  }

  /** A drift row without what names the run or what its family decides (id, time, sources, q-value, verdict). */
  static List<DriftRecord> content(List<DriftRecord> records) {
    Instant ts = Instant.parse("2000-01-01T00:00:00Z");
    return records.stream()
        .map(r -> r.with(DriftColumns.RUN_ID, "x").with(DriftColumns.RUN_TS, ts)
            .with(DriftColumns.RUN_DATE, LocalDate.of(2000, 1, 1)).with(DriftColumns.CURRENT, "c")
            .with(DriftColumns.REFERENCE, "r")
            .with(DriftColumns.Q_VALUE, null).with(DriftColumns.DRIFTED, null).with(DriftColumns.MESSAGE, null)
            .with(DriftColumns.DRIFTED_SHARE, null))
        .sorted(order()).toList();
  }

  /** Each pair of rows that differ, by the columns they differ in. */
  static List<String> differences(List<DriftRecord> a, List<DriftRecord> b) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      List<String> columns = new ArrayList<>();
      for (var column : DriftColumns.ALL.all()) {
        boolean same = MOMENTS.contains(column.name()) ? close(a.get(i).get(column), b.get(i).get(column))
            : java.util.Objects.deepEquals(a.get(i).get(column), b.get(i).get(column));
        if (!same) {
          columns.add(column.name() + ": " + deep(a.get(i).get(column)) + " vs " + deep(b.get(i).get(column)));
        }
      }
      if (!columns.isEmpty()) {
        out.add(a.get(i).windowStart() + " " + a.get(i).sliceValue() + " " + a.get(i).driftType() + " "
            + a.get(i).columnName() + " " + columns);
      }
    }
    return out;
  }

  /**
   * Columns computed from the moments (Welford means and co-moments), which are summed in the order the
   * batches arrived and so may differ from one scan's in the last bits: equal to 1e-9 relative. Every
   * histogram column (edges, counts, the divergences, the tests) must be identical.
   */
  static final java.util.Set<String> MOMENTS = java.util.Set.of("ref_mean", "cur_mean", "gaussian_kl",
      "gaussian_kl_multivariate", "gaussian_kl_diagonal", "correlation_shift", "top_pairs");

  private static boolean close(Object a, Object b) {
    if (a instanceof Double x && b instanceof Double y) {
      return x.equals(y) || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!close(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return java.util.Objects.equals(a, b);
  }

  private static String deep(Object value) {
    return value instanceof double[] d ? java.util.Arrays.toString(d) : value instanceof long[] l
        ? java.util.Arrays.toString(l) : String.valueOf(value);
  }

  static Comparator<DriftRecord> order() {
    return Comparator.comparing((DriftRecord r) -> Objects.toString(r.windowStart()))
        .thenComparing(r -> Objects.toString(r.sliceKey()) + "/" + Objects.toString(r.sliceValue()))
        .thenComparing(DriftRecord::driftType).thenComparing(DriftRecord::columnName);
  }

  private static DriftConfig.Builder watchSettings(String current, String checkpoint, String output) {
    return DriftConfig.builder().reference(WEATHER).referenceFilter("year(date) = 2012")
        .current(current).windowColumn("date").granularity(Granularity.parse("3 months")).driftType(DriftType.BOTH)
        .sliceBy(List.of("weather")).output(output).checkpoint(checkpoint).trigger("available-now");
  }

  private static void watchOnce(DriftConfig config) throws Exception {
    Driftlake.watch(spark, config).awaitTermination();
  }

  @Test
  void aWatchFollowingAGrowingTableEqualsABatchRunOfAllItsData() throws Exception {
    String current = path("weather-stream");
    String output = path("watch-drift");
    DriftConfig watch = watchSettings(current, path("checkpoint"), output).build();

    append(current, "year(date) = 2013 AND month(date) <= 6 AND dayofmonth(date) <= 15");
    watchOnce(watch);
    assertThat(Driftlake.read(spark, output, "watch-checkpoint").count()).isPositive();
    // late rows for both windows measured already, and a new half year
    append(current, "year(date) = 2013 AND (month(date) > 6 OR dayofmonth(date) > 15)");
    watchOnce(watch);
    append(current, "year(date) = 2014");
    watchOnce(watch);
    watchOnce(watch); // nothing new: no batch, nothing changes

    List<DriftRecord> watched = io.driftlake.spark.table.DriftTable.records(
        Driftlake.read(spark, output, "watch-checkpoint").collectAsList());
    List<DriftRecord> batch = Driftlake.run(spark, DriftConfig.builder().reference(WEATHER)
        .referenceFilter("year(date) = 2012").current(current).windowColumn("date")
        .granularity(Granularity.parse("3 months")).driftType(DriftType.BOTH).sliceBy(List.of("weather"))
        .output(path("batch-drift")).runId("batch").build()).records();

    assertThat(watched).hasSameSizeAs(batch);
    // every row names the reference the first start read, whichever batch last rewrote it
    assertThat(watched.stream().map(DriftRecord::reference).distinct().toList())
        .containsExactly(batch.get(0).reference());
    assertThat(watched.stream().filter(r -> r.windowStart() != null).map(DriftRecord::windowStart).distinct().count())
        .isEqualTo(8); // 2013 and 2014 by quarter
    assertThat(differences(content(watched), content(batch))).isEmpty();
    DriftRecord q1 = watched.stream().filter(r -> r.columnName().equals("temp_max") && r.sliceKey() == null
        && Instant.parse("2013-01-01T00:00:00Z").equals(r.windowStart()) && r.driftTypeValue() == DriftType.BASELINE)
        .findFirst().orElseThrow();
    assertThat(q1.curCount()).isEqualTo(90); // January to March 2013, the late rows included
    assertThat(q1.refCount()).isEqualTo(366); // 2012
  }

  @Test
  void eachWindowIsABenjaminiHochbergFamilyOfItsOwn() throws Exception {
    String current = path("family-stream");
    String output = path("family-drift");
    append(current, "year(date) >= 2013");
    watchOnce(watchSettings(current, path("family-checkpoint"), output).build());
    List<DriftRecord> rows = io.driftlake.spark.table.DriftTable.records(
        Driftlake.read(spark, output, "watch-family-checkpoint").collectAsList());
    Map<Instant, List<DriftRecord>> byWindow = new HashMap<>();
    rows.stream().filter(r -> r.chi2Pvalue() != null && r.windowStart() != null)
        .forEach(r -> byWindow.computeIfAbsent(r.windowStart(), w -> new ArrayList<>()).add(r));
    assertThat(byWindow).hasSize(12);
    for (List<DriftRecord> family : byWindow.values()) {
      double[] q = benjaminiHochberg(family.stream().mapToDouble(DriftRecord::chi2Pvalue).toArray());
      for (int i = 0; i < q.length; i++) {
        assertThat(family.get(i).qValue()).isCloseTo(q[i], org.assertj.core.data.Offset.offset(1e-12));
      }
    }
  }

  /** Benjamini–Hochberg adjusted p-values, written out here from the 1995 paper (step-up, monotone). */
  private static double[] benjaminiHochberg(double[] p) {
    int m = p.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    double[] q = new double[m];
    double running = 1;
    for (int k = m - 1; k >= 0; k--) {
      running = Math.min(running, p[order[k]] * m / (k + 1));
      q[order[k]] = running;
    }
    return q;
  }

  @Test
  void aChangedReferenceIsAUsageErrorNamingTheCheckpoint() throws Exception {
    String current = path("changed-stream");
    append(current, "year(date) = 2013");
    String checkpoint = path("changed-checkpoint");
    watchOnce(watchSettings(current, checkpoint, path("changed-drift")).build());
    String otherReference = path("other-reference");
    weather().where("year(date) = 2015").write().format("parquet").save(otherReference);

    assertThatThrownBy(() -> watchOnce(watchSettings(current, checkpoint, path("changed-drift"))
        .reference(otherReference).build()))
        .isInstanceOf(DriftException.class)
        .hasMessageContaining("is not the reference this watch stored")
        .hasMessageContaining(checkpoint);
  }

  @Test
  void theCommandLineFormStartsTheSameWatchForPySpark() throws Exception {
    String current = path("cli-stream");
    append(current, "year(date) = 2015");
    String output = path("cli-drift");
    Driftlake.watchCommandLine(spark, List.of("--reference", WEATHER, "--reference-filter", "year(date) = 2012",
        "--current", current, "--output", output, "--checkpoint", path("cli-checkpoint"), "--run-id", "nightly"))
        .awaitTermination();
    List<DriftRecord> rows = io.driftlake.spark.table.DriftTable.records(Driftlake.read(spark, output, "nightly").collectAsList());
    assertThat(rows.stream().filter(r -> r.columnName().equals("temp_max")).findFirst().orElseThrow().curCount()).isEqualTo(365);
    // the state is beside the checkpoint, under the watch's id: the reference and the current data
    assertThat(spark.read().format("delta").load(path("cli-checkpoint") + "-profiles").where("profile_id = 'nightly'")
        .select("role").distinct().count()).isEqualTo(2);
  }

  @Test
  void availableNowExitsThreeUnderFailOnDriftWhenARewrittenWindowDrifted() {
    String current = path("gate-stream");
    append(current, "year(date) = 2015");
    String[] args = {"watch", "--reference", WEATHER, "--reference-filter", "year(date) = 2012", "--current", current,
        "--window-column", "date", "--granularity", "3 months", "--output", path("gate-drift"),
        "--checkpoint", path("gate-checkpoint"), "--fail-on-drift", "--master", "local[2]", "--quiet"};
    // quarters of 2015 against the whole of 2012: the seasons drift
    io.driftlake.testing.CliHarness.Result first = io.driftlake.testing.CliHarness.drift(args);
    assertThat(first.code()).as(first.out() + first.err()).isEqualTo(3);
    assertThat(first.out()).contains("1 micro-batch(es) measured; drift in a rewritten window");
    assertThat(first.err()).contains("drift detected in a rewritten window (--fail-on-drift)");
    // nothing new: no window rewritten, so nothing to gate on
    io.driftlake.testing.CliHarness.Result again = io.driftlake.testing.CliHarness.drift(args);
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("0 micro-batch(es) measured; no drift in the rewritten windows");
  }

  @Test
  void aWatchNeedsItsCheckpointAndARunRefusesIt() {
    assertThatThrownBy(() -> Driftlake.watch(spark, watchSettings(path("x"), null, path("y")).build()))
        .isInstanceOf(DriftException.class).hasMessageContaining("--checkpoint");
    assertThatThrownBy(() -> Driftlake.run(spark, watchSettings(path("x"), path("c"), path("y")).build()))
        .isInstanceOf(DriftException.class).hasMessageContaining("drift watch");
  }
}
