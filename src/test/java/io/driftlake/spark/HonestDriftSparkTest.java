package io.driftlake.spark;

import io.driftlake.DriftRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.verdict.BinContribution;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default drift decision (significant after Benjamini–Hochberg over the run at alpha 0.01, and
 * over the size threshold js_distance 0.1, with at least 100 values a side) through the real job on
 * real Parquet files: what the pure simulations in {@code DriftDecisionSimulationTest} show, end to end.
 */
class HonestDriftSparkTest {
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  /** {@code features} columns f0.. of N(shift_j, 1) values, seeded; {@code shifts[j]} applies to f_j (0 past the array). */
  private static String normals(String name, int rows, int features, long seed, double... shifts) {
    Random random = new Random(seed);
    StructType schema = new StructType();
    for (int j = 0; j < features; j++) {
      schema = schema.add("f" + j, DataTypes.DoubleType);
    }
    List<Row> data = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      Object[] values = new Object[features];
      for (int j = 0; j < features; j++) {
        values[j] = random.nextGaussian() + (j < shifts.length ? shifts[j] : 0.0);
      }
      data.add(RowFactory.create(values));
    }
    String path = dir.resolve(name).toString();
    spark.createDataFrame(data, schema).write().parquet(path);
    return path;
  }

  private static List<DriftRecord> features(DriftRun run) {
    return run.records().stream().filter(r -> !r.columnName().equals(DriftRecord.TABLE_ROW)).toList();
  }

  @Test
  void fortyUndriftedFeaturesAt300RowsFlagAtMostOneAndAOneSigmaShiftIsFlagged() {
    String reference = normals("ref-300", 300, 41, 1);
    String current = normals("cur-300", 300, 41, 2, new double[] {1.0}); // f0 shifted by one sigma
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(reference).current(current)
        .output(dir.resolve("drift-300").toString()).runId("n300").build());

    List<DriftRecord> rows = features(run);
    assertThat(rows).hasSize(41).allSatisfy(r -> {
      assertThat(r.alpha()).isEqualTo(0.01);
      assertThat(r.qValue()).isNotNull().isGreaterThanOrEqualTo(r.chi2Pvalue());
      assertThat(r.jsNoiseFloor()).isPositive();
    });
    DriftRecord shifted = rows.stream().filter(r -> r.columnName().equals("f0")).findFirst().orElseThrow();
    assertThat(shifted.drifted()).isTrue();
    List<DriftRecord> still = rows.stream().filter(r -> !r.columnName().equals("f0")).toList();
    // the threshold alone flags nearly all of them: noise at 300 rows a side is a JS distance of ~0.16
    assertThat(still.stream().filter(r -> r.jsDistance() > 0.1).count()).isGreaterThan(30);
    assertThat(still.stream().filter(r -> Boolean.TRUE.equals(r.drifted())).count()).isLessThanOrEqualTo(1);
    // the measured JS divergence of undrifted features sits near its noise floor (mean ratio, 40 features)
    double ratio = still.stream().mapToDouble(r -> r.jsDivergence() / r.jsNoiseFloor()).average().orElseThrow();
    assertThat(ratio).isBetween(0.7, 1.3);

    // why: the shifted feature's top bins are its per-bin JS terms, largest first, summing to at most js_divergence
    List<BinContribution> top = shifted.topBins();
    assertThat(top).hasSize(3);
    assertThat(top.get(0).jsContribution()).isGreaterThanOrEqualTo(top.get(1).jsContribution());
    assertThat(top.stream().mapToDouble(BinContribution::jsContribution).sum()).isLessThanOrEqualTo(shifted.jsDivergence());
    assertThat(shifted.newValueShare()).isBetween(0.05, 0.5); // a 1-sigma shift puts ~10-30% above the reference's max
  }

  /**
   * Issue 25, item 1: 40 undrifted features and one whose current values are 10% beyond the
   * reference's maximum, 300 rows a side, joint drift on (41 joint features: 820 pair tests). The pair
   * tests are a family of their own, so the shifted feature's q-value is the Benjamini–Hochberg value
   * over the 41 feature rows alone (recomputed here by hand from the rows' p-values).
   */
  @Test
  void pairTestsDoNotDiluteTheFeatureFamily() {
    int rows = 300;
    int features = 41;
    Random random = new Random(25);
    double[][] reference = new double[rows][features];
    double[][] current = new double[rows][features];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < features; j++) {
        reference[i][j] = random.nextGaussian();
        current[i][j] = random.nextGaussian();
      }
      max = Math.max(max, reference[i][0]);
    }
    for (int i = 0; i < rows / 10; i++) {
      current[i][0] = max + 0.1 + random.nextDouble(); // 10% of f0 beyond the reference's range
    }
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(parquet("ref-pairs", reference))
        .current(parquet("cur-pairs", current)).output(dir.resolve("drift-pairs").toString()).runId("pairs").build());

    List<DriftRecord> rowsOut = features(run);
    DriftRecord table = run.records().stream().filter(r -> r.columnName().equals(DriftRecord.TABLE_ROW)).findFirst()
        .orElseThrow();
    assertThat(table.get(io.driftlake.core.table.DriftColumns.TOP_PAIRS)).as("joint drift was on").isNotNull();
    assertThat(table.get(io.driftlake.core.table.DriftColumns.JOINT_ROWS_REF)).isEqualTo((long) rows);
    DriftRecord shifted = rowsOut.stream().filter(r -> r.columnName().equals("f0")).findFirst().orElseThrow();
    double[] p = rowsOut.stream().mapToDouble(DriftRecord::chi2Pvalue).toArray();
    assertThat(p).hasSize(features);
    // BH by hand: q_(i) = min_{j >= i} p_(j) m / j over the 41 feature rows only
    double[] sorted = p.clone();
    java.util.Arrays.sort(sorted);
    double q = 1.0;
    for (int j = sorted.length; j >= 1; j--) {
      q = Math.min(q, sorted[j - 1] * features / j);
      if (sorted[j - 1] == shifted.chi2Pvalue()) {
        break;
      }
    }
    System.out.printf("10%% beyond the range at 300 rows: js_distance %.3f, p %.3g, q %.3g (family of %d features)%n",
        shifted.jsDistance(), shifted.chi2Pvalue(), shifted.qValue(), features);
    assertThat(shifted.qValue()).isCloseTo(q, within(1e-12));
    assertThat(shifted.drifted()).isTrue();
    assertThat(rowsOut.stream().filter(r -> !r.columnName().equals("f0"))
        .filter(r -> Boolean.TRUE.equals(r.drifted())).count()).as("false alarms of 40").isLessThanOrEqualTo(1);
  }

  /** A Parquet file of {@code values[row][feature]}, columns f0.. . */
  private static String parquet(String name, double[][] values) {
    StructType schema = new StructType();
    for (int j = 0; j < values[0].length; j++) {
      schema = schema.add("f" + j, DataTypes.DoubleType);
    }
    List<Row> data = new ArrayList<>(values.length);
    for (double[] row : values) {
      data.add(RowFactory.create(java.util.Arrays.stream(row).boxed().toArray()));
    }
    String path = dir.resolve(name).toString();
    spark.createDataFrame(data, schema).write().parquet(path);
    return path;
  }

  @Test
  void at200kRowsANegligibleShiftIsNotDriftButAHalfSigmaShiftIs() {
    String reference = normals("ref-200k", 200_000, 2, 3);
    String current = normals("cur-200k", 200_000, 2, 4, 0.05, 0.5);
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(reference).current(current)
        .output(dir.resolve("drift-200k").toString()).runId("n200k").build());

    DriftRecord negligible = features(run).stream().filter(r -> r.columnName().equals("f0")).findFirst().orElseThrow();
    DriftRecord half = features(run).stream().filter(r -> r.columnName().equals("f1")).findFirst().orElseThrow();
    assertThat(negligible.qValue()).as("significant").isLessThan(0.01);
    assertThat(negligible.jsDistance()).as("but small").isLessThan(0.1);
    assertThat(negligible.drifted()).isFalse();
    assertThat(half.drifted()).isTrue();
    assertThat(half.jsDistance()).isCloseTo(0.2, within(0.03));
  }

  @Test
  void tooFewRowsIsNotDriftAndDoesNotCountOnTheTableRow() {
    String reference = normals("ref-small", 300, 2, 5);
    String current = normals("cur-small", 6, 2, 6, 3.0, 3.0);
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(reference).current(current)
        .output(dir.resolve("drift-small").toString()).runId("small").failOnDrift(true).build());

    assertThat(features(run)).hasSize(2).allSatisfy(r -> {
      assertThat(r.drifted()).isNull();
      assertThat(r.jsDistance()).as("still measured").isGreaterThan(0.5);
      assertThat(r.message()).isEqualTo(
          "too few rows to judge drift: 300 reference / 6 current non-null values, below --min-rows 30");
    });
    DriftRecord table = run.records().stream().filter(r -> r.columnName().equals(DriftRecord.TABLE_ROW)).findFirst()
        .orElseThrow();
    assertThat(table.drifted()).isNull();
    assertThat(run.driftDetected()).isFalse();
    assertThat(run.exitCode()).isZero();
  }
}
