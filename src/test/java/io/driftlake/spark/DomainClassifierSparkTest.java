package io.driftlake.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.DriftRun;
import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.kernel.KernelDriftTable;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The domain classifier ({@code --domain-classifier}) on data with a known answer: checkerboards whose
 * sides share every marginal but no point (AUC near 1, no feature row drifts), two samples of one
 * distribution (AUC near 0.5, no verdict), windows, and models that cannot be trained (null columns,
 * a message, a run that still succeeds). The AUC's p-value is checked against scipy in
 * {@code ClassifierAucTest}.
 */
class DomainClassifierSparkTest {
  private static final int ROWS = 20_000;
  private static final StructType SCHEMA = new StructType().add("x", DataTypes.DoubleType)
      .add("y", DataTypes.DoubleType).add("z", DataTypes.DoubleType).add("c", DataTypes.StringType)
      .add("day", DataTypes.DateType);
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  /**
   * {@code rows} points: x, y uniform on {@code [lo, lo + 4)} kept where {@code keep(x, y)}, z standard
   * normal and c uniform over a, b, c (both unrelated to the side), day one of {@code days} from 2024-01-01.
   */
  private static String write(String name, long seed, int rows, double lo, BiPredicate<Double, Double> keep, int days) {
    Random random = new Random(seed);
    List<Row> out = new ArrayList<>(rows);
    while (out.size() < rows) {
      double x = lo + 4 * random.nextDouble();
      double y = lo + 4 * random.nextDouble();
      if (keep.test(x, y)) {
        out.add(RowFactory.create(x, y, random.nextGaussian(), String.valueOf((char) ('a' + random.nextInt(3))),
            java.sql.Date.valueOf(LocalDate.of(2024, 1, 1).plusDays(out.size() % days))));
      }
    }
    String path = dir.resolve(name).toString();
    spark.createDataFrame(out, SCHEMA).repartition(2).write().parquet(path);
    return path;
  }

  /** The issue's checkerboard: floor(x) + floor(y) even (reference) or odd (current), x and y on [0, 4). */
  private static boolean even(double x, double y) {
    return ((int) Math.floor(x) + (int) Math.floor(y)) % 2 == 0;
  }

  /** A checkerboard centred on 0 (x, y on [-2, 2)): floor(|x|) + floor(|y|) even; symmetric, so no correlation. */
  private static boolean centredEven(double x, double y) {
    return ((int) Math.floor(Math.abs(x)) + (int) Math.floor(Math.abs(y))) % 2 == 0;
  }

  private static DriftRun run(String id, String reference, String current, DriftConfig.Builder extra) {
    return Driftlake.run(spark, extra.reference(reference).current(current).exclude(List.of("day"))
        .domainClassifier(true).classifierSampleRows(10_000).output(dir.resolve("drift-" + id).toString()).runId(id)
        .build());
  }

  private static List<String> topFeatures(DriftRecord table) {
    return table.get(DriftColumns.CLASSIFIER_TOP_FEATURES).stream().map(f -> (String) f.get(0)).toList();
  }

