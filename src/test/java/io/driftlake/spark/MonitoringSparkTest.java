package io.driftlake.spark;

import io.driftlake.DriftRun;
import io.driftlake.spark.engine.Grouping;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Engine;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.config.Metric;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.ProfileSet;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.JobCounter;
import io.driftlake.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitoring over time on the real Seattle weather data (NOAA, 2012–2015, bundled with the demo):
 * windows, drift types, slices, stored profiles and roll-ups, one scan, and concurrent writers.
 */
class MonitoringSparkTest {
  static final String WEATHER = Path.of("src/main/resources/demo/seattle-weather.csv").toAbsolutePath().toString();
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  private static DriftConfig.Builder weather(String output) {
    return DriftConfig.builder().reference(WEATHER).current(WEATHER).output(dir.resolve(output).toString());
  }

  private static List<DriftRecord> rows(List<DriftRecord> records, String column, String driftType) {
    return records.stream()
        .filter(r -> r.columnName().equals(column) && r.driftType().equals(driftType) && r.windowStart() != null
            && r.sliceKey() == null)
        .toList();
  }

  private static int month(DriftRecord r) {
    return r.windowStart().atOffset(ZoneOffset.UTC).getMonthValue();
  }

  @Test
  void monthlyWindowsShowSummerDriftingFromAWinterReferenceAndAddUpToTheWholeData() throws IOException {
    DriftRun run = Driftlake.run(spark, weather("seasonal")
        .referenceFilter("year(date) = 2012 AND month(date) IN (1, 2, 12)")
        .windowColumn("date").granularity(Granularity.parse("1 month"))
        .columnThresholds(Map.of("wind", new Threshold(Metric.PSI, 1000.0)))
        .minRows(28) // a month holds 28-31 days: judge every window (the default bar is 30 values)
        .runId("seasonal").build());

    List<DriftRecord> tempMax = rows(run.records(), "temp_max", "BASELINE");
    assertThat(tempMax).hasSize(48); // 2012-01 .. 2015-12
    double summer = tempMax.stream().filter(r -> List.of(6, 7, 8).contains(month(r)))
        .mapToDouble(DriftRecord::jsDistance).average().orElseThrow();
    double winter = tempMax.stream().filter(r -> List.of(12, 1, 2).contains(month(r)))
        .mapToDouble(DriftRecord::jsDistance).average().orElseThrow();
    assertThat(summer).isGreaterThan(0.9); // summer highs barely overlap winter highs
    assertThat(winter).isLessThan(summer / 2);
    assertThat(tempMax.stream().filter(r -> List.of(7, 8).contains(month(r)))).allSatisfy(r -> assertThat(r.drifted()).isTrue());
    // wind has its own threshold (psi = 1000): never drifted
    assertThat(rows(run.records(), "wind", "BASELINE")).allSatisfy(r -> {
      assertThat(r.thresholdMetric()).isEqualTo("psi");
      assertThat(r.drifted()).isFalse();
    });

    // the windows' counts add up to the whole data's, bin for bin, for every feature
    for (DriftRecord whole : run.features()) {
      long[] sum = new long[whole.curBinCounts().length];
      for (DriftRecord window : rows(run.records(), whole.columnName(), "BASELINE")) {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += window.curBinCounts()[i];
        }
      }
      assertThat(sum).as(whole.columnName()).containsExactly(whole.curBinCounts());
    }
    // row counts per window: days in the month, counted from the CSV directly
    List<String> lines = Files.readAllLines(Path.of(WEATHER));
    for (DriftRecord table : rows(run.records(), ":table", "BASELINE")) {
      String prefix = table.windowStart().toString().substring(0, 7); // yyyy-MM
      long days = lines.stream().skip(1).filter(l -> l.startsWith(prefix)).count();
      assertThat(table.curCount()).as(prefix).isEqualTo(days);
      assertThat(table.refCount()).isEqualTo(91L); // Jan, Feb (leap year) and Dec 2012
    }
    assertThat(run.tableRow().curCount()).isEqualTo(lines.size() - 1L);
    // the date column places rows in windows and is not measured
    assertThat(run.features()).extracting(DriftRecord::columnName).doesNotContain("date");
  }

  @Test
  void aWindowedSlicedRunScansTheCurrentDataOnceAndBothEnginesAgree() {
    JobCounter counter = new JobCounter();
    spark.sparkContext().addSparkListener(counter);
    List<DriftRecord> udaf;
    try {
      udaf = Driftlake.run(spark, weather("scans")
          .referenceFilter("year(date) = 2012").currentFilter("year(date) >= 2013")
          .windowColumn("date").granularity(Granularity.parse("1 week")).driftType(DriftType.BOTH)
          .sliceBy(List.of("weather")).sliceExpr("wind > 4").maxSlices(3)
          .engine(Engine.UDAF).runId("scans").build()).records();
      counter.settle(spark);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    assertThat(counter.scans().get(DriftJob.jobGroup("scans", DriftJob.PHASE_PROFILE_CURRENT))).isEqualTo(1);
    assertThat(counter.scans().get(DriftJob.jobGroup("scans", DriftJob.PHASE_PROFILE_REFERENCE))).isEqualTo(1);
    // no bins phase: bins, categorical top-K and slice values come from the reference's one scan
    assertThat(counter.scans().get(DriftJob.jobGroup("scans", DriftJob.PHASE_BINS))).isNull();
    // slices: the 3 most frequent weather values of 2012 (counted with python's collections.Counter over the
    // CSV: rain 191, sun 118, drizzle 31, snow 21, fog 5) plus __other__, and wind > 4 true/false
    assertThat(udaf.stream().filter(r -> "weather".equals(r.sliceKey())).map(DriftRecord::sliceValue).distinct())
        .containsExactlyInAnyOrder("rain", "sun", "drizzle", "__other__");
    assertThat(udaf.stream().filter(r -> "wind > 4".equals(r.sliceKey())).map(DriftRecord::sliceValue).distinct())
        .containsExactlyInAnyOrder("true", "false");

    List<DriftRecord> builtin = Driftlake.run(spark, weather("scans-builtin")
        .referenceFilter("year(date) = 2012").currentFilter("year(date) >= 2013")
        .windowColumn("date").granularity(Granularity.parse("1 week")).driftType(DriftType.BOTH)
        .sliceBy(List.of("weather")).sliceExpr("wind > 4").maxSlices(3)
        .engine(Engine.BUILTIN).runId("scans-builtin").build()).records();
    assertThat(builtin).hasSameSizeAs(udaf);
    for (int i = 0; i < udaf.size(); i++) {
      DriftRecord a = udaf.get(i);
      DriftRecord b = builtin.get(i);
      assertThat(List.of(b.windowStart() + "", b.sliceKey() + "", b.sliceValue() + "", b.driftType(), b.columnName()))
          .isEqualTo(List.of(a.windowStart() + "", a.sliceKey() + "", a.sliceValue() + "", a.driftType(), a.columnName()));
      assertThat(b.curBinCounts()).isEqualTo(a.curBinCounts());
      assertThat(b.refBinCounts()).isEqualTo(a.refBinCounts());
      assertThat(b.status()).isEqualTo(a.status());
    }
  }

  @Test
  void aWeeklyRollUpOfStoredDailyProfilesEqualsTheWeeklyProfileOfTheRawData() {
    String profiles = dir.resolve("profiles").toString();
    Driftlake.run(spark, weather("daily")
        .referenceFilter("year(date) = 2012").currentFilter("year(date) = 2013")
        .windowColumn("date").granularity(Granularity.parse("1 day")).sliceBy(List.of("weather"))
        .profileTable(profiles).runId("daily").build());
    // the weekly run reuses the daily run's stored reference (same frozen edges, no reference scan)
    JobCounter counter = new JobCounter();
    spark.sparkContext().addSparkListener(counter);
    try {
      Driftlake.run(spark, DriftConfig.builder().referenceProfile("daily").profileTable(profiles).current(WEATHER)
          .currentFilter("year(date) = 2013").windowColumn("date").granularity(Granularity.parse("1 week"))
          .sliceBy(List.of("weather")).output(dir.resolve("weekly").toString()).runId("weekly").build());
      counter.settle(spark);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    assertThat(counter.scans().get(DriftJob.jobGroup("weekly", DriftJob.PHASE_PROFILE_REFERENCE))).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Driftlake.run(spark, DriftConfig.builder()
            .referenceProfile("nope").profileTable(profiles).current(WEATHER).output(dir.resolve("weekly").toString()).build()))
        .isInstanceOf(io.driftlake.core.DriftException.class)
        .hasMessage("no reference profile 'nope' in the profile table " + profiles
            + ". Check the id (a run id that wrote to --profile-table), or profile the data first");

    ProfileSet rolled = Driftlake.rollUp(spark, profiles, "daily", "1 week", "daily-to-weekly",
        dir.resolve("rollup-drift").toString(), "baseline").profile();
    ProfileSet raw = Driftlake.readProfile(spark, profiles, "weekly/current");
    ProfileSet stored = Driftlake.readProfile(spark, profiles, "daily-to-weekly/current");

    assertThat(rolled.groups().keySet()).isEqualTo(raw.groups().keySet());
    long weeks = raw.groups().keySet().stream().filter(k -> k.windowed() && !k.sliced()).count();
    assertThat(weeks).isEqualTo(53); // 2013-01-01 is a Tuesday: the week of Mon 2012-12-31 .. that of Mon 2013-12-30
    for (Map.Entry<GroupKey, DatasetProfile> group : raw.groups().entrySet()) {
      DatasetProfile a = rolled.groups().get(group.getKey());
      DatasetProfile b = group.getValue();
      DatasetProfile c = stored.groups().get(group.getKey());
      assertThat(a.rowCount()).isEqualTo(b.rowCount()).isEqualTo(c.rowCount());
      for (Map.Entry<String, HistogramState> state : b.states().entrySet()) {
        HistogramState rolledState = a.states().get(state.getKey());
        assertThat(rolledState.getBinCounts()).as(group.getKey() + " " + state.getKey()).isEqualTo(state.getValue().getBinCounts());
        assertThat(rolledState.countsEqual(state.getValue())).isTrue();
        assertThat(rolledState.momentsClose(state.getValue(), 1e-9)).isTrue();
        assertThat(c.states().get(state.getKey()).countsEqual(state.getValue())).isTrue();
      }
    }
    // the roll-up's drift rows equal the weekly run's, without the raw data
    List<Row> fromRollup = spark.read().format("delta").load(dir.resolve("rollup-drift").toString())
        .where("column_name = 'temp_max' AND slice_key IS NULL").orderBy("window_start")
        .select("window_start", "cur_bin_counts", "js_divergence").collectAsList();
    List<Row> fromRaw = spark.read().format("delta").load(dir.resolve("weekly").toString())
        .where("column_name = 'temp_max' AND slice_key IS NULL").orderBy("window_start")
        .select("window_start", "cur_bin_counts", "js_divergence").collectAsList();
    assertThat(fromRollup).hasSize(54).isEqualTo(fromRaw);
  }

  @Test
  void sparkWindowStartsMatchTheCalendarForDatesAndTimestampsBefore1970Too() {
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      long micros = (long) ((random.nextDouble() - 0.3) * 3e15);
      rows.add(RowFactory.create(new java.sql.Timestamp(Math.floorDiv(micros, 1000L)),
          java.sql.Date.valueOf(LocalDate.ofEpochDay(Math.floorDiv(micros, Granularity.MICROS_PER_DAY)))));
    }
    StructType schema = new StructType().add("ts", DataTypes.TimestampType).add("d", DataTypes.DateType);
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    for (String g : List.of("15 minutes", "1 hour", "1 day", "1 week", "2 weeks", "1 month", "3 months", "1 year")) {
      Granularity granularity = Granularity.parse(g);
      for (String column : List.of("ts", "d")) {
        Grouping grouping = new Grouping(column, schema.apply(column).dataType(), granularity, List.of());
        List<Row> out = grouping.apply(data).select(column, Grouping.WINDOW).collectAsList();
        for (Row row : out) {
          long micros = column.equals("ts")
              ? Granularity.toMicros(row.getTimestamp(0).toInstant())
              : row.getDate(0).toLocalDate().toEpochDay() * Granularity.MICROS_PER_DAY;
          assertThat(row.getLong(1)).as(g + " " + column + " " + row.get(0)).isEqualTo(granularity.windowStart(micros));
        }
      }
    }
  }

  @Test
  void concurrentRunsWithDifferentIdsAllLandAndARerunReplacesOnlyItsOwnRows() throws Exception {
    String output = dir.resolve("concurrent").toString();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<DriftRun>> runs = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        String id = "c" + i;
        runs.add(pool.submit(() -> Driftlake.run(spark, weather("concurrent").referenceFilter("year(date) = 2012")
            .currentFilter("year(date) = " + (2012 + Integer.parseInt(id.substring(1))))
            .runId(id).build())));
      }
      for (Future<DriftRun> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdown();
    }
    Dataset<Row> table = spark.read().format("delta").load(output);
    for (Future<DriftRun> run : runs) {
      DriftRun done = run.get();
      assertThat(table.where("run_id = '" + done.runId() + "'").count()).isEqualTo(done.records().size());
    }
    List<String> before = Arrays.asList(spark.read().format("delta").load(output).where("run_id = 'c0'").inputFiles());
    long c1Rows = table.where("run_id = 'c1'").count();
    Driftlake.run(spark, weather("concurrent").referenceFilter("year(date) = 2012").currentFilter("year(date) = 2013")
        .runId("c1").build());
    Dataset<Row> after = spark.read().format("delta").load(output);
    assertThat(Arrays.asList(after.where("run_id = 'c0'").inputFiles())).isEqualTo(before); // c0's file untouched
    assertThat(after.where("run_id = 'c1'").count()).isEqualTo(c1Rows);
    assertThat(after.select("run_id").distinct().count()).isEqualTo(4);
    assertThat(Objects.requireNonNull(after.count())).isEqualTo(4 * c1Rows);
  }
}
