package io.driftlake.spark.engine;

import io.driftlake.core.profile.GroupKey;
import io.driftlake.spark.engine.plain.PlainJavaEngine;
import io.driftlake.testing.Profiling;
import io.driftlake.core.profile.DatasetProfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Engine;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import io.driftlake.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The builtin, udaf and a test-scope plain Java engine count identically (property test over seeded random data and bins). */
class EngineEquivalenceSparkTest {
  private final SparkSession spark = SharedSpark.session();
  private static final String[] WORDS = {"a", "b", "ab", "", "Z", "é", "ü", "日本", "😀", "a b", "it's", "<b>", "x.y"};
  private static final StructType SCHEMA = new StructType()
      .add("d", DataTypes.DoubleType).add("i", DataTypes.IntegerType)
      .add("s", DataTypes.StringType).add("b", DataTypes.BooleanType);

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void identicalHistogramsOnRandomDataAndBins(long seed) {
    Random random = new Random(seed);
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
    double[] cuts = new double[1 + random.nextInt(30)];
    for (int c = 0; c < cuts.length; c++) {
      cuts[c] = Math.round(random.nextGaussian() * 4) / 2.0; // half-integers: data hits the edges exactly
    }
    BinEdges edges = BinEdges.fromCutPoints(cuts);
    List<String> categories = new ArrayList<>(Arrays.asList(WORDS));
    java.util.Collections.shuffle(categories, random);
    CategoryBins categoryBins = CategoryBins.of(categories.subList(0, random.nextInt(WORDS.length)));

    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < 3000; r++) {
      double u = random.nextDouble();
      Double d = u < 0.05 ? null : u < 0.15 ? specials[random.nextInt(specials.length)]
          : u < 0.4 ? cuts[random.nextInt(cuts.length)] : random.nextGaussian() * 5;
      rows.add(RowFactory.create(d,
          random.nextDouble() < 0.05 ? null : random.nextInt(21) - 10,
          random.nextDouble() < 0.05 ? null : random.nextDouble() < 0.1 ? "unseen-" + random.nextInt(5)
              : WORDS[random.nextInt(WORDS.length)],
          random.nextDouble() < 0.05 ? null : random.nextBoolean()));
    }
    Dataset<Row> data = spark.createDataFrame(rows, SCHEMA).repartition(3);
    List<ProfileTarget> targets = List.of(
        new ProfileTarget(FeatureBins.numeric("d", edges), DataTypes.DoubleType),
        new ProfileTarget(FeatureBins.numeric("i", edges), DataTypes.IntegerType),
        new ProfileTarget(FeatureBins.categorical("s", categoryBins), DataTypes.StringType),
        new ProfileTarget(FeatureBins.categorical("b", CategoryBins.of(List.of("true"))), DataTypes.BooleanType));

    DatasetProfile udaf = Profiling.profile(Engine.UDAF, data, targets);
    DatasetProfile builtin = Profiling.profile(Engine.BUILTIN, data, targets);
    assertSameStates(udaf, builtin, edges);
    // a fourth engine, in test scope (plain Java on the driver), passes the same check
    DatasetProfile plain = new PlainJavaEngine().profiles(ProfileRequest.of(data, targets)).get(GroupKey.WHOLE);
    assertSameStates(udaf, plain, edges);
  }

  private static void assertSameStates(DatasetProfile udaf, DatasetProfile builtin, BinEdges edges) {
    assertThat(builtin.rowCount()).isEqualTo(udaf.rowCount()).isEqualTo(3000);
    for (String column : List.of("d", "i", "s", "b")) {
      HistogramState a = udaf.states().get(column);
      HistogramState b = builtin.states().get(column);
      assertThat(b.getBinCounts()).as(column + " edges " + edges).containsExactly(a.getBinCounts());
      assertThat(b.getMissingCount()).as(column).isEqualTo(a.getMissingCount());
      assertThat(b.getFiniteCount()).as(column).isEqualTo(a.getFiniteCount());
      assertThat(b.momentsClose(a, 1e-9)).as(column + ": " + a + " vs " + b).isTrue();
    }
  }

  @Test
  void identicalDriftRows(@TempDir Path dir) {
    String ref = dir.resolve("ref").toString();
    String cur = dir.resolve("cur").toString();
    TestData.frame(spark, TestData.reference(1500, 21), TestData.REFERENCE_SCHEMA).write().parquet(ref);
    TestData.frame(spark, TestData.current(1200, 22), TestData.CURRENT_SCHEMA).write().parquet(cur);
    DriftConfig.Builder config = DriftConfig.builder().reference(ref).current(cur).output(dir.resolve("drift").toString());
    List<DriftRecord> udaf = Driftlake.run(spark, config.engine(Engine.UDAF).runId("udaf").build()).records();
    List<DriftRecord> builtin = Driftlake.run(spark, config.engine(Engine.BUILTIN).runId("builtin").build()).records();
    assertThat(builtin).hasSameSizeAs(udaf);
    for (int i = 0; i < udaf.size(); i++) {
      DriftRecord a = udaf.get(i);
      DriftRecord b = builtin.get(i);
      assertThat(b.columnName()).isEqualTo(a.columnName());
      assertThat(b.refBinCounts()).isEqualTo(a.refBinCounts());
      assertThat(b.curBinCounts()).isEqualTo(a.curBinCounts());
      assertThat(b.binEdges()).isEqualTo(a.binEdges());
      assertThat(b.categories()).isEqualTo(a.categories());
      // every metric but gaussian_kl comes from the counts alone: equal to the last bit
      assertThat(List.of(String.valueOf(b.klRefCur()), String.valueOf(b.jsDivergence()), String.valueOf(b.psi()),
          String.valueOf(b.chi2Pvalue()), String.valueOf(b.wassersteinDistance()), String.valueOf(b.drifted()),
          b.status(), String.valueOf(b.message())))
          .isEqualTo(List.of(String.valueOf(a.klRefCur()), String.valueOf(a.jsDivergence()), String.valueOf(a.psi()),
              String.valueOf(a.chi2Pvalue()), String.valueOf(a.wassersteinDistance()), String.valueOf(a.drifted()),
              a.status(), String.valueOf(a.message())));
      if (a.gaussianKl() != null) {
        // moments are summed in another order (Spark's var_pop per bin, merged): equal to 1e-9
        assertThat(b.gaussianKl()).isCloseTo(a.gaussianKl(), org.assertj.core.api.Assertions.withinPercentage(1e-7));
      }
    }
  }
}