  @Test
  void theIssuesCheckerboardIsToldApartAndNoFeatureRowDrifts() {
    String reference = write("board-ref", 1, ROWS, 0, DomainClassifierSparkTest::even, 1);
    String current = write("board-cur", 2, ROWS, 0, (x, y) -> !even(x, y), 1);
    DriftRun run = run("board", reference, current, DriftConfig.builder());
    System.out.println("checkerboard run summary:\n" + run.summary());
    DriftRecord table = run.tableRow();
    System.out.println("checkerboard: classifier_auc " + table.get(DriftColumns.CLASSIFIER_AUC) + ", classifier_pvalue "
        + table.get(DriftColumns.CLASSIFIER_PVALUE) + ", top " + table.get(DriftColumns.CLASSIFIER_TOP_FEATURES));
    assertThat(run.features()).extracting(DriftRecord::columnName).containsExactly("x", "y", "z", "c");
    assertThat(run.features()).allSatisfy(r -> assertThat(r.drifted()).as(r.columnName()).isFalse());
    assertThat(table.get(DriftColumns.CLASSIFIER_AUC)).isGreaterThan(0.9);
    assertThat(table.get(DriftColumns.CLASSIFIER_PVALUE)).isLessThan(1e-10);
    assertThat(topFeatures(table)).hasSize(3);
    assertThat(topFeatures(table).subList(0, 2)).containsExactlyInAnyOrder("x", "y");
    assertThat(table.drifted()).isTrue();
    assertThat(run.summary()).contains("joint drift: a classifier tells current from reference with AUC ");
    // the issue's board is not free of correlation: the even cells' centres give x ~ y a correlation of
    // +3/16 (Σ (i − 1.5)(j − 1.5) over them is 2, / 8 cells / var 4/3), the odd cells' −3/16
    assertThat(table.get(DriftColumns.CORRELATION_SHIFT)).isCloseTo(0.375, within(0.03));
    // Delta Kernel (drift show, the report) reads the same columns back
    DriftRecord read = KernelDriftTable.read(dir.resolve("drift-board").toString(), "board").stream()
        .filter(r -> r.columnName().equals(DriftRecord.TABLE_ROW)).findFirst().orElseThrow();
    assertThat(read.get(DriftColumns.CLASSIFIER_AUC)).isEqualTo(table.get(DriftColumns.CLASSIFIER_AUC));
    assertThat(read.get(DriftColumns.CLASSIFIER_TOP_FEATURES)).isEqualTo(table.get(DriftColumns.CLASSIFIER_TOP_FEATURES));
  }

  @Test
  void aCentredCheckerboardIsSeenByTheClassifierAlone() {
    String reference = write("centred-ref", 3, ROWS, -2, DomainClassifierSparkTest::centredEven, 1);
    String current = write("centred-cur", 4, ROWS, -2, (x, y) -> !centredEven(x, y), 1);
    DriftRun run = run("centred", reference, current, DriftConfig.builder());
    System.out.println("centred checkerboard run summary:\n" + run.summary());
    DriftRecord table = run.tableRow();
    assertThat(run.features()).allSatisfy(r -> assertThat(r.drifted()).as(r.columnName()).isFalse());
    assertThat(table.get(DriftColumns.CORRELATION_SHIFT)).isLessThan(0.05);
    assertThat(table.message()).doesNotContain(" ~ ");
    assertThat(table.get(DriftColumns.CLASSIFIER_AUC)).isGreaterThan(0.9);
    assertThat(topFeatures(table).subList(0, 2)).containsExactlyInAnyOrder("x", "y");
    assertThat(table.drifted()).isTrue();
  }

  @Test
  void twoSamplesOfOneDistributionGiveAnAucNearOneHalfAndNoVerdictRunAfterRun() {
    String reference = write("same-ref", 5, ROWS, 0, (x, y) -> true, 1);
    String current = write("same-cur", 6, ROWS, 0, (x, y) -> true, 1);
    DriftRun first = run("same", reference, current, DriftConfig.builder());
    DriftRecord table = first.tableRow();
    System.out.println("same distribution: classifier_auc " + table.get(DriftColumns.CLASSIFIER_AUC)
        + ", classifier_pvalue " + table.get(DriftColumns.CLASSIFIER_PVALUE));
    assertThat(table.get(DriftColumns.CLASSIFIER_AUC)).isCloseTo(0.5, within(0.05));
    assertThat(table.get(DriftColumns.CLASSIFIER_PVALUE)).isGreaterThan(0.001);
    assertThat(table.drifted()).isFalse();
    assertThat(first.summary()).doesNotContain("a classifier tells");
    // seeded: the same sample, split and forest again
    DriftRecord again = run("same-again", reference, current, DriftConfig.builder()).tableRow();
    assertThat(again.get(DriftColumns.CLASSIFIER_AUC)).isEqualTo(table.get(DriftColumns.CLASSIFIER_AUC));
    assertThat(again.get(DriftColumns.CLASSIFIER_TOP_FEATURES)).isEqualTo(table.get(DriftColumns.CLASSIFIER_TOP_FEATURES));
  }

