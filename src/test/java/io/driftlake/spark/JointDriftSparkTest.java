package io.driftlake.spark;

import io.driftlake.testing.Profiling;
import io.driftlake.spark.engine.ProfileTarget;

import io.driftlake.DriftRun;
import io.driftlake.spark.engine.Grouping;
import io.driftlake.spark.table.ProfileTable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Engine;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.CoMoments;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.ProfileSet;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
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
 * Joint drift through Spark: two features whose correlation goes 0.8 → −0.8 with unchanged marginals
 * (the feature rows see nothing, the :table row does), the multivariate KL against the closed form
 * from the raw data, co-moments equal across engines, merged across partitions and rolled up.
 */
class JointDriftSparkTest {
  private static final int ROWS = 20_000;
  private static final List<String> JOINT = List.of("x", "y", "z");
  private static final StructType SCHEMA = new StructType().add("x", DataTypes.DoubleType)
      .add("c", DataTypes.StringType).add("y", DataTypes.DoubleType).add("z", DataTypes.DoubleType)
      .add("d", DataTypes.DateType);
  static SparkSession spark;
  @TempDir static Path dir;
  static List<Row> referenceRows;
  static List<Row> currentRows;
  static String reference;
  static String current;

  @BeforeAll
  static void data() {
    spark = SharedSpark.session();
    referenceRows = rows(0.8, 1);
    currentRows = rows(-0.8, 2);
    reference = write("reference", referenceRows);
    current = write("current", currentRows);
  }

