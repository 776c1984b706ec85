package io.driftlake.spark.bins;

import io.driftlake.spark.FeaturePlan;
import io.driftlake.spark.Slicing;
import io.driftlake.spark.engine.Grouping;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.config.Binning;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.histogram.ReferenceSketch;
import io.driftlake.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The one-scan {@link ReferenceSketch} path against today's three scans of {@link ReferenceBinner}: on a
 * reference small enough that the sample is every row, and small enough that {@code percentile_approx}
 * keeps every value exactly (fewer than 5 000 values: past that, Greenwald–Khanna's insert gives middle
 * values delta = floor(2·n/accuracy) ≥ 1 and a query may answer one rank low), the bins are equal.
 */
class ReferenceSketchSparkTest {
  private static final SparkSession SPARK = SharedSpark.session();

  private static Dataset<Row> reference(long rows) {
    Column x = randn(1).multiply(3).plus(10);
    Column xWithGaps = when(rand(2).lt(0.05), lit(null))
        .when(rand(3).lt(0.02), lit(Double.NaN))
        .when(rand(4).lt(0.01), lit(Double.POSITIVE_INFINITY))
        .otherwise(x);
    return SPARK.range(rows).repartition(3, col("id"))
        .select(
            xWithGaps.as("x"),
            floor(rand(5).multiply(12)).cast("int").as("n"),
            col("id").cast("int").as("id_int"),
            lit(7.0).as("constant"),
            when(rand(6).lt(0.1), lit(null)).otherwise(concat(lit("c"), floor(rand(7).multiply(rand(8)).multiply(9)).cast("string"))).as("cat"),
            when(rand(9).lt(0.2), lit(null)).otherwise(floor(rand(10).multiply(4)).cast("string")).as("seg"),
            floor(rand(11).multiply(3)).cast("int").as("n3"));
  }

  private static DriftConfig config(Binning binning, int bins) {
    return DriftConfig.builder().reference("r").current("c").output("o").binning(binning).bins(bins)
        .categorical(List.of("cat", "n3")).maxCategories(3).sliceBy(List.of("seg")).sliceExpr("n > 5").maxSlices(2).build();
  }

  private static void assertSameFrozen(ReferenceBinner.Frozen actual, ReferenceBinner.Frozen expected) {
    assertThat(actual.bins()).isEqualTo(expected.bins());
    assertThat(actual.slices()).hasSameSizeAs(expected.slices());
    for (int i = 0; i < expected.slices().size(); i++) {
      assertThat(actual.slices().get(i).key()).isEqualTo(expected.slices().get(i).key());
      assertThat(actual.slices().get(i).kept()).containsExactlyElementsOf(expected.slices().get(i).kept());
      assertThat(actual.slices().get(i).keepNull()).isEqualTo(expected.slices().get(i).keepNull());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"quantile:10", "quantile:4", "quantile:1", "equal-width:10"})
  void oneScanSketchFreezesTheSameBinsAsTheThreeScans(String binningAndBins) {
    DriftConfig config = config(Binning.parse(binningAndBins.split(":")[0]), Integer.parseInt(binningAndBins.split(":")[1]));
    Dataset<Row> reference = reference(4_000).cache();
    FeaturePlan plan = FeaturePlan.of(reference.schema(), reference.schema(), config);
    List<Grouping.Slice> slices = Slicing.slices(config, reference, reference);

    ReferenceBinner.Frozen today = ThreeScanBins.freeze(reference, plan.features(), slices, config);
    ReferenceSketch sketch = ReferenceBinner.sketch(reference, plan.features(), slices);
    ReferenceBinner.Frozen sketched = ReferenceBinner.freeze(sketch, reference, plan.features(), slices, config);

    assertThat(sketch.rows()).isEqualTo(4_000);
    assertThat(sketch.sampled()).isEqualTo(4_000);
    assertThat(today.bins()).containsKeys("x", "n", "id_int", "constant", "cat", "n3");
    assertThat(today.bins().get("x").binCount()).isGreaterThan(Math.min(3, config.bins()));
    assertSameFrozen(sketched, today);
    reference.unpersist();
  }

  @Test
  void sketchFedFromCollectedRowsWithOverflowedColumnsRecountedEqualsTheThreeScans() {
    DriftConfig config = config(Binning.QUANTILE, 20);
    Dataset<Row> reference = reference(3_000).cache();
    FeaturePlan plan = FeaturePlan.of(reference.schema(), reference.schema(), config);
    List<Grouping.Slice> slices = Slicing.slices(config, reference, reference);
    ReferenceBinner.SketchLayout layout = ReferenceBinner.SketchLayout.of(plan.features(), slices);
    List<Column> columns = new ArrayList<>(layout.numeric());
    columns.addAll(layout.categorical());
    int numeric = layout.numeric().size();
    int categorical = layout.categorical().size();
    // a cap of 5 distinct values: "cat" (c0..c8) overflows and is recounted by Spark; n3 (3 values),
    // seg (4 and null) and "n > 5" (true, false) do not
    ReferenceSketch sketch = new ReferenceSketch(numeric, layout.countsNull(), 100_000, 5);
    long position = 0;
    for (Row row : reference.select(columns.toArray(Column[]::new)).collectAsList()) {
      double[] values = new double[numeric];
      String[] categories = new String[categorical];
      for (int c = 0; c < numeric; c++) {
        values[c] = row.isNullAt(c) ? Double.NaN : row.getDouble(c);
      }
      for (int c = 0; c < categorical; c++) {
        categories[c] = row.isNullAt(numeric + c) ? null : row.getString(numeric + c);
      }
      sketch.add(values, categories, ReferenceSketch.priority(1, 0, position++));
    }
    assertThat(layout.categoricalFeatures().stream().map(FeaturePlan.Feature::column)).containsExactly("cat", "n3");
    assertThat(sketch.overflowed(0)).isTrue();
    assertThat(sketch.overflowed(1)).isFalse();
    assertThat(sketch.overflowed(2)).isFalse();

    assertSameFrozen(ReferenceBinner.freeze(sketch, reference, plan.features(), slices, config),
        ThreeScanBins.freeze(reference, plan.features(), slices, config));
    reference.unpersist();
  }

