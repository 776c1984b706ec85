package io.driftlake.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftlake.Driftlake;
import io.driftlake.DriftProgress;
import io.driftlake.core.DriftException;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Engine;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.JobCounter;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Universal profiles in the profile table (#23): any two stored profiles compare without a scan and
 * give the rows a scan of the same data gives, bit for bit; roll-ups add universal states; profiles
 * stored with frozen bins only (earlier releases, the builtin engine) compare with their own run's only.
 * On the real Seattle weather data (NOAA, 2012–2015, bundled with the demo).
 */
class StoredProfilesSparkTest {
  static final String WEATHER = MonitoringSparkTest.WEATHER;
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  private static String year(int year) {
    return "year(date) = " + year;
  }

  /** A drift row without what names the run (id, time, what was read), sorted into one order. */
  private static List<DriftRecord> content(List<DriftRecord> records) {
    Instant ts = Instant.parse("2000-01-01T00:00:00Z");
    return records.stream()
        .map(r -> r.with(DriftColumns.RUN_ID, "x").with(DriftColumns.RUN_TS, ts)
            .with(DriftColumns.RUN_DATE, LocalDate.of(2000, 1, 1)).with(DriftColumns.REFERENCE, "r")
            .with(DriftColumns.CURRENT, "c"))
        .sorted(Comparator.comparing((DriftRecord r) -> Objects.toString(r.windowStart()))
            .thenComparing(r -> Objects.toString(r.sliceKey()) + "/" + Objects.toString(r.sliceValue()))
            .thenComparing(DriftRecord::driftType).thenComparing(DriftRecord::columnName))
        .toList();
  }

  /** Runs {@code run}, counting the Spark stages that scanned files under each job group. */
  private static <T> Map<String, Integer> scans(Supplier<T> run) {
    JobCounter counter = new JobCounter();
    spark.sparkContext().addSparkListener(counter);
    try {
      run.get();
      counter.settle(spark);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    return counter.scans();
  }

  @Test
  void twoStoredProfilesCompareAsTheScanOfTheirDataDidWithoutReadingIt() {
    String profiles = path("windowed-profiles");
    DriftConfig.Builder scan = DriftConfig.builder().reference(WEATHER).current(WEATHER)
        .referenceFilter(year(2012)).currentFilter("year(date) >= 2013").windowColumn("date")
        .granularity(Granularity.parse("3 months")).driftType(DriftType.BOTH)
        .sliceBy(List.of("weather")).profileTable(profiles);
    List<DriftRecord> scanned = Driftlake.run(spark, scan.output(path("scan-drift")).runId("scan").build()).records();

    List<DriftRecord>[] stored = new List[1];
    Map<String, Integer> scanned2 = scans(() -> stored[0] = Driftlake.run(spark, DriftConfig.builder()
        .referenceProfile("scan").currentProfile("scan").profileTable(profiles).driftType(DriftType.BOTH)
        .sliceBy(List.of("weather")).output(path("stored-drift")).runId("stored").build()).records());

    assertThat(scanned.stream().filter(r -> r.windowStart() != null && r.sliceKey() != null).count()).isGreaterThan(100);
    assertThat(content(stored[0])).isEqualTo(content(scanned));
    // neither side's data was read: no stage scanned a file in either profile phase
    assertThat(scanned2.get(DriftJob.jobGroup("stored", DriftJob.PHASE_PROFILE_REFERENCE))).isNull();
    assertThat(scanned2.get(DriftJob.jobGroup("stored", DriftJob.PHASE_PROFILE_CURRENT))).isNull();
    // and the profile table at a path was read by Delta Kernel, not by a Spark job
    assertThat(scanned2.get(DriftJob.jobGroup("stored", DriftJob.PHASE_BINS))).isNull();
    assertThat(stored[0].get(0).current()).isEqualTo("profile scan in " + profiles);
  }

  @Test
  void anyStoredCurrentComparesWithAnyStoredReferenceAsAScanOfBothWould() throws Exception {
    String profiles = path("cross-profiles");
    DriftConfig.Builder base = DriftConfig.builder().reference(WEATHER).current(WEATHER).sliceBy(List.of("weather"))
        .profileTable(profiles);
    Driftlake.run(spark, base.referenceFilter(year(2012)).currentFilter(year(2013)).output(path("r1")).runId("r1").build());
    Driftlake.run(spark, base.referenceFilter(year(2014)).currentFilter(year(2015)).output(path("r2")).runId("r2").build());

    // 2013 (r1's current) against 2014 (r2's reference): neither run compared these two
    List<DriftRecord> stored = Driftlake.run(spark, DriftConfig.builder().referenceProfile("r2").currentProfile("r1")
        .profileTable(profiles).sliceBy(List.of("weather")).output(path("cross")).runId("cross").build()).records();
    List<DriftRecord> scan = Driftlake.run(spark, DriftConfig.builder().reference(WEATHER).current(WEATHER)
        .referenceFilter(year(2014)).currentFilter(year(2013)).sliceBy(List.of("weather"))
        .output(path("cross-scan")).runId("cross-scan").build()).records();

    assertThat(content(stored)).isEqualTo(content(scan));
    // drift run's way, with the session still to come: two stored profiles in a local table, a new run id
    // to a local drift table (Kernel reads, compares on the driver, Kernel appends) never ask for one
    boolean[] sessionAskedFor = {false};
    java.util.function.Supplier<org.apache.spark.sql.SparkSession> session = () -> {
      sessionAskedFor[0] = true;
      return spark;
    };
    DriftConfig early = DriftConfig.builder().referenceProfile("r2").currentProfile("r1").profileTable(profiles)
        .sliceBy(List.of("weather")).output(path("cross-early")).runId("cross-early").build();
    List<DriftRecord> earlyRows = Driftlake.run(session, early, DriftProgress.NONE).records();
    assertThat(sessionAskedFor[0]).isFalse();
    assertThat(content(earlyRows)).isEqualTo(content(scan));
    assertThat(spark.read().format("delta").load(path("cross-early")).count()).isEqualTo(earlyRows.size());
    // the same id again replaces its rows: a Spark write, so the session is asked for then
    Driftlake.run(session, early, DriftProgress.NONE);
    assertThat(sessionAskedFor[0]).isTrue();
    assertThat(spark.read().format("delta").load(path("cross-early")).count()).isEqualTo(earlyRows.size());
    // a scanned side needs the session: it is asked for before the plan, while the stored reference reads
    sessionAskedFor[0] = false;
    Driftlake.run(session, DriftConfig.builder().referenceProfile("r2").current(WEATHER).currentFilter(year(2013))
        .profileTable(profiles).sliceBy(List.of("weather")).output(path("cross-scanned")).runId("cross-scanned").build(),
        DriftProgress.NONE);
    assertThat(sessionAskedFor[0]).isTrue();
    // and drift run in a JVM of its own: no SparkSession at all, and the time line says so
    java.util.List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), io.driftlake.cli.NoSparkCli.class.getName(), "run",
        "--reference-profile", "r2", "--current-profile", "r1", "--profile-table", profiles, "--slice-by", "weather",
        "--output", path("cross-child"), "--run-id", "cross-child");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try {
      output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("spark sessions: none").contains("(JVM; no Spark session)")
        .contains("run cross-child: 4 features");
    assertThat(spark.read().format("delta").load(path("cross-child")).count()).isEqualTo(earlyRows.size());
    assertThatThrownBy(() -> Driftlake.run(() -> spark, DriftConfig.builder().referenceProfile("r3").currentProfile("r1")
        .profileTable(profiles).output(path("cross-missing")).runId("cross-missing").build(), DriftProgress.NONE))
        .isInstanceOf(DriftException.class)
        .hasMessageContaining("no reference profile 'r3' in the profile table " + profiles);
    DriftRecord tempMax = stored.stream().filter(r -> r.columnName().equals("temp_max") && r.sliceKey() == null).findFirst().orElseThrow();
    assertThat(tempMax.refCount()).isEqualTo(365); // 2014
    assertThat(tempMax.curCount()).isEqualTo(365); // 2013
  }

  @Test
  void rolledUpProfilesAddTheirUniversalStatesAndCompareWithAnotherReference() {
    String profiles = path("rollup-profiles");
    Driftlake.run(spark, DriftConfig.builder().reference(WEATHER).current(WEATHER).referenceFilter(year(2012))
        .currentFilter(year(2013)).windowColumn("date").granularity(Granularity.parse("1 day"))
        .profileTable(profiles).output(path("daily")).runId("daily").build());
    Driftlake.run(spark, DriftConfig.builder().reference(WEATHER).current(WEATHER).referenceFilter(year(2015))
        .currentFilter(year(2014)).profileTable(profiles).output(path("other")).runId("other-reference").build());
    Driftlake.rollUp(spark, profiles, "daily", "1 month", "monthly", null, "baseline");

    // the monthly roll-up of 2013's days against 2015: as a monthly scan of 2013 against 2015
    List<DriftRecord> stored = Driftlake.run(spark, DriftConfig.builder().referenceProfile("other-reference")
        .currentProfile("monthly").profileTable(profiles).output(path("rolled-vs-2015")).runId("rolled").build()).records();
    List<DriftRecord> scan = Driftlake.run(spark, DriftConfig.builder().reference(WEATHER).current(WEATHER)
        .referenceFilter(year(2015)).currentFilter(year(2013)).windowColumn("date").granularity(Granularity.parse("1 month"))
        .output(path("monthly-scan")).runId("monthly-scan").build()).records();

    assertThat(stored.stream().filter(r -> r.windowStart() != null && r.columnName().equals(":table")).count()).isEqualTo(12);
    List<DriftRecord> a = content(stored);
    List<DriftRecord> b = content(scan);
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      // bin for bin and every count; the moments add in another order (last bits), so the rows are compared on counts
      assertThat(a.get(i).binEdges()).as(a.get(i).columnName() + " " + a.get(i).windowStart()).isEqualTo(b.get(i).binEdges());
      assertThat(a.get(i).categories()).isEqualTo(b.get(i).categories());
      assertThat(a.get(i).refBinCounts()).isEqualTo(b.get(i).refBinCounts());
      assertThat(a.get(i).curBinCounts()).as(a.get(i).columnName() + " " + a.get(i).windowStart()).isEqualTo(b.get(i).curBinCounts());
      assertThat(a.get(i).jsDivergence()).isEqualTo(b.get(i).jsDivergence());
    }
  }

  @Test
  void frozenBinProfilesCompareWithTheirOwnRunsOnlyAndSaySo() {
    String profiles = path("frozen-profiles");
    // the builtin engine stores frozen bins only (its universal cells are not GPU-placeable yet)
    List<DriftRecord> builtin = Driftlake.run(spark, DriftConfig.builder().reference(WEATHER).current(WEATHER)
        .referenceFilter(year(2012)).currentFilter(year(2015)).engine(Engine.BUILTIN).profileTable(profiles)
        .output(path("builtin")).runId("builtin").build()).records();
    Driftlake.run(spark, DriftConfig.builder().reference(WEATHER).current(WEATHER).referenceFilter(year(2013))
        .currentFilter(year(2014)).profileTable(profiles).output(path("universal")).runId("universal").build());

    List<DriftRecord> own = Driftlake.run(spark, DriftConfig.builder().referenceProfile("builtin").currentProfile("builtin")
        .profileTable(profiles).output(path("own")).runId("own").build()).records();
    assertThat(content(own)).isEqualTo(content(builtin));

    assertThatThrownBy(() -> Driftlake.run(spark, DriftConfig.builder().referenceProfile("universal").currentProfile("builtin")
        .profileTable(profiles).output(path("mixed")).runId("mixed").build()))
        .isInstanceOf(DriftException.class)
        .hasMessageStartingWith("the current profile builtin has frozen bins only")
        .hasMessageContaining("Pass --reference-profile builtin");
    // a table an earlier release wrote has no cells column at all: it still reads, with its own bins
    String old = path("old-profiles");
    spark.read().format("delta").load(profiles).drop("cells").write().format("delta").save(old);
    List<DriftRecord> fromOld = Driftlake.run(spark, DriftConfig.builder().referenceProfile("universal").currentProfile("universal")
        .profileTable(old).output(path("from-old")).runId("from-old").build()).records();
    assertThat(fromOld).isNotEmpty();
    assertThatThrownBy(() -> Driftlake.run(spark, DriftConfig.builder().referenceProfile("builtin").currentProfile("universal")
        .profileTable(old).output(path("old-mixed")).runId("old-mixed").build()))
        .isInstanceOf(DriftException.class)
        .hasMessageStartingWith("the current profile universal has frozen bins only")
        .hasMessageContaining("bins of [");
  }

  @Test
  void aStoredCurrentTakesItsWindowsAsStored() {
    assertThatThrownBy(() -> DriftConfig.builder().referenceProfile("a").currentProfile("b").profileTable(path("p"))
        .windowColumn("date").granularity(Granularity.parse("1 day")).output(path("o")).build())
        .isInstanceOf(DriftException.class)
        .hasMessage("--current-profile compares the windows the profile was stored with: drop --window-column and "
            + "--granularity (filter and window the data when you profile it)");
    assertThatThrownBy(() -> DriftConfig.builder().reference(WEATHER).currentProfile("b").output(path("o")).build())
        .isInstanceOf(DriftException.class)
        .hasMessage("--current-profile needs --profile-table: name the Delta table the profile is stored in");
  }
}
