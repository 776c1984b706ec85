package io.driftlake.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftlake.DriftRun;
import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.profile.NewValues;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, items 2 and 3: identifiers are left out of the default features, with a notice, and the new
 * values of a categorical feature are named ({@code top_new_values}).
 */
class NewValuesSparkTest {
  static final Path PENGUINS = Path.of("src/test/resources/vega/penguins.json").toAbsolutePath();
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  private static Map<String, DriftRecord> features(DriftRun run) {
    return run.records().stream().filter(r -> !r.columnName().equals(DriftRecord.TABLE_ROW))
        .collect(Collectors.toMap(DriftRecord::columnName, Function.identity()));
  }

  @Test
  void theSpeciesOnlyDreamIslandHasIsNamedWithItsShare() {
    // vega-datasets' penguins.json (src/test/resources/vega/SOURCE.md), Biscoe island against Dream island.
    // In Python from the file: Biscoe has Gentoo 124, Adelie 44; Dream has Chinstrap 68, Adelie 56, so
    // Chinstrap is new: 68/124 = 0.5483870967741935. Sex: no value of Dream is missing on Biscoe.
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(PENGUINS.toString()).current(PENGUINS.toString())
        .referenceFilter("Island = 'Biscoe'").currentFilter("Island = 'Dream'")
        .output(dir.resolve("penguins").toString()).runId("penguins").build());
    Map<String, DriftRecord> rows = features(run);
    DriftRecord species = rows.get("Species");
    List<NewValues.Value> named = species.topNewValues();
    assertThat(named).hasSize(1);
    assertThat(named.get(0).value()).isEqualTo("Chinstrap");
    assertThat(named.get(0).currentShare()).isCloseTo(0.5483870967741935, within(1e-15));
    assertThat(species.newValueShare()).isCloseTo(0.5483870967741935, within(1e-15)); // all of __other__
    assertThat(rows.get("Sex").topNewValues()).isEmpty(); // measured, categorical, nothing new
    assertThat(rows.get("Body Mass (g)").topNewValues()).isNull(); // numeric
    assertThat(species.drifted()).isTrue();
    // Gentoo's disappearance (73.8% -> 0%) leads top_bins, not __other__: the summary names no new value
    assertThat(species.topBins().get(0).label()).isEqualTo("Gentoo");
    assertThat(run.summary()).containsPattern("Species +js_distance .*Gentoo: 73\\.8% → 0\\.0%\n").doesNotContain("(new:");
  }

  @Test
  void anIdentifierIsLeftOutUnlessNamedAndTheRunSaysWhy() {
    // 240 rows a side: 'id' all distinct (100%), 'code' 228 distinct of 240 (95.0%, the bar), 'tag' 227
    // distinct (94.5%, measured), 'few' 60 rows with values, all distinct (below 100 values: measured)
    StructType schema = new StructType().add("id", DataTypes.StringType).add("code", DataTypes.StringType)
        .add("tag", DataTypes.StringType).add("few", DataTypes.StringType).add("x", DataTypes.DoubleType);
    List<Row> reference = new ArrayList<>();
    List<Row> current = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      reference.add(RowFactory.create("r" + i, "c" + Math.min(i, 227), "t" + Math.min(i, 226), i < 60 ? "f" + i : null,
          (double) (i % 17)));
      current.add(RowFactory.create("q" + i, "c" + Math.min(i, 227), "t" + Math.min(i, 226), i < 60 ? "f" + i : null,
          (double) (i % 17)));
    }
    String ref = dir.resolve("ids-ref").toString();
    String cur = dir.resolve("ids-cur").toString();
    spark.createDataFrame(reference, schema).write().parquet(ref);
    spark.createDataFrame(current, schema).write().parquet(cur);

    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(ref).current(cur)
        .output(dir.resolve("ids").toString()).runId("ids").build());
    assertThat(features(run).keySet()).containsExactlyInAnyOrder("tag", "few", "x");
    assertThat(run.notices()).contains("left out, looks like an identifier: id (100% distinct of 240 values), "
        + "code (95.0% distinct of 240 values); name them in --features to measure them");
    assertThat(run.summary()).contains("left out, looks like an identifier: id (100% distinct");

    DriftRun named = Driftlake.run(spark, DriftConfig.builder().reference(ref).current(cur)
        .features(List.of("id", "x")).output(dir.resolve("ids-named").toString()).runId("ids-named").build());
    assertThat(features(named).keySet()).containsExactlyInAnyOrder("id", "x");
    assertThat(named.notices()).noneMatch(n -> n.contains("identifier"));
    // every current id is new, and the run names the first ones (ties by value) with their shares
    DriftRecord id = features(named).get("id");
    assertThat(id.topNewValues()).extracting(NewValues.Value::value).containsExactly("q0", "q1", "q10");
    assertThat(id.topNewValues()).allSatisfy(v -> assertThat(v.currentShare()).isEqualTo(1.0 / 240));
    // __other__ leads its top_bins (the reference's 140 ids past the top 100, 58.3%, -> 100%): the summary
    // names the first two new values (1/240 = 0.42%), which new_value_share cannot (the reference had
    // more than --max-categories values, so __other__ mixes old and new ones)
    assertThat(id.newValueShare()).isNull();
    assertThat(named.summary()).containsPattern("id +js_distance .*__other__: 58\\.3% → 100\\.0% \\(new: q0 0\\.4%, q1 0\\.4%\\)\n");
  }

  @Test
  void anIdentifierPastTheExactCountsIsLeftOutToo() {
    // 12 000 distinct values: the reference's CategoryCounts becomes a sketch; the distinct count comes
    // from Spark's exact grouped count of the column (the recount of overflowed columns)
    StructType schema = new StructType().add("user", DataTypes.StringType).add("x", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 12_000; i++) {
      rows.add(RowFactory.create("u" + (i % 11_900), (double) (i % 13)));
    }
    String data = dir.resolve("users").toString();
    spark.createDataFrame(rows, schema).write().parquet(data);
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(data).current(data)
        .output(dir.resolve("users-drift").toString()).runId("users").build());
    assertThat(features(run).keySet()).containsExactly("x");
    assertThat(run.notices()).contains("left out, looks like an identifier: user (99.1% distinct of 12000 values); "
        + "name them in --features to measure them"); // 11 900 / 12 000 = 0.99166...
  }
}