  @Test
  void theColumnarPassBuildsTheRowPathsSketchFromTheSameParquetPartitions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String path = dir.resolve("reference.parquet").toString();
    // 150,000 rows: more than the 100,000-row sample, so the same sample means the same priorities
    reference(150_000).write().parquet(path);
    Dataset<Row> reference = SPARK.read().parquet(path);
    DriftConfig config = DriftConfig.builder().reference("r").current("c").output("o").bins(10)
        .categorical(List.of("cat", "n3")).maxCategories(3).sliceBy(List.of("seg")).maxSlices(2).build();
    FeaturePlan plan = FeaturePlan.of(reference.schema(), reference.schema(), config);
    List<Grouping.Slice> slices = Slicing.slices(config, reference, reference);
    ReferenceBinner.SketchLayout layout = ReferenceBinner.SketchLayout.of(plan.features(), slices);
    ColumnarBinner.Result result = ColumnarBinner.sketch(reference, layout, slices, ReferenceBinner.QUANTILE_SAMPLE_SEED,
        ReferenceBinner.SketchLayout.of(plan.features(), slices).sampleRows());
    assertThat(result).as(result.toString()).isInstanceOf(ColumnarBinner.Sketched.class);
    ReferenceSketch columnar = ((ColumnarBinner.Sketched) result).sketch();
    ReferenceSketch rows = ReferenceBinner.sketch(reference, plan.features(), slices);
    assertThat(columnar.rows()).isEqualTo(rows.rows()).isEqualTo(150_000);
    assertThat(columnar.sampled()).isEqualTo(100_000);
    for (int c = 0; c < layout.numeric().size(); c++) {
      assertThat(columnar.sortedSample(c)).as("sample of numeric column " + c).containsExactly(rows.sortedSample(c));
      assertThat(columnar.min(c)).isEqualTo(rows.min(c));
      assertThat(columnar.max(c)).isEqualTo(rows.max(c));
      assertThat(columnar.finiteCount(c)).isEqualTo(rows.finiteCount(c));
    }
    for (int c = 0; c < layout.countsNull().length; c++) {
      assertThat(columnar.counts(c)).isEqualTo(rows.counts(c));
    }
    assertSameFrozen(ReferenceBinner.freezeInOneScan(reference, plan.features(), slices, config),
        ReferenceBinner.freeze(rows, reference, plan.features(), slices, config));
    // min, max and the categories are exact, as the three scans' are
    ReferenceBinner.Frozen threeScans = ThreeScanBins.freeze(reference, plan.features(), slices, config);
    assertThat(((ColumnarBinner.Sketched) result).sketch().topValues(0, 3)).isNotEmpty();
    assertThat(ReferenceBinner.freeze(columnar, reference, plan.features(), slices, config).bins().get("cat"))
        .isEqualTo(threeScans.bins().get("cat"));
    // a --slice-expr cannot be read from batches: the row path sketches instead, with the same result
    DriftConfig byExpression = DriftConfig.builder().reference("r").current("c").output("o").sliceExpr("n > 5").build();
    List<Grouping.Slice> expressionSlices = Slicing.slices(byExpression, reference, reference);
    assertThat(ColumnarBinner.sketch(reference, ReferenceBinner.SketchLayout.of(plan.features(), expressionSlices),
        expressionSlices, 1, 10)).isInstanceOf(ColumnarBinner.NotApplicable.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 99, 1_000, 4_999})
  void quantilesEqualPercentileApproxWhileItIsExact(int rows) {
    double[] probabilities = {0.00005, 0.01, 0.05, 0.1, 0.25, 1.0 / 3, 0.5, 0.75, 0.9, 0.99, 0.9999, 1.0};
    Dataset<Row> data = SPARK.range(rows).repartition(2, col("id"))
        .select(floor(randn(42).multiply(1000)).divide(10).as("v"));
    Column probabilityArray = array(Arrays.stream(probabilities).mapToObj(p -> lit(p)).toArray(Column[]::new));
    List<Double> expected = data.agg(percentile_approx(col("v"), probabilityArray, lit(10_000))).head().getList(0);
    ReferenceSketch sketch = new ReferenceSketch(1, new boolean[0], 100_000);
    long i = 0;
    for (Row row : data.collectAsList()) {
      sketch.add(new double[] {row.getDouble(0)}, new String[0], ReferenceSketch.priority(3, 0, i++));
    }
    assertThat(sketch.quantiles(0, probabilities, ReferenceSketch.QUANTILE_ACCURACY))
        .containsExactly(expected.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
