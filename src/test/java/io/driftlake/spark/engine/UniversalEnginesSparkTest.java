package io.driftlake.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.config.Binning;
import io.driftlake.core.config.Engine;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.profile.CellFreeze;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.UniversalProfile;
import io.driftlake.spark.Engines;
import io.driftlake.testing.Profiling;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every engine counts the same universal states (columnar from Parquet batches, udaf and builtin from
 * rows), in 1 or 8 partitions; and the counts frozen from them equal what the frozen-bin engines count
 * into the same bins, joint label counts included.
 */
class UniversalEnginesSparkTest {
  private final SparkSession spark = SharedSpark.session();
  private static final StructType SCHEMA = new StructType()
      .add("d", DataTypes.DoubleType).add("i", DataTypes.IntegerType)
      .add("s", DataTypes.StringType).add("y", DataTypes.StringType).add("k", DataTypes.StringType);

  private Dataset<Row> data(long seed, int n) {
    Random random = new Random(seed);
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
    String[] words = {"a", "b", "ab", "", "é", "日本", "😀"};
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      double u = random.nextDouble();
      Double d = u < 0.05 ? null : u < 0.1 ? specials[random.nextInt(specials.length)] : random.nextGaussian() * 5;
      rows.add(RowFactory.create(d, random.nextDouble() < 0.05 ? null : random.nextInt(7),
          random.nextDouble() < 0.05 ? null : words[random.nextInt(words.length)],
          random.nextDouble() < 0.05 ? null : random.nextBoolean() ? "cat" : "dog",
          random.nextDouble() < 0.1 ? null : "k" + random.nextInt(4)));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static final List<CellsRequest.Target> TARGETS = List.of(
      new CellsRequest.Target("d", FeatureKind.NUMERIC, DataTypes.DoubleType),
      new CellsRequest.Target("i", FeatureKind.NUMERIC, DataTypes.IntegerType),
      new CellsRequest.Target("s", FeatureKind.CATEGORICAL, DataTypes.StringType),
      new CellsRequest.Target("y", FeatureKind.CATEGORICAL, DataTypes.StringType));

  private static Map<GroupKey, UniversalProfile> cells(Engine engine, Dataset<Row> data, Grouping grouping) {
    return cells(engine, data, grouping, "y");
  }

  private static Map<GroupKey, UniversalProfile> cells(Engine engine, Dataset<Row> data, Grouping grouping, String label) {
    HistogramEngine.Outcome outcome = Engines.of(engine, "data", true)
        .cells(new CellsRequest(data, TARGETS, grouping, label, List.of("d", "i")));
    assertThat(outcome).isInstanceOf(HistogramEngine.CountedCells.class);
    if (engine == Engine.COLUMNAR && data.rdd().getNumPartitions() > 1) {
      assertThat(((HistogramEngine.CountedCells) outcome).countedBy()).isEqualTo("columnar engine");
    }
    return ((HistogramEngine.CountedCells) outcome).profiles();
  }

  @Test
  void everyEngineCountsTheSameStatesInOneOrEightPartitions(@TempDir Path dir) {
    String path = dir.resolve("data").toString();
    data(1, 4000).repartition(8).write().parquet(path);
    Dataset<Row> eight = spark.read().parquet(path);
    Dataset<Row> one = eight.coalesce(1);
    Grouping sliced = new Grouping(null, null, null,
        List.of(new Grouping.Slice("k", org.apache.spark.sql.functions.col("k").cast("string"), null, true, "k")));
    // unlabelled and ungrouped: the columnar loop's fast path (per dictionary id, co-moments in blocks)
    List<Map.Entry<Grouping, String>> cases = new ArrayList<>(List.of(Map.entry(Grouping.none(), "y"),
        Map.entry(sliced, "y")));
    cases.add(new java.util.AbstractMap.SimpleEntry<>(Grouping.none(), null));
    for (Map.Entry<Grouping, String> c : cases) {
      Grouping grouping = c.getKey();
      Map<GroupKey, UniversalProfile> expected = cells(Engine.UDAF, one, grouping, c.getValue());
      for (Engine engine : List.of(Engine.COLUMNAR, Engine.UDAF, Engine.BUILTIN)) {
        Map<GroupKey, UniversalProfile> actual = cells(engine, eight, grouping, c.getValue());
        assertThat(actual.keySet()).as(engine.label()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, profile) -> {
          assertThat(actual.get(key).rowCount()).isEqualTo(profile.rowCount());
          assertThat(actual.get(key).states()).as(engine.label() + " " + key).isEqualTo(profile.states());
          assertThat(actual.get(key).joint().count()).isEqualTo(profile.joint().count());
          assertThat(actual.get(key).joint().means()[0])
              .isCloseTo(profile.joint().means()[0], org.assertj.core.api.Assertions.within(1e-9));
        });
      }
    }
  }

  @Test
  void frozenCountsEqualTheFrozenEnginesCountsIntoTheSameBins(@TempDir Path dir) {
    String path = dir.resolve("data").toString();
    data(2, 3000).repartition(3).write().parquet(path);
    Dataset<Row> data = spark.read().parquet(path);
    Map<GroupKey, UniversalProfile> scanned = cells(Engine.COLUMNAR, data, Grouping.none());
    Map<String, FeatureKind> features = new LinkedHashMap<>();
    TARGETS.forEach(t -> features.put(t.column(), t.kind()));
    CellFreeze.Frozen frozen = CellFreeze.freeze(features, scanned, scanned, List.of(), Binning.QUANTILE, 10, 4, "y");
    List<ProfileTarget> targets = TARGETS.stream()
        .map(t -> new ProfileTarget(frozen.bins().get(t.column()), t.type())).toList();
    FeatureBins label = frozen.bins().get("y");
    for (Engine engine : List.of(Engine.UDAF, Engine.BUILTIN, Engine.COLUMNAR)) {
      DatasetProfile counted = Profiling.profile(engine, data, targets, Grouping.none(),
          new ProfileTarget(label, DataTypes.StringType), List.of()).get(GroupKey.WHOLE);
      for (CellsRequest.Target target : TARGETS) {
        HistogramState expected = counted.states().get(target.column());
        HistogramState actual = frozen.current().get(GroupKey.WHOLE).states().get(target.column());
        assertThat(actual.countsEqual(expected)).as(engine.label() + " " + target.column() + ": " + actual + " vs "
            + expected).isTrue();
        assertThat(actual.momentsClose(expected, 1e-9)).isTrue();
      }
    }
  }
}
