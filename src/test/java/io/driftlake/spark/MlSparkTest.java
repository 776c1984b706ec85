package io.driftlake.spark;

import io.driftlake.DriftRun;
import io.driftlake.spark.table.DriftTable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.Driftlake;
import io.driftlake.core.DriftException;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Engine;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.JobCounter;
import io.driftlake.testing.Recount;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLlib vector columns, model outputs and mutual information with a label, on real Parquet files. */
class MlSparkTest {
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  static final StructType ABC = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
      .add("c", DataTypes.DoubleType);

  /** a normal, b lognormal, c mostly 0 (so VectorAssembler writes many sparse vectors), some nulls in b. */
  static Dataset<Row> abc(int rows, long seed, double shift) {
    Random random = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      out.add(RowFactory.create(random.nextGaussian() + shift, Math.exp(random.nextGaussian() * 0.5),
          random.nextInt(5) == 0 ? (double) random.nextInt(4) : 0.0));
    }
    return spark.createDataFrame(out, ABC);
  }

  static Dataset<Row> assembled(Dataset<Row> data) {
    return new VectorAssembler().setInputCols(new String[] {"a", "b", "c"}).setOutputCol("features")
        .transform(data).select("features");
  }

  private static Map<String, DriftRecord> byColumn(List<DriftRecord> records) {
    Map<String, DriftRecord> map = new LinkedHashMap<>();
    records.forEach(r -> map.put(r.columnName(), r));
    return map;
  }

  @Test
  void aVectorAssemblerColumnGivesTheSameRowsAsItsInputColumnsInOneScan() {
    Dataset<Row> reference = abc(3000, 1, 0);
    Dataset<Row> current = abc(2000, 2, 0.3);
    String columns = dir.resolve("columns").toString();
    String vectors = dir.resolve("vectors").toString();
    reference.write().parquet(columns + "/ref");
    current.write().parquet(columns + "/cur");
    assembled(reference).write().parquet(vectors + "/ref");
    assembled(current).write().parquet(vectors + "/cur");

    Map<String, DriftRecord> plain = byColumn(Driftlake.run(spark, DriftConfig.builder().reference(columns + "/ref")
        .current(columns + "/cur").output(dir.resolve("drift").toString()).runId("columns").build()).features());
    JobCounter counter = new JobCounter();
    spark.sparkContext().addSparkListener(counter);
    Map<String, DriftRecord> expanded;
    try {
      expanded = byColumn(Driftlake.run(spark, DriftConfig.builder().reference(vectors + "/ref")
          .current(vectors + "/cur").output(dir.resolve("drift").toString()).runId("vectors").build()).features());
      counter.settle(spark);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    assertThat(counter.scans().get(DriftJob.jobGroup("vectors", DriftJob.PHASE_PROFILE_CURRENT))).isEqualTo(1);
    // VectorAssembler's metadata names the elements after its input columns
    assertThat(expanded.keySet()).containsExactly("a", "b", "c");
    for (String column : List.of("a", "b", "c")) {
      DriftRecord p = plain.get(column);
      DriftRecord v = expanded.get(column);
      assertThat(v.binEdges()).isEqualTo(p.binEdges());
      assertThat(v.refBinCounts()).isEqualTo(p.refBinCounts());
      assertThat(v.curBinCounts()).isEqualTo(p.curBinCounts());
      assertThat(v.jsDivergence()).isEqualTo(p.jsDivergence());
      assertThat(v.klRefCur()).isEqualTo(p.klRefCur());
      assertThat(v.psi()).isEqualTo(p.psi());
      assertThat(v.gaussianKl()).isCloseTo(p.gaussianKl(), within(1e-12));
      assertThat(v.drifted()).isEqualTo(p.drifted());
    }

    // without metadata the elements are features[0], features[1], ...; sparse vectors (c = 0) count like dense
    String bare = dir.resolve("bare").toString();
    List<Row> sparse = new ArrayList<>();
    for (Row r : reference.collectAsList()) {
      sparse.add(RowFactory.create(r.getDouble(2) == 0.0
          ? Vectors.sparse(3, new int[] {0, 1}, new double[] {r.getDouble(0), r.getDouble(1)})
          : Vectors.dense(r.getDouble(0), r.getDouble(1), r.getDouble(2))));
    }
    assertThat(sparse).anyMatch(r -> r.get(0) instanceof org.apache.spark.ml.linalg.SparseVector);
    spark.createDataFrame(sparse, new StructType().add("features", SQLDataTypes.VectorType())).write().parquet(bare);
    Map<String, DriftRecord> unnamed = byColumn(Driftlake.run(spark, DriftConfig.builder().reference(bare).current(bare)
        .output(dir.resolve("drift").toString()).runId("bare").build()).features());
    assertThat(unnamed.keySet()).containsExactly("features[0]", "features[1]", "features[2]");
    for (int i = 0; i < 3; i++) {
      assertThat(unnamed.get("features[" + i + "]").refBinCounts()).isEqualTo(plain.get("abc".substring(i, i + 1)).refBinCounts());
    }

    assertThatThrownBy(() -> Driftlake.run(spark, DriftConfig.builder().reference(vectors + "/ref")
        .current(vectors + "/cur").output(dir.resolve("drift").toString()).vectorMaxDims(2).build()))
        .isInstanceOf(DriftException.class)
        .hasMessage("vector column features in the reference has 3 elements, more than --vector-max-dims 2. "
            + "Raise --vector-max-dims, or select fewer elements upstream");
  }

  /** x1 predicts the label in the reference (90% agreement); in the current data the label is a coin flip. */
  static Dataset<Row> labelled(int rows, long seed, boolean dependent) {
    Random random = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double x1 = random.nextGaussian();
      double x2 = random.nextGaussian();
      boolean positive = dependent ? (x1 > 0) != (random.nextDouble() < 0.1) : random.nextBoolean();
      out.add(RowFactory.create(x1, x2, positive ? "yes" : "no"));
    }
    return spark.createDataFrame(out, new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
        .add("y", DataTypes.StringType));
  }

  @Test
  void mutualInformationFallsWhenTheLabelStopsDependingOnAFeatureWhileItsDistributionStays() {
    Dataset<Row> reference = labelled(20000, 5, true);
    Dataset<Row> current = labelled(20000, 6, false);
    String ref = dir.resolve("labelled-ref").toString();
    String cur = dir.resolve("labelled-cur").toString();
    reference.write().parquet(ref);
    current.write().parquet(cur);
    DriftConfig.Builder config = DriftConfig.builder().reference(ref).current(cur).output(dir.resolve("mi").toString())
        .labelCol("y").bins(10);
    Map<String, DriftRecord> udaf = byColumn(Driftlake.run(spark, config.engine(Engine.UDAF).runId("mi-udaf").build()).features());
    Map<String, DriftRecord> builtin = byColumn(Driftlake.run(spark, config.engine(Engine.BUILTIN).runId("mi-builtin").build()).features());

    DriftRecord x1 = udaf.get("x1");
    System.out.printf("driftlake mutual information (nats): x1 ref %.6f cur %.6f js %.6f bits; x2 ref %.6f cur %.6f%n",
        x1.refMutualInfo(), x1.curMutualInfo(), x1.jsDivergence(), udaf.get("x2").refMutualInfo(),
        udaf.get("x2").curMutualInfo());
    assertThat(x1.refMutualInfo()).isGreaterThan(0.25); // ln 2 − H(0.1) = 0.368 nats at infinitely fine bins
    assertThat(x1.curMutualInfo()).isLessThan(0.005);
    assertThat(x1.jsDivergence()).isLessThan(0.005); // its own distribution did not move
    assertThat(udaf.get("x2").refMutualInfo()).isLessThan(0.005);
    assertThat(udaf.get("y").kind()).isEqualTo("categorical");
    for (String column : List.of("x1", "x2", "y")) {
      assertThat(builtin.get(column).refMutualInfo()).isCloseTo(udaf.get(column).refMutualInfo(), within(1e-12));
      assertThat(builtin.get(column).curMutualInfo()).isCloseTo(udaf.get(column).curMutualInfo(), within(1e-12));
    }

    // independent recount: bin x1 with the stored edges, count (bin, label) pairs, apply the formula
    double[] edges = x1.binEdges();
    for (boolean refSide : List.of(true, false)) {
      long[][] table = new long[edges.length - 1][2];
      for (Row row : (refSide ? reference : current).collectAsList()) {
        table[Recount.numericBin(edges, row.getDouble(0))][row.getString(2).equals("yes") ? 0 : 1]++;
      }
      double n = 0;
      double[] rowSums = new double[table.length];
      double[] colSums = new double[2];
      for (int i = 0; i < table.length; i++) {
        for (int j = 0; j < 2; j++) {
          n += table[i][j];
          rowSums[i] += table[i][j];
          colSums[j] += table[i][j];
        }
      }
      double mi = 0;
      for (int i = 0; i < table.length; i++) {
        for (int j = 0; j < 2; j++) {
          if (table[i][j] > 0) {
            mi += table[i][j] / n * Math.log(table[i][j] * n / (rowSums[i] * colSums[j]));
          }
        }
      }
      assertThat(refSide ? x1.refMutualInfo() : x1.curMutualInfo()).isCloseTo(mi, within(1e-9));
    }
  }

  static double[] softmax(double... logits) {
    double[] e = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      e[i] = Math.exp(logits[i]);
      sum += e[i];
    }
    for (int i = 0; i < e.length; i++) {
      e[i] /= sum;
    }
    return e;
  }

  @Test
  void theProbabilityRowReproducesTheSeedsBatchmeanExampleAndPredictionsAreCategorical() {
    // SEEDS.md: logits [[0.5, 1.0, 0.8], [0.2, 0.4, 0.6]] -> softmax; target [[0.3, 0.4, 0.3], [0.1, 0.5, 0.4]];
    // KL(target || softmax) batchmean = 0.05780 nats: the mean over the two rows of the per-row KL. With one row
    // per side, the probability row's kl_ref_cur is exactly that row's KL.
    double[][] targets = {{0.3, 0.4, 0.3}, {0.1, 0.5, 0.4}};
    double[][] logits = {{0.5, 1.0, 0.8}, {0.2, 0.4, 0.6}};
    StructType schema = new StructType().add("probability", SQLDataTypes.VectorType())
        .add("prediction", DataTypes.DoubleType);
    double sum = 0;
    for (int i = 0; i < 2; i++) {
      String ref = dir.resolve("prob-ref-" + i).toString();
      String cur = dir.resolve("prob-cur-" + i).toString();
      spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(targets[i]), 1.0)), schema).write().parquet(ref);
      spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(softmax(logits[i])), 1.0)), schema).write().parquet(cur);
      DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(ref).current(cur)
          .output(dir.resolve("prob").toString()).probabilityCol("probability").predictionCol("prediction")
          .runId("prob-" + i).build());
      DriftRecord row = run.records().stream().filter(r -> r.columnName().equals("probability")).findFirst().orElseThrow();
      assertThat(row.kind()).isEqualTo("mean-distribution");
      assertThat(row.categories()).containsExactly("probability[0]", "probability[1]", "probability[2]");
      sum += row.klRefCur();
      assertThat(byColumn(run.features()).get("prediction").kind()).isEqualTo("categorical");
      assertThat(byColumn(run.features()).get("probability[0]").kind()).isEqualTo("numeric");
    }
    assertThat(sum / 2).isCloseTo(0.05780, within(5e-6)); // python: 0.057796191309196665
  }

  @Test
  void aDriftTableWrittenBeforeTheNewColumnsKeepsWorking() {
    // a table as the first release wrote it: the 42 original columns only
    Dataset<Row> reference = abc(500, 8, 0);
    String data = dir.resolve("old-table-data").toString();
    reference.write().parquet(data);
    String fresh = dir.resolve("fresh-table").toString();
    Driftlake.run(spark, DriftConfig.builder().reference(data).current(data).output(fresh).runId("new").build());
    String old = dir.resolve("old-table").toString();
    spark.read().format("delta").load(fresh)
        .drop("drifted_share", "row_count_change", "ref_mutual_info", "cur_mutual_info",
            "js_noise_floor", "q_value", "alpha", "top_bins", "new_value_share", "gaussian_kl_multivariate",
            "gaussian_kl_diagonal", "correlation_shift", "top_pairs", "joint_rows_ref", "joint_rows_cur", "top_new_values")
        .write().format("delta").partitionBy(DriftTable.PARTITION_COLUMN).save(old);
    assertThat(spark.read().format("delta").load(old).columns()).hasSize(42);

    Driftlake.run(spark, DriftConfig.builder().reference(data).current(data).output(old).labelCol("c")
        .categorical(List.of("c")).runId("with-label").build());
    Dataset<Row> table = spark.read().format("delta").load(old);
    assertThat(table.columns()).containsExactly(DriftTable.SCHEMA.fieldNames()); // new columns appended, in order
    assertThat(table.where("run_id = 'new' AND ref_mutual_info IS NOT NULL").count()).isZero();
    assertThat(table.where("run_id = 'with-label' AND column_name = 'a' AND ref_mutual_info IS NOT NULL").count()).isEqualTo(1);
    // a reader that names the original columns reads both runs
    assertThat(table.select("run_id", "column_name", "js_distance", "drifted").where("column_name = 'a'").count()).isEqualTo(2);
  }
}