  /**
   * x, y standard normal with correlation rho (so both marginals are N(0, 1) either way), a categorical
   * c, z = N(100, 4) independent with 2% null and 1% NaN (rows left out of the joint moments), three days.
   */
  private static List<Row> rows(double rho, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      double x = random.nextGaussian();
      double y = rho * x + Math.sqrt(1 - rho * rho) * random.nextGaussian();
      double u = random.nextDouble();
      Double z = u < 0.02 ? null : u < 0.03 ? Double.NaN : 100 + 2 * random.nextGaussian();
      rows.add(RowFactory.create(x, random.nextBoolean() ? "a" : "b", y, z,
          java.sql.Date.valueOf(LocalDate.of(2024, 1, 1).plusDays(i % 3))));
    }
    return rows;
  }

  private static String write(String name, List<Row> rows) {
    String path = dir.resolve(name).toString();
    spark.createDataFrame(rows, SCHEMA).repartition(3).write().parquet(path);
    return path;
  }

  /** Means and population covariance of (x, y, z) over the rows where all three are finite, two passes. */
  private static double[][] sampleMoments(List<Row> rows) {
    List<double[]> complete = new ArrayList<>();
    for (Row row : rows) {
      if (!row.isNullAt(3) && Double.isFinite(row.getDouble(3))) {
        complete.add(new double[] {row.getDouble(0), row.getDouble(2), row.getDouble(3)});
      }
    }
    double n = complete.size();
    double[][] out = new double[4][3]; // row 0: means; rows 1-3: covariance
    for (double[] v : complete) {
      for (int i = 0; i < 3; i++) {
        out[0][i] += v[i] / n;
      }
    }
    for (double[] v : complete) {
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          out[1 + i][j] += (v[i] - out[0][i]) * (v[j] - out[0][j]) / n;
        }
      }
    }
    return out;
  }

  private static double det3(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }

  /** The inverse by the adjugate (cofactors), independent of the Cholesky in the code under test. */
  private static double[][] inverse3(double[][] m) {
    double det = det3(m);
    double[][] inv = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        int r0 = (j + 1) % 3;
        int r1 = (j + 2) % 3;
        int c0 = (i + 1) % 3;
        int c1 = (i + 2) % 3;
        inv[i][j] = (m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]) / det;
      }
    }
    return inv;
  }

  /** ½[ln(det Σ2/det Σ1) − d + tr(Σ2⁻¹Σ1) + (μ2 − μ1)ᵀ Σ2⁻¹ (μ2 − μ1)], ref = 1, cur = 2. */
  private static double closedForm(double[][] ref, double[][] cur) {
    double[][] s1 = {ref[1], ref[2], ref[3]};
    double[][] s2 = {cur[1], cur[2], cur[3]};
    double[][] inv = inverse3(s2);
    double trace = 0;
    double quad = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        trace += inv[i][j] * s1[j][i];
        quad += (cur[0][i] - ref[0][i]) * inv[i][j] * (cur[0][j] - ref[0][j]);
      }
    }
    return 0.5 * (Math.log(det3(s2) / det3(s1)) - 3 + trace + quad);
  }

  private static DriftRun run(String id, Engine engine) {
    return Driftlake.run(spark, DriftConfig.builder().reference(reference).current(current).exclude(List.of("d"))
        .engine(engine).output(dir.resolve("drift-" + id).toString()).runId(id).build());
  }

  @Test
  void aCorrelationFlipWithUnchangedMarginalsDriftsOnlyTheTableRow() {
    double[][] ref = sampleMoments(referenceRows);
    double[][] cur = sampleMoments(currentRows);
    double refCorr = ref[1][1] / Math.sqrt(ref[1][0] * ref[2][1]);
    double curCorr = cur[1][1] / Math.sqrt(cur[1][0] * cur[2][1]);
    assertThat(refCorr).isCloseTo(0.8, within(0.01));
    assertThat(curCorr).isCloseTo(-0.8, within(0.01));
    double expectedKl = closedForm(ref, cur);
    for (Engine engine : List.of(Engine.UDAF, Engine.BUILTIN)) {
      DriftRun run = run("flip-" + engine.label(), engine);
      List<DriftRecord> features = run.records().stream().filter(r -> !r.columnName().equals(DriftRecord.TABLE_ROW)).toList();
      assertThat(features).extracting(DriftRecord::columnName).containsExactly("x", "c", "y", "z");
      assertThat(features).as(engine.label()).allSatisfy(r -> assertThat(r.drifted()).as(r.columnName()).isFalse());
      DriftRecord table = run.records().stream().filter(r -> r.columnName().equals(DriftRecord.TABLE_ROW)).findFirst()
          .orElseThrow();
      assertThat(table.drifted()).as(engine.label()).isTrue();
      assertThat(table.message()).contains(String.format(Locale.ROOT, "x ~ y: correlation %.2f → %.2f", refCorr, curCorr));
      long complete = referenceRows.stream().filter(r -> !r.isNullAt(3) && Double.isFinite(r.getDouble(3))).count();
      assertThat(table.get(DriftColumns.JOINT_ROWS_REF)).isEqualTo(complete).isLessThan(ROWS);
      // the closed form from moments computed here from the raw rows, to 1e-9 relative
      double kl = table.get(DriftColumns.GAUSSIAN_KL_MULTIVARIATE);
      assertThat(kl).as(engine.label()).isCloseTo(expectedKl, within(1e-9 * expectedKl));
      assertThat(expectedKl).isGreaterThan(1.5); // ln(1/(1-ρ²)) + ... : far from the marginals' ~0
      double diagonal = features.stream().filter(r -> JOINT.contains(r.columnName())).mapToDouble(DriftRecord::gaussianKl).sum();
      assertThat(table.get(DriftColumns.GAUSSIAN_KL_DIAGONAL)).isCloseTo(diagonal, within(1e-15)).isLessThan(0.01);
      assertThat(table.get(DriftColumns.CORRELATION_SHIFT)).isCloseTo(Math.abs(refCorr - curCorr), within(1e-9));
      List<List<Object>> top = table.get(DriftColumns.TOP_PAIRS);
      assertThat(top).hasSize(3);
      assertThat(top.get(0).subList(0, 2)).containsExactly("x", "y");
      assertThat((Double) top.get(0).get(4)).isZero(); // z = 219: 2*norm.sf(219) underflows
      // the summary and the exit decision see the joint drift though no feature drifted
      assertThat(run.driftDetected()).isTrue();
      assertThat(run.summary()).contains("joint drift (the features move together differently): x ~ y: correlation");
      assertThat(run.exitReason()).contains("the joint distribution (x ~ y: correlation");
    }
  }

  @Test
  void jointMaxFeaturesZeroTurnsItOff() {
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(reference).current(current).exclude(List.of("d"))
        .jointMaxFeatures(0).output(dir.resolve("drift-off").toString()).runId("off").build());
    DriftRecord table = run.records().stream().filter(r -> r.columnName().equals(DriftRecord.TABLE_ROW)).findFirst()
        .orElseThrow();
    assertThat(table.drifted()).isFalse();
    assertThat(table.get(DriftColumns.GAUSSIAN_KL_MULTIVARIATE)).isNull();
    assertThat(table.get(DriftColumns.TOP_PAIRS)).isNull();
    assertThat(table.message()).isEqualTo("0 of 4 measured features drifted");
  }

  private static final List<ProfileTarget> TARGETS = List.of(
      new ProfileTarget(FeatureBins.numeric("x", BinEdges.fromCutPoints(-1, 0, 1)), DataTypes.DoubleType),
      new ProfileTarget(FeatureBins.categorical("c", CategoryBins.of(List.of("a"))), DataTypes.StringType),
      new ProfileTarget(FeatureBins.numeric("y", BinEdges.fromCutPoints(-1, 0, 1)), DataTypes.DoubleType),
      new ProfileTarget(FeatureBins.numeric("z", BinEdges.fromCutPoints(98, 100, 102)), DataTypes.DoubleType));

  private static Map<GroupKey, DatasetProfile> profile(Engine engine, Dataset<Row> data, Granularity granularity) {
    Grouping grouping = granularity == null ? Grouping.none()
        : new Grouping("d", DataTypes.DateType, granularity, List.of());
    return Profiling.profile(engine, data, TARGETS, grouping, null, JOINT);
  }

  /** Counts equal; means and co-moments to {@code relative} of their scale (C_ij against sqrt(C_ii C_jj)). */
  private static void assertClose(CoMoments actual, CoMoments expected, double relative) {
    assertThat(actual.columns()).isEqualTo(expected.columns());
    assertThat(actual.count()).isEqualTo(expected.count());
    double[] a = actual.comoments();
    double[] e = expected.comoments();
    int d = expected.dimension();
    for (int i = 0; i < d; i++) {
      double scale = Math.sqrt(e[CoMoments.index(d, i, i)] / expected.count());
      assertThat(actual.means()[i]).isCloseTo(expected.means()[i], within(relative * (Math.abs(expected.means()[i]) + scale)));
      for (int j = i; j < d; j++) {
        double cScale = Math.sqrt(e[CoMoments.index(d, i, i)] * e[CoMoments.index(d, j, j)]);
        int k = CoMoments.index(d, i, j);
        assertThat(a[k]).as("C[%d][%d]", i, j).isCloseTo(e[k], within(relative * cScale));
      }
    }
  }

  @Test
  void enginesAgreeAndMergedPartitionsEqualTheUnionInEveryWindow() {
    Dataset<Row> data = spark.read().parquet(reference).repartition(4);
    Granularity day = Granularity.parse("1 day");
    Map<GroupKey, DatasetProfile> udaf = profile(Engine.UDAF, data, day);
    Map<GroupKey, DatasetProfile> builtin = profile(Engine.BUILTIN, data, day);
    assertThat(udaf.keySet()).hasSize(3).isEqualTo(builtin.keySet());
    udaf.forEach((key, profile) -> assertClose(builtin.get(key).joint(), profile.joint(), 1e-9));

    // against the moments computed here from the raw rows
    CoMoments whole = profile(Engine.UDAF, data, null).get(GroupKey.WHOLE).joint();
    double[][] raw = sampleMoments(referenceRows);
    double[][] sigma = whole.covariance();
    for (int i = 0; i < 3; i++) {
      assertThat(whole.means()[i]).isCloseTo(raw[0][i], within(1e-12 * (1 + Math.abs(raw[0][i]))));
      for (int j = 0; j < 3; j++) {
        assertThat(sigma[i][j]).isCloseTo(raw[1 + i][j], within(1e-11));
      }
    }

    // merge(A, B) == state(A ∪ B), several partitions a side, both engines
    Dataset<Row> a = data.where("d = DATE'2024-01-01'").repartition(3);
    Dataset<Row> b = data.where("d <> DATE'2024-01-01'").repartition(2);
    for (Engine engine : List.of(Engine.UDAF, Engine.BUILTIN)) {
      CoMoments merged = profile(engine, a, null).get(GroupKey.WHOLE).joint().copy()
          .merge(profile(engine, b, null).get(GroupKey.WHOLE).joint());
      CoMoments union = profile(engine, a.unionByName(b).repartition(5), null).get(GroupKey.WHOLE).joint();
      assertClose(merged, union, 1e-12);
      assertClose(merged, whole, 1e-9);
    }

    // the day windows summed by ProfileSet (whole data) equal the whole scan
    Map<String, FeatureBins> bins = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    TARGETS.forEach(t -> {
      bins.put(t.bins().column(), t.bins());
      types.put(t.bins().column(), t.type().simpleString());
    });
    ProfileSet daily = ProfileSet.fromScan(bins, types, null, day, List.of(), udaf);
    assertClose(daily.whole().joint(), whole, 1e-12);

    // the profile table keeps them exactly; a weekly roll-up of stored days equals a weekly scan
    String table = dir.resolve("profiles").toString();
    ProfileTable.write(spark, table, "p1", Instant.parse("2024-02-01T00:00:00Z"),
        List.of(new ProfileTable.Entry(ProfileTable.CURRENT, "test", daily)));
    ProfileSet stored = ProfileTable.read(spark, table, "p1/current");
    daily.groups().forEach((key, profile) -> assertThat(stored.groups().get(key).joint()).isEqualTo(profile.joint()));
    Granularity week = Granularity.parse("1 week");
    ProfileSet rolled = stored.rollUp(week);
    ProfileSet weekly = ProfileSet.fromScan(bins, types, null, week, List.of(), profile(Engine.UDAF, data, week));
    assertThat(rolled.groups().keySet()).isEqualTo(weekly.groups().keySet());
    weekly.groups().forEach((key, profile) -> assertClose(rolled.groups().get(key).joint(), profile.joint(), 1e-12));
  }
}
