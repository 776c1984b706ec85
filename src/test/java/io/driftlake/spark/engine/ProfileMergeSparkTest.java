package io.driftlake.spark.engine;

import io.driftlake.core.config.Engine;
import io.driftlake.spark.engine.udaf.PackedAggregator;

import io.driftlake.testing.Profiling;
import io.driftlake.core.profile.DatasetProfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.testing.SharedSpark;
import io.driftlake.testing.TestData;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** Deequ's StateAggregationTests, for histograms: merge(profile(A), profile(B)) == profile(A ∪ B). */
class ProfileMergeSparkTest {
  private final SparkSession spark = SharedSpark.session();
  private final List<ProfileTarget> targets = List.of(
      new ProfileTarget(FeatureBins.numeric("d", BinEdges.fromCutPoints(-1, -0.5, 0, 0.5, 1)), DataTypes.DoubleType),
      new ProfileTarget(FeatureBins.numeric("i", BinEdges.fromCutPoints(2, 4, 6, 8)), DataTypes.IntegerType),
      new ProfileTarget(FeatureBins.categorical("s", CategoryBins.of(List.of("a", "b"))), DataTypes.StringType));

  @Test
  void mergedProfilesEqualProfileOfUnion() {
    Dataset<Row> a = TestData.frame(spark, TestData.reference(1200, 11), TestData.REFERENCE_SCHEMA).drop("gone").repartition(4);
    Dataset<Row> b = TestData.frame(spark, TestData.current(900, 12), TestData.CURRENT_SCHEMA).repartition(3);
    assertThat(a.rdd().getNumPartitions()).isEqualTo(4);

    DatasetProfile profileA = Profiling.profile(Engine.UDAF, a, targets);
    DatasetProfile profileB = Profiling.profile(Engine.UDAF, b, targets);
    DatasetProfile union = Profiling.profile(Engine.UDAF, a.unionByName(b).repartition(5), targets);

    assertThat(profileA.rowCount() + profileB.rowCount()).isEqualTo(union.rowCount()).isEqualTo(2100);
    for (Map.Entry<String, HistogramState> entry : union.states().entrySet()) {
      HistogramState merged = profileA.states().get(entry.getKey()).copy().merge(profileB.states().get(entry.getKey()));
      assertThat(merged.countsEqual(entry.getValue())).as(entry.getKey() + ": " + merged + " vs " + entry.getValue()).isTrue();
      assertThat(merged.momentsClose(entry.getValue(), 1e-9)).as(entry.getKey()).isTrue();
      assertThat(entry.getValue().rowCount()).isEqualTo(2100);
    }
  }

  @Test
  void aggregatorAlgebraDirectly() {
    // one numeric feature with 3 bins, one categorical with 1 category + other:
    // slots [x: 0 1 2 missing][s: a other missing]
    PackedAggregator aggregator = new PackedAggregator(new PackedLayout(List.of(
        FeatureBins.numeric("x", BinEdges.fromCutPoints(0, 1)), FeatureBins.categorical("s", CategoryBins.of(List.of("a")))),
        List.of(CategoryCoding.codes(CategoryBins.of(List.of("a")))), null, new int[0]));
    PackedLayout layout = new PackedLayout(List.of(
        FeatureBins.numeric("x", BinEdges.fromCutPoints(0, 1)), FeatureBins.categorical("s", CategoryBins.of(List.of("a")))),
        List.of(CategoryCoding.codes(CategoryBins.of(List.of("a")))), null, new int[0]);
    var zero = aggregator.zero();
    assertThat(zero.getCounts()).hasSize(7).containsOnly(0L);
    // the codes the engine's built-in expression gives "a", a missing value and an unseen value
    var codes = CategoryCoding.codes(CategoryBins.of(List.of("a")));
    var left = aggregator.reduce(aggregator.reduce(aggregator.zero(),
        io.driftlake.core.histogram.FeatureValues.of(new double[] {0.5}, new long[] {codes.categoryCode(0)})),
        io.driftlake.core.histogram.FeatureValues.of(new double[] {Double.NaN}, new long[] {codes.missingCode()}));
    var right = aggregator.reduce(aggregator.zero(),
        io.driftlake.core.histogram.FeatureValues.of(new double[] {7.0}, new long[] {codes.otherCode()}));
    var result = aggregator.finish(aggregator.merge(left, right));
    assertThat(result.getCounts()).containsExactly(0, 1, 1, 1, 1, 1, 1);
    assertThat(aggregator.merge(aggregator.zero(), result).getCounts()).containsExactly(result.getCounts());
    HistogramState x = layout.numeric(result, 0);
    assertThat(x.getBinCounts()).containsExactly(0, 1, 1);
    assertThat(x.getMissingCount()).isEqualTo(1);
    assertThat(x.getFiniteMean()).isEqualTo(3.75);
    assertThat(x.finiteVariance()).isEqualTo(10.5625); // numpy.var([0.5, 7.0])
    assertThat(layout.categorical(result, 0).getBinCounts()).containsExactly(1, 1);
  }
}