  @Test
  void eachWindowIsItsOwnCurrent() {
    String reference = write("windows-ref", 7, 6_000, 0, DomainClassifierSparkTest::even, 1);
    // days 1 and 3 like the reference, day 2 the odd cells
    List<Row> rows = new ArrayList<>();
    for (String part : List.of(write("w-same", 8, 6_000, 0, DomainClassifierSparkTest::even, 1),
        write("w-odd", 9, 3_000, 0, (x, y) -> !even(x, y), 1))) {
      rows.addAll(spark.read().parquet(part).collectAsList());
    }
    List<Row> dated = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      int day = i < 6_000 ? (i % 2 == 0 ? 0 : 2) : 1;
      dated.add(RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), java.sql.Date.valueOf(LocalDate.of(2024, 1, 1 + day))));
    }
    String current = dir.resolve("windows-cur").toString();
    spark.createDataFrame(dated, SCHEMA).repartition(2).write().parquet(current);
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(reference).current(current)
        .windowColumn("day").granularity(Granularity.parse("1 day")).domainClassifier(true)
        .output(dir.resolve("drift-windows").toString()).runId("windows").build());
    List<DriftRecord> tables = run.records().stream()
        .filter(r -> r.columnName().equals(DriftRecord.TABLE_ROW) && r.windowStart() != null).toList();
    assertThat(tables).hasSize(3);
    assertThat(tables.get(0).get(DriftColumns.CLASSIFIER_AUC)).isCloseTo(0.5, within(0.1));
    assertThat(tables.get(1).get(DriftColumns.CLASSIFIER_AUC)).isGreaterThan(0.9);
    assertThat(tables.get(1).drifted()).isTrue();
    assertThat(tables.get(2).get(DriftColumns.CLASSIFIER_AUC)).isCloseTo(0.5, within(0.1));
    assertThat(run.tableRow().get(DriftColumns.CLASSIFIER_AUC)).isGreaterThan(0.6);
  }

  @Test
  void aChangeInWhichRowsMissAValueIsSeen() {
    // x is missing in a quarter of the rows on both sides: at random in the reference, where y >= 3 in
    // the current data. x's values and null fraction, y's values, and x ~ y's correlation (independent
    // on both sides, over the rows where both are present) stay as they were.
    Random random = new Random(14);
    List<Row> reference = new ArrayList<>();
    List<Row> current = new ArrayList<>();
    for (int i = 0; i < 2 * ROWS; i++) {
      double x = 4 * random.nextDouble();
      double y = 4 * random.nextDouble();
      boolean missing = i < ROWS ? random.nextDouble() < 0.25 : y >= 3;
      (i < ROWS ? reference : current).add(RowFactory.create(missing ? null : x, y, random.nextGaussian(),
          String.valueOf((char) ('a' + random.nextInt(3))), java.sql.Date.valueOf("2024-01-01")));
    }
    String ref = dir.resolve("missing-ref").toString();
    String cur = dir.resolve("missing-cur").toString();
    spark.createDataFrame(reference, SCHEMA).repartition(2).write().parquet(ref);
    spark.createDataFrame(current, SCHEMA).repartition(2).write().parquet(cur);
    DriftRun run = run("missing", ref, cur, DriftConfig.builder());
    DriftRecord table = run.tableRow();
    assertThat(run.features()).allSatisfy(r -> assertThat(r.drifted()).as(r.columnName()).isFalse());
    assertThat(table.get(DriftColumns.CLASSIFIER_AUC)).isGreaterThan(0.6);
    assertThat(topFeatures(table).subList(0, 2)).containsExactlyInAnyOrder("x", "y");
    assertThat(table.drifted()).isTrue();
  }

  @Test
  void onlyTheLatestTwelveWindowsAreClassified() {
    String reference = write("cap-ref", 15, 2_000, 0, (x, y) -> true, 1);
    String current = write("cap-cur", 16, 14 * 150, 0, (x, y) -> true, 14);
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(reference).current(current)
        .windowColumn("day").granularity(Granularity.parse("1 day")).domainClassifier(true)
        .output(dir.resolve("drift-cap").toString()).runId("cap").build());
    List<DriftRecord> tables = run.records().stream()
        .filter(r -> r.columnName().equals(DriftRecord.TABLE_ROW) && r.windowStart() != null).toList();
    assertThat(tables).hasSize(14);
    assertThat(tables.subList(0, 2)).allSatisfy(t -> {
      assertThat(t.get(DriftColumns.CLASSIFIER_AUC)).isNull();
      assertThat(t.message()).contains("domain classifier: window not classified (only the latest 12 windows with at"
          + " least 100 rows are)");
    });
    assertThat(tables.subList(2, 14)).allSatisfy(t -> assertThat(t.get(DriftColumns.CLASSIFIER_AUC)).isNotNull());
    assertThat(run.tableRow().get(DriftColumns.CLASSIFIER_AUC)).isNotNull();
  }

  @Test
  void aStoredReferenceProfileKeepsNoRowsToClassify() {
    String reference = write("stored-ref", 17, 2_000, 0, (x, y) -> true, 1);
    String current = write("stored-cur", 18, 2_000, 0, (x, y) -> true, 1);
    String profiles = dir.resolve("profiles").toString();
    Driftlake.run(spark, DriftConfig.builder().reference(reference).current(current).exclude(List.of("day"))
        .profileTable(profiles).output(dir.resolve("drift-stored").toString()).runId("stored-scan").build());
    DriftRecord table = Driftlake.run(spark, DriftConfig.builder().referenceProfile("stored-scan").profileTable(profiles)
        .current(current).exclude(List.of("day")).domainClassifier(true).output(dir.resolve("drift-stored").toString())
        .runId("stored-classified").build()).tableRow();
    assertThat(table.get(DriftColumns.CLASSIFIER_AUC)).isNull();
    assertThat(table.message()).contains("domain classifier: not trained, it reads rows of both sides and a stored"
        + " profile (--reference-profile, --current-profile) keeps none");
  }

  @Test
  void aModelThatCannotBeTrainedLeavesTheColumnsNullWithAMessage() {
    String reference = write("few-ref", 10, 60, 0, (x, y) -> true, 1);
    String current = write("few-cur", 11, 60, 0, (x, y) -> true, 1);
    DriftRecord few = run("few", reference, current, DriftConfig.builder()).tableRow();
    assertThat(few.get(DriftColumns.CLASSIFIER_AUC)).isNull();
    assertThat(few.get(DriftColumns.CLASSIFIER_PVALUE)).isNull();
    assertThat(few.get(DriftColumns.CLASSIFIER_TOP_FEATURES)).isNull();
    assertThat(few.message()).contains("domain classifier: not trained, too few rows (60 reference / 60 current sampled,"
        + " it needs 100 a side)");

    String big = write("one-ref", 12, 2_000, 0, (x, y) -> true, 1);
    String big2 = write("one-cur", 13, 2_000, 0, (x, y) -> true, 1);
    DriftRecord one = run("one", big, big2, DriftConfig.builder().features(List.of("x"))).tableRow();
    assertThat(one.get(DriftColumns.CLASSIFIER_AUC)).isNull();
    assertThat(one.message()).contains("domain classifier: not trained, it needs at least two features (1 measured");

    DriftRecord flat = Driftlake.run(spark, DriftConfig.builder().reference(big).current(big2)
        .referenceFilter("c = 'a'").currentFilter("c = 'a'").features(List.of("x", "c")).domainClassifier(true)
        .output(dir.resolve("drift-flat").toString()).runId("flat").build()).tableRow();
    assertThat(flat.get(DriftColumns.CLASSIFIER_AUC)).isNull();
    assertThat(flat.message()).contains("domain classifier: not trained, fewer than two features vary in its sample"
        + " (constant: c)");
  }
}
