package io.driftlake.spark;

import io.driftlake.DriftRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftlake.Driftlake;
import io.driftlake.core.DriftException;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows of docs/bad-input.md that the other tests do not already cover. */
class BadInputSparkTest {
  private final SparkSession spark = SharedSpark.session();
  @TempDir Path dir;

  private String parquet(String name, StructType schema, List<Row> rows) {
    String path = dir.resolve(name).toString();
    spark.createDataFrame(rows, schema).write().parquet(path);
    return path;
  }

  private Map<String, DriftRecord> byColumn(DriftRun run) {
    Map<String, DriftRecord> map = new HashMap<>();
    run.features().forEach(r -> map.put(r.columnName(), r));
    return map;
  }

  @Test
  void awkwardColumnNamesAreMeasuredAndKeptVerbatim() {
    List<String> names = List.of("with space", "dotted.name", "ünïcödé 列", "it's \"quoted\"", "<b>html</b>", "back`tick");
    StructType schema = new StructType();
    for (int i = 0; i < names.size(); i++) {
      schema = schema.add(names.get(i), i % 2 == 0 ? "double" : "string");
    }
    List<Row> reference = new ArrayList<>();
    List<Row> current = new ArrayList<>();
    for (int r = 0; r < 200; r++) {
      Object[] a = new Object[names.size()];
      Object[] b = new Object[names.size()];
      for (int i = 0; i < names.size(); i++) {
        a[i] = i % 2 == 0 ? (Object) (double) (r % 10) : "v" + (r % 3);
        b[i] = i % 2 == 0 ? (Object) (double) (r % 10 + 1) : "v" + (r % 4);
      }
      reference.add(RowFactory.create(a));
      current.add(RowFactory.create(b));
    }
    String ref = parquet("names-ref", schema, reference);
    String cur = parquet("names-cur", schema, current);
    for (var engine : io.driftlake.core.config.Engine.values()) {
      if (engine == io.driftlake.core.config.Engine.AUTO) {
        continue;
      }
      DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(ref).current(cur)
          .output(dir.resolve("names-drift").toString()).engine(engine).runId("names-" + engine.label()).build());
      assertThat(run.features()).extracting(DriftRecord::columnName).containsExactlyElementsOf(names);
      assertThat(run.features()).allSatisfy(r -> {
        assertThat(r.status()).isEqualTo("OK");
        assertThat(r.curCount()).isEqualTo(200L);
      });
    }
    List<String> stored = Driftlake.read(spark, dir.resolve("names-drift").toString(), "names-udaf")
        .where("column_name <> ':table'").select("column_name").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(stored).containsExactlyInAnyOrderElementsOf(names);
  }

  @Test
  void duplicateColumnNamesInCsvAreReportedNotGuessed() throws Exception {
    Path csv = dir.resolve("dup.csv");
    Files.writeString(csv, "a,a,b\n1,2,x\n3,4,y\n");
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(csv.toString()).current(csv.toString())
        .output(dir.resolve("dup-drift").toString()).build());
    // Spark's CSV reader renames duplicate headers by position (a0, a1); both are measured, nothing is lost
    assertThat(run.features()).extracting(DriftRecord::columnName).containsExactly("a0", "a1", "b");
    assertThat(run.features()).allSatisfy(r -> assertThat(r.status()).isEqualTo("OK"));
  }

  @Test
  void emptyReferenceWritesNothing() {
    StructType schema = new StructType().add("x", "double");
    String ref = parquet("empty-ref", schema, List.of());
    String cur = parquet("empty-cur", schema, List.of(RowFactory.create(1.0)));
    String out = dir.resolve("empty-drift").toString();
    assertThatThrownBy(() -> Driftlake.run(spark, DriftConfig.builder().reference(ref).current(cur).output(out).build()))
        .isInstanceOf(DriftException.class)
        .hasMessage("reference dataset has no rows: nothing was written. Point --reference at non-empty data");
    assertThat(Files.exists(Path.of(out))).isFalse();
  }

  @Test
  void millionDistinctCategoriesKeepOnlyTheTopK() {
    var values = spark.range(0, 1_000_000, 1, 4).selectExpr("concat('id-', id % 999983) AS s",
        "CASE WHEN id % 10 < 3 THEN 'common' ELSE concat('id-', id) END AS t");
    String ref = dir.resolve("wide-ref").toString();
    values.write().parquet(ref);
    // s is 99.9983% distinct: an identifier, left out unless named (issue 25), so both are named here
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(ref).current(ref).features(List.of("s", "t"))
        .output(dir.resolve("wide-drift").toString()).maxCategories(50).build());
    Map<String, DriftRecord> rows = byColumn(run);
    assertThat(rows.get("t").categories()).hasSize(51).startsWith("common").endsWith("__other__");
    assertThat(rows.get("t").refBinCounts()[0]).isEqualTo(300_000L);
    assertThat(rows.get("t").refBinCounts()[50]).isEqualTo(700_000L - 49);
    assertThat(rows.get("t").jsDivergence()).isZero();
    assertThat(rows.get("s").refBinCounts()).hasSize(51);
    assertThat(rows.get("s").refCount()).isEqualTo(1_000_000L);
  }

  @Test
  void unsupportedTypeNamedExplicitlyFailsThatFeatureOnly() {
    StructType schema = new StructType().add("arr", "array<int>").add("x", "double");
    List<Row> rows = List.of(RowFactory.create(List.of(1, 2).toArray(), 1.0), RowFactory.create(new Object[] {3}, 2.0));
    List<Row> fixed = new ArrayList<>();
    for (Row r : rows) {
      fixed.add(RowFactory.create(scala.jdk.javaapi.CollectionConverters.asScala(
          java.util.Arrays.asList((Object[]) r.get(0))).toSeq(), r.get(1)));
    }
    String ref = parquet("arr-ref", schema, fixed);
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(ref).current(ref)
        .output(dir.resolve("arr-drift").toString()).features(List.of("arr", "x")).build());
    Map<String, DriftRecord> rows2 = byColumn(run);
    assertThat(rows2.get("arr").status()).isEqualTo("FAILED");
    assertThat(rows2.get("arr").message()).startsWith("unsupported type array<int>: measure numeric, boolean, string");
    assertThat(rows2.get("x").status()).isEqualTo("OK");
  }

  @Test
  void badThresholdAndFilterAreUsageErrors() {
    assertThatThrownBy(() -> DriftConfig.builder().set("threshold", "kl_banana=1"))
        .hasMessageStartingWith("invalid value 'kl_banana=1' for --threshold: unknown metric 'kl_banana'");
    StructType schema = new StructType().add("x", "double");
    String ref = parquet("f-ref", schema, List.of(RowFactory.create(1.0)));
    assertThatThrownBy(() -> Driftlake.run(spark, DriftConfig.builder().reference(ref).current(ref)
        .referenceFilter("no_such_column > 1").output(dir.resolve("f-drift").toString()).build()))
        .isInstanceOf(DriftException.class)
        .hasMessageStartingWith("invalid --reference-filter 'no_such_column > 1': ")
        .hasMessageEndingWith("Give a Spark SQL boolean expression over the reference columns");
  }

  @Test
  void unknownFeatureNamesAndConfigKeysAreUsageErrors() throws Exception {
    StructType schema = new StructType().add("x", "double").add("y", "string");
    String ref = parquet("u-ref", schema, List.of(RowFactory.create(1.0, "a")));
    assertThatThrownBy(() -> Driftlake.run(spark, DriftConfig.builder().reference(ref).current(ref)
        .features(List.of("x", "nope")).output(dir.resolve("u-drift").toString()).build()))
        .isInstanceOf(DriftException.class)
        .hasMessage("--features names columns the reference does not have: nope. Available: x, y")
        .extracting(e -> ((DriftException) e).exitCode()).isEqualTo(2);
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "driftlake { colour = blue }");
    assertThatThrownBy(() -> Driftlake.run(spark, "--config", conf.toString(), "--reference", ref, "--current", ref,
        "--output", "x"))
        .isInstanceOf(DriftException.class)
        .hasMessage("unknown setting 'colour'. See 'drift run --help' for the settings (in " + conf + ")");
    Files.writeString(conf, "driftlake { bins = ");
    assertThatThrownBy(() -> Driftlake.run(spark, "--config", conf.toString()))
        .isInstanceOf(DriftException.class)
        .hasMessageStartingWith("cannot parse config file " + conf + ": ")
        .hasMessageEndingWith("Fix the HOCON syntax (see conf/driftlake.conf)");
  }
}
