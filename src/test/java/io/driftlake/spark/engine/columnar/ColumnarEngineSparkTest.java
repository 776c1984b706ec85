package io.driftlake.spark.engine.columnar;

import io.driftlake.spark.engine.HistogramEngine;
import io.driftlake.spark.engine.ProfileRequest;

import io.driftlake.testing.Profiling;
import io.driftlake.spark.engine.ProfileTarget;

import io.driftlake.spark.common.Features;
import io.driftlake.spark.engine.Grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Engine;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.CoMoments;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The columnar engine counts exactly what the udaf engine counts, on every input shape it accepts
 * (every supported type, nulls, NaN, ±Infinity, -0.0, values on the edges, unicode, labels, joint
 * moments, windows and slices; Parquet, partitioned Parquet, Delta, a cached table), and every shape it
 * does not accept falls back to the udaf engine with a reason.
 */
class ColumnarEngineSparkTest {
  private static final SparkSession SPARK = SharedSpark.session();
  private static final String[] WORDS = {"a", "b", "ab", "", "Z", "é", "ü", "日本", "😀", "a b", "it's", "<b>", "x.y"};
  private static final StructType SCHEMA = new StructType()
      .add("d", DataTypes.DoubleType).add("f", DataTypes.FloatType).add("i", DataTypes.IntegerType)
      .add("l", DataTypes.LongType).add("sh", DataTypes.ShortType).add("by", DataTypes.ByteType)
      .add("dec", DataTypes.createDecimalType(12, 3)).add("day", DataTypes.DateType)
      .add("ts", DataTypes.TimestampType).add("s", DataTypes.StringType).add("b", DataTypes.BooleanType)
      .add("code", DataTypes.IntegerType).add("label", DataTypes.StringType).add("part", DataTypes.StringType)
      .add("ntz", DataTypes.TimestampNTZType);
  private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};

  @TempDir
  static Path dir;

  private static String parquet;

  @BeforeAll
  static void writeData() {
    parquet = dir.resolve("data.parquet").toString();
    frame(7, 4000).repartition(3).write().parquet(parquet);
  }

  private static Dataset<Row> frame(long seed, int rows) {
    Random random = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      double u = random.nextDouble();
      Double d = u < 0.05 ? null : u < 0.15 ? SPECIALS[random.nextInt(SPECIALS.length)]
          : u < 0.4 ? Math.round(random.nextGaussian() * 4) / 2.0 : random.nextGaussian() * 5;
      out.add(RowFactory.create(d,
          nullOr(random, d == null ? null : (float) (double) d),
          nullOr(random, random.nextInt(21) - 10),
          nullOr(random, random.nextInt(5) == 0 ? (1L << 53) + random.nextInt(3) : (long) random.nextInt(40) - 20),
          nullOr(random, (short) (random.nextInt(9) - 4)),
          nullOr(random, (byte) (random.nextInt(7) - 3)),
          nullOr(random, new BigDecimal(random.nextInt(2_000_000) - 1_000_000).movePointLeft(3)),
          nullOr(random, Date.valueOf(java.time.LocalDate.of(1969, 12, 1).plusDays(random.nextInt(90)))),
          nullOr(random, Timestamp.from(java.time.Instant.parse("1969-12-20T00:00:00Z").plusSeconds(random.nextInt(40 * 86400))
              .plusNanos(random.nextInt(1000) * 1000L))),
          nullOr(random, random.nextDouble() < 0.1 ? "unseen-" + random.nextInt(5) : WORDS[random.nextInt(WORDS.length)]),
          nullOr(random, random.nextBoolean()),
          nullOr(random, random.nextInt(6)),
          nullOr(random, "L" + random.nextInt(4)),
          random.nextBoolean() ? "p1" : "p2",
          nullOr(random, java.time.LocalDateTime.of(1969, 12, 25, 0, 0).plusSeconds(random.nextInt(20 * 86400)))));
    }
    return SPARK.createDataFrame(out, SCHEMA);
  }

  private static <T> T nullOr(Random random, T value) {
    return random.nextDouble() < 0.05 ? null : value;
  }

  private static List<ProfileTarget> targets(long seed) {
    Random random = new Random(seed);
    double[] cuts = new double[1 + random.nextInt(30)];
    for (int c = 0; c < cuts.length; c++) {
      cuts[c] = Math.round(random.nextGaussian() * 4) / 2.0;
    }
    BinEdges edges = BinEdges.fromCutPoints(cuts);
    List<String> words = new ArrayList<>(Arrays.asList(WORDS));
    Collections.shuffle(words, random);
    List<ProfileTarget> targets = new ArrayList<>();
    for (String column : List.of("d", "f", "i", "l", "sh", "by")) {
      targets.add(new ProfileTarget(FeatureBins.numeric(column, edges), SCHEMA.apply(column).dataType()));
    }
    targets.add(new ProfileTarget(FeatureBins.numeric("dec", BinEdges.fromCutPoints(-500, -0.001, 0, 0.5, 250)),
        SCHEMA.apply("dec").dataType()));
    targets.add(new ProfileTarget(FeatureBins.numeric("day", BinEdges.fromCutPoints(-20, -1, 0, 15, 40)),
        DataTypes.DateType));
    targets.add(new ProfileTarget(FeatureBins.numeric("ts", BinEdges.fromCutPoints(-1e6, -86400, 0, 5e5, 2e6)),
        DataTypes.TimestampType));
    // a timestamp_ntz casts to its own microseconds under the tests' UTC session time zone
    targets.add(new ProfileTarget(FeatureBins.numeric("ntz", BinEdges.fromCutPoints(-86400, 0, 3600, 5e5)),
        DataTypes.TimestampNTZType));
    // categorical features interleaved with numeric ones: the layout puts numeric first
    targets.add(2, new ProfileTarget(FeatureBins.categorical("s", CategoryBins.of(words.subList(0, random.nextInt(WORDS.length)))),
        DataTypes.StringType));
    targets.add(new ProfileTarget(FeatureBins.categorical("b", CategoryBins.of(List.of("true"))), DataTypes.BooleanType));
    targets.add(new ProfileTarget(FeatureBins.categorical("code", CategoryBins.of(List.of("3", "0", "5"))),
        DataTypes.IntegerType));
    return targets;
  }

  private static ProfileTarget label() {
    return new ProfileTarget(FeatureBins.categorical("label", CategoryBins.of(List.of("L2", "L0"))), DataTypes.StringType);
  }

  private static Map<GroupKey, DatasetProfile> columnar(Dataset<Row> data, List<ProfileTarget> targets, Grouping grouping,
      ProfileTarget label, List<String> joint) {
    HistogramEngine.Outcome result = new ColumnarEngine().profile(new ProfileRequest(data, targets, grouping, label, joint));
    assertThat(result).as(result.toString()).isInstanceOf(HistogramEngine.Counted.class);
    return ((HistogramEngine.Counted) result).profiles();
  }

  private static void assertSame(Map<GroupKey, DatasetProfile> columnar, Map<GroupKey, DatasetProfile> udaf,
      List<ProfileTarget> targets) {
    assertThat(columnar.keySet()).containsExactlyInAnyOrderElementsOf(udaf.keySet());
    udaf.forEach((key, expected) -> {
      DatasetProfile actual = columnar.get(key);
      assertThat(actual.rowCount()).as(key.toString()).isEqualTo(expected.rowCount());
      for (ProfileTarget target : targets) {
        String column = target.bins().column();
        HistogramState a = expected.states().get(column);
        HistogramState b = actual.states().get(column);
        String what = key + " " + column + " " + target.bins();
        assertThat(b.getBinCounts()).as(what).containsExactly(a.getBinCounts());
        assertThat(b.getMissingCount()).as(what).isEqualTo(a.getMissingCount());
        assertThat(b.getFiniteCount()).as(what).isEqualTo(a.getFiniteCount());
        assertThat(b.getJointLabelCounts()).as(what).isEqualTo(a.getJointLabelCounts());
        assertThat(b.momentsClose(a, 1e-12)).as(what + ": " + a + " vs " + b).isTrue();
      }
      CoMoments ja = expected.joint();
      CoMoments jb = actual.joint();
      if (ja == null) {
        assertThat(jb).isNull();
      } else {
        assertThat(jb.count()).isEqualTo(ja.count());
        for (int i = 0; i < ja.means().length; i++) {
          assertThat(jb.means()[i]).isCloseTo(ja.means()[i], withinPercentage(1e-10));
        }
        // the columnar engine adds each batch's rows as one block (two-pass), the udaf engine row by row
        for (int e = 0; e < ja.comoments().length; e++) {
          assertThat(jb.comoments()[e]).as("co-moment " + e)
              .isCloseTo(ja.comoments()[e], org.assertj.core.api.Assertions.within(1e-9 * Math.abs(ja.comoments()[e]) + 1e-9));
        }
      }
    });
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void countsEqualTheUdafEngineOnEveryTypeAndSpecialValue(long seed) {
    Dataset<Row> data = SPARK.read().parquet(parquet);
    List<ProfileTarget> targets = targets(seed);
    List<String> joint = List.of("d", "i", "dec", "ts");
    Map<GroupKey, DatasetProfile> udaf = Profiling.profile(Engine.UDAF, data, targets, Grouping.none(), label(), joint);
    Map<GroupKey, DatasetProfile> columnar = columnar(data, targets, Grouping.none(), label(), joint);
    assertSame(columnar, udaf, targets);
    assertThat(columnar.get(GroupKey.WHOLE).rowCount()).isEqualTo(4000);
  }

  @Test
  void windowsAndSlicesAreGroupsOfTheLoop() {
    Dataset<Row> data = SPARK.read().parquet(parquet);
    List<ProfileTarget> targets = targets(4);
    List<Grouping.Slice> slices = List.of(
        new Grouping.Slice("s", Features.column("s").cast("string"), List.of("a", "日本", "😀"), false, "s"),
        new Grouping.Slice("b", Features.column("b").cast("string"), null, true, "b"),
        new Grouping.Slice("code", Features.column("code").cast("string"), List.of("1", "2"), true, "code"));
    for (Grouping grouping : List.of(
        new Grouping("day", DataTypes.DateType, Granularity.parse("1 week"), slices),
        new Grouping("ts", DataTypes.TimestampType, Granularity.parse("1 month"), List.of()),
        new Grouping("ts", DataTypes.TimestampType, Granularity.parse("6 hours"), slices.subList(0, 1)),
        new Grouping("ntz", DataTypes.TimestampNTZType, Granularity.parse("1 day"), List.of()),
        new Grouping(null, null, null, slices))) {
      Map<GroupKey, DatasetProfile> udaf = Profiling.profile(Engine.UDAF, data, targets, grouping, label(), List.of("d", "l"));
      Map<GroupKey, DatasetProfile> columnar = columnar(data, targets, grouping, label(), List.of("d", "l"));
      assertThat(udaf).hasSizeGreaterThanOrEqualTo(3);
      assertSame(columnar, udaf, targets);
    }
  }

  @Test
  void partitionedParquetDeltaAndCachedTablesAreReadAsBatches() {
    String partitioned = dir.resolve("partitioned").toString();
    String delta = dir.resolve("delta").toString();
    SPARK.read().parquet(parquet).write().partitionBy("part").parquet(partitioned);
    SPARK.read().parquet(parquet).write().format("delta").save(delta);
    List<ProfileTarget> all = targets(5);
    List<ProfileTarget> targets = all.stream().filter(t -> List.of("d", "i", "l", "b").contains(t.bins().column()))
        .toList();
    // a cached table gives batches of primitive columns only (Spark's DefaultCachedBatchSerializer)
    Dataset<Row> cached = SPARK.read().parquet(parquet).select("d", "i", "l", "b").cache();
    try {
      for (Dataset<Row> data : List.of(
          SPARK.read().parquet(partitioned).where("part = 'p1'"),
          SPARK.read().format("delta").load(delta),
          cached)) {
        Map<GroupKey, DatasetProfile> udaf = Profiling.profile(Engine.UDAF, data, targets, Grouping.none(), null, List.of());
        assertSame(columnar(data, targets, Grouping.none(), null, List.of()), udaf, targets);
      }
    } finally {
      cached.unpersist();
    }
  }

  @Test
  void stringsAreCountedAlikeWhetherDictionaryEncodedOrPlain() {
    // a 512-byte dictionary page overflows after a few values: the writer falls back to plain pages
    // mid-chunk, so batches hold dictionary ids in some row groups and decoded strings in others
    String mixed = dir.resolve("mixed-encoding").toString();
    SPARK.read().parquet(parquet).write().option("parquet.dictionary.page.size", "512")
        .option("parquet.block.size", "16384").parquet(mixed);
    Dataset<Row> data = SPARK.read().parquet(mixed);
    List<ProfileTarget> targets = targets(6);
    assertSame(columnar(data, targets, Grouping.none(), label(), List.of()),
        Profiling.profile(Engine.UDAF, data, targets, Grouping.none(), label(), List.of()), targets);
  }

  @Test
  void aTableWiderThanSparksVectorizedLimitIsStillReadAsBatches() {
    String wide = dir.resolve("wide").toString();
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    List<ProfileTarget> targets = new ArrayList<>();
    for (int c = 0; c < 150; c++) {
      columns.add(org.apache.spark.sql.functions.randn(c).multiply(c + 1).as("w" + c));
      targets.add(new ProfileTarget(FeatureBins.numeric("w" + c, BinEdges.fromCutPoints(-c, 0, c)), DataTypes.DoubleType));
    }
    SPARK.range(0, 500, 1, 2).select(columns.toArray(org.apache.spark.sql.Column[]::new)).write().parquet(wide);
    Dataset<Row> data = SPARK.read().parquet(wide);
    assertSame(columnar(data, targets, Grouping.none(), null, List.of()),
        Profiling.profile(Engine.UDAF, data, targets, Grouping.none(), null, List.of()), targets);
    // the session's setting is as it was
    assertThat(SPARK.conf().get("spark.sql.codegen.maxFields")).isEqualTo("100");
  }

  @Test
  void otherShapesFallBackToTheUdafEngineWithAReason() {
    String csv = dir.resolve("csv").toString();
    SPARK.read().parquet(parquet).select("d", "s").write().option("header", "true").csv(csv);
    List<ProfileTarget> targets = List.of(
        new ProfileTarget(FeatureBins.numeric("d", BinEdges.fromCutPoints(0, 1)), DataTypes.DoubleType),
        new ProfileTarget(FeatureBins.categorical("s", CategoryBins.of(List.of("a"))), DataTypes.StringType));
    Dataset<Row> data = SPARK.read().parquet(parquet);
    assertThat(reason(SPARK.read().option("header", "true").schema("d double, s string").csv(csv), targets, Grouping.none()))
        .contains("reads rows, not column batches");
    assertThat(reason(data.where("d > 0"), targets, Grouping.none())).contains("Filter").contains("a filter the scan cannot apply");
    assertThat(reason(data.withColumn("d", data.col("d").plus(1)), targets, Grouping.none())).contains("computes a column");
    assertThat(reason(frame(1, 10), targets, Grouping.none())).contains("LocalTableScan");
    Grouping bySliceExpr = new Grouping(null, null, null,
        List.of(new Grouping.Slice("d > 1", org.apache.spark.sql.functions.expr("d > 1").cast("string"), null, true, null)));
    assertThat(reason(data, targets, bySliceExpr)).contains("--slice-expr 'd > 1'");
    List<ProfileTarget> floatCategory = List.of(
        new ProfileTarget(FeatureBins.categorical("d", CategoryBins.of(List.of("1.0"))), DataTypes.DoubleType));
    assertThat(reason(data, floatCategory, Grouping.none())).contains("categorical feature d has type double");
    List<ProfileTarget> ntz = List.of(
        new ProfileTarget(FeatureBins.numeric("ntz", BinEdges.fromCutPoints(0, 1)), DataTypes.TimestampNTZType));
    SPARK.conf().set("spark.sql.session.timeZone", "America/New_York");
    try {
      assertThat(reason(data, ntz, Grouping.none())).contains("ntz has type timestamp_ntz and the session time zone is not UTC");
    } finally {
      SPARK.conf().set("spark.sql.session.timeZone", "UTC");
    }
    // and the engine still gives the udaf engine's answer there
    Map<GroupKey, DatasetProfile> viaColumnar = Profiling.profile(Engine.COLUMNAR, data.where("d > 0"), targets,
        Grouping.none(), null, List.of());
    Map<GroupKey, DatasetProfile> udaf = Profiling.profile(Engine.UDAF, data.where("d > 0"), targets, Grouping.none(), null,
        List.of());
    assertSame(viaColumnar, udaf, targets);
  }

  private static String reason(Dataset<Row> data, List<ProfileTarget> targets, Grouping grouping) {
    HistogramEngine.Outcome result = new ColumnarEngine().profile(new ProfileRequest(data, targets, grouping, null, List.of()));
    assertThat(result).isInstanceOf(HistogramEngine.NotApplicable.class);
    return ((HistogramEngine.NotApplicable) result).reason();
  }

  @Test
  void aWholeRunGivesTheUdafEnginesDriftRows(@TempDir Path runDir) {
    String ref = runDir.resolve("ref").toString();
    String cur = runDir.resolve("cur").toString();
    frame(11, 3000).write().parquet(ref);
    frame(12, 2500).write().parquet(cur);
    DriftConfig.Builder config = DriftConfig.builder().reference(ref).current(cur).output(runDir.resolve("drift").toString())
        .labelCol("label").windowColumn("day").granularity(Granularity.parse("1 week")).sliceBy(List.of("b"));
    List<DriftRecord> udaf = Driftlake.run(SPARK, config.engine(Engine.UDAF).runId("udaf").build()).records();
    List<DriftRecord> columnar = Driftlake.run(SPARK, config.engine(Engine.COLUMNAR).runId("columnar").build()).records();
    assertThat(columnar).hasSameSizeAs(udaf).hasSizeGreaterThan(20);
    for (int i = 0; i < udaf.size(); i++) {
      DriftRecord a = udaf.get(i);
      DriftRecord b = columnar.get(i);
      assertThat(List.of(b.columnName(), String.valueOf(b.windowStart()), String.valueOf(b.sliceValue())))
          .isEqualTo(List.of(a.columnName(), String.valueOf(a.windowStart()), String.valueOf(a.sliceValue())));
      assertThat(b.refBinCounts()).isEqualTo(a.refBinCounts());
      assertThat(b.curBinCounts()).isEqualTo(a.curBinCounts());
      assertThat(String.valueOf(b.jsDivergence())).isEqualTo(String.valueOf(a.jsDivergence()));
      assertThat(String.valueOf(b.drifted())).isEqualTo(String.valueOf(a.drifted()));
      assertThat(b.status()).isEqualTo(a.status());
    }
  }
}
