package io.driftlake.spark.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.kernel.KernelDriftTable;
import io.driftlake.testing.DriftTables;
import io.driftlake.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift table's write ({@link DriftTable#write}): a new id is one Delta Kernel commit whose file
 * Spark and our Kernel readers read back exactly, with the partition values and {@code run_id}
 * statistics the next write's log check ({@link KeyedRows}) relies on; a rerun is Spark's
 * {@code replaceWhere}; an older table gains the new columns through Spark's write.
 */
class DriftTableSparkTest {
  static SparkSession spark;
  /** Every kind of row and value shape (windows, slices, arrays, array of structs), from the real job. */
  static List<DriftRecord> template;
  @TempDir static Path dir;

  @BeforeAll
  static void records() {
    spark = SharedSpark.session();
    template = DriftTable.records(DriftTable.read(spark, DriftTables.windowedAndSliced(spark), null).collectAsList());
  }

  private static List<DriftRecord> withId(String id) {
    return template.stream().map(r -> DriftRecord.of(r.row().toBuilder().set(DriftColumns.RUN_ID, id).build())).toList();
  }

  private static List<DriftRecord> readBySpark(String table, String id) {
    return DriftTable.records(DriftTable.read(spark, table, id).collectAsList());
  }

  private static List<Row> history(String table) {
    return spark.sql("describe history delta.`" + table + "`").orderBy("version").collectAsList();
  }

  @Test
  void aNewIdIsOneKernelCommitThatSparkAndKernelReadBackExactly() throws IOException {
    String table = dir.resolve("new").toString();
    List<DriftRecord> records = withId("first");
    DriftTable.write(spark, table, "first", records);

    List<Row> history = history(table);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).<String>getAs("engineInfo")).contains("Kernel").contains(KernelAppend.ENGINE_INFO);
    assertThat(readBySpark(table, null)).containsExactlyInAnyOrderElementsOf(records);
    assertThat(KernelDriftTable.read(table, null)).containsExactlyInAnyOrderElementsOf(records);
    // the same rows written by Spark's write read back the same
    String bySpark = dir.resolve("by-spark").toString();
    DriftTable.replaceOrCreate(spark, bySpark, DriftTable.toDataFrame(spark, records).coalesce(1), "run_id", "first",
        DriftTable.PARTITION_COLUMN);
    assertThat(readBySpark(bySpark, null)).containsExactlyInAnyOrderElementsOf(readBySpark(table, null));
    assertThat(spark.read().format("delta").load(table).schema())
        .isEqualTo(spark.read().format("delta").load(bySpark).schema());

    // partitioned by run_date, with run_id statistics in the log
    String runDate = records.get(0).row().get(DriftColumns.RUN_DATE).toString();
    assertThat(spark.read().format("delta").load(table).inputFiles())
        .singleElement().asString().contains("/run_date=" + runDate + "/");
    String commit = Files.readString(Path.of(table, "_delta_log", "00000000000000000000.json"));
    // (the statistics are a JSON string inside the add action, so their quotes are escaped)
    assertThat(commit).contains("\"partitionValues\":{\"run_date\":\"" + runDate + "\"}")
        .contains("\\\"minValues\\\":{\\\"run_id\\\":\\\"first\\\"")
        .contains("\"appId\":\"driftlake:run_id=first\"");
    assertThat(KeyedRows.of(spark, table, "run_id", "first")).isEqualTo(new KeyedRows.State(true, true, 0));
    assertThat(KeyedRows.of(spark, table, "run_id", "second")).isEqualTo(new KeyedRows.State(true, false, -1));
  }

  @Test
  void aRerunReplacesItsRowsAndLeavesOtherRunsFilesUntouched() {
    String table = dir.resolve("rerun").toString();
    DriftTable.write(spark, table, "a", withId("a"));
    DriftTable.write(spark, table, "b", withId("b"));
    List<String> filesOfB = Arrays.asList(spark.read().format("delta").load(table).where(col("run_id").equalTo("b")).inputFiles());
    DriftTable.write(spark, table, "a", withId("a"));

    assertThat(readBySpark(table, "a")).containsExactlyInAnyOrderElementsOf(withId("a"));
    assertThat(readBySpark(table, "b")).containsExactlyInAnyOrderElementsOf(withId("b"));
    assertThat(spark.read().format("delta").load(table).where(col("run_id").equalTo("b")).inputFiles())
        .containsExactlyElementsOf(filesOfB);
    assertThat(history(table)).extracting(r -> r.<String>getAs("operation")).containsExactly("WRITE", "WRITE", "WRITE");
    assertThat(history(table).get(2).<String>getAs("engineInfo")).doesNotContain("Kernel"); // the replaceWhere is Spark's
    assertThat(KeyedRows.of(spark, table, "run_id", "a").txnVersion()).isEqualTo(1);
  }

  @Test
  void anOlderTableGainsTheNewColumnsThroughSparksWrite() {
    // as an earlier release wrote it: no noise floor, q-value or alpha, top_bins without js_contribution,
    // none of the domain classifier's columns (issue 27)
    List<String> dropped = List.of(DriftColumns.JS_NOISE_FLOOR.name(), DriftColumns.Q_VALUE.name(), DriftColumns.ALPHA.name(),
        DriftColumns.CLASSIFIER_AUC.name(), DriftColumns.CLASSIFIER_PVALUE.name(), DriftColumns.CLASSIFIER_TOP_FEATURES.name());
    Dataset<Row> old = DriftTable.toDataFrame(spark, withId("old")).drop(dropped.toArray(String[]::new))
        .withColumn(DriftColumns.TOP_BINS.name(),
            expr("transform(top_bins, b -> named_struct('bin', b.bin, 'ref_share', b.ref_share, 'cur_share', b.cur_share))"));
    String table = dir.resolve("older").toString();
    old.write().format("delta").partitionBy(DriftTable.PARTITION_COLUMN).save(table);

    DriftTable.write(spark, table, "new", withId("new"));

    assertThat(spark.read().format("delta").load(table).columns()).contains(dropped.toArray(String[]::new));
    assertThat(readBySpark(table, "new")).containsExactlyInAnyOrderElementsOf(withId("new"));
    assertThat(readBySpark(table, "old")).isNotEmpty().allSatisfy(r -> assertThat(r.qValue()).isNull());
    assertThat(KernelDriftTable.read(table, "new")).containsExactlyInAnyOrderElementsOf(withId("new"));
    // from now on the table has this version's columns, so the next new id is Kernel's again
    DriftTable.write(spark, table, "newer", withId("newer"));
    assertThat(history(table).get(2).<String>getAs("engineInfo")).contains("Kernel");
    assertThat(readBySpark(table, "newer")).containsExactlyInAnyOrderElementsOf(withId("newer"));
  }
}
