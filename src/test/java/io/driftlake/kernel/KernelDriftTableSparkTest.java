package io.driftlake.kernel;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftlake.core.config.DriftType;
import io.driftlake.core.DriftException;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.spark.table.DriftTable;
import io.driftlake.testing.DriftTables;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delta Kernel reads the same records from a drift table as Spark does, older tables included. */
class KernelDriftTableSparkTest {
  static SparkSession spark;
  static String table;
  @TempDir static Path dir;

  @BeforeAll
  static void table() {
    spark = SharedSpark.session();
    table = DriftTables.windowedAndSliced(spark);
  }

  private static List<DriftRecord> spark(String path, String runId) {
    return DriftTable.records(DriftTable.read(spark, path, runId).collectAsList());
  }

  @Test
  void readsTheSameRecordsAsSpark() {
    List<DriftRecord> kernel = KernelDriftTable.read(table, null);
    List<DriftRecord> spark = spark(table, null);
    assertThat(kernel).hasSize(spark.size()).containsExactlyInAnyOrderElementsOf(spark);
    // every kind of row and value shape is there: windows, slices, both drift types, arrays, array<struct>
    assertThat(kernel).anySatisfy(r -> assertThat(r.windowStart()).isNotNull());
    assertThat(kernel).anySatisfy(r -> assertThat(r.sliceKey()).isEqualTo("b"));
    assertThat(kernel).extracting(DriftRecord::driftType).contains(DriftType.BASELINE.name(), DriftType.CONSECUTIVE.name());
    assertThat(kernel).anySatisfy(r -> {
      assertThat(r.get(DriftColumns.BIN_EDGES)).isNotEmpty();
      assertThat(r.get(DriftColumns.REF_BIN_COUNTS)).isNotEmpty();
      assertThat(r.get(DriftColumns.TOP_BINS)).isNotEmpty().allSatisfy(bin -> assertThat(bin).hasSize(4));
    });
    assertThat(kernel).anySatisfy(r -> assertThat(r.get(DriftColumns.CATEGORIES)).isNotEmpty());
  }

  @Test
  void readsOneRunOnly() {
    List<DriftRecord> kernel = KernelDriftTable.read(table, DriftTables.WHOLE_RUN);
    assertThat(kernel).isNotEmpty().allSatisfy(r -> assertThat(r.runId()).isEqualTo(DriftTables.WHOLE_RUN))
        .containsExactlyInAnyOrderElementsOf(spark(table, DriftTables.WHOLE_RUN));
    assertThat(KernelDriftTable.read(table, "no-such-run")).isEmpty();
  }

  @Test
  void anOlderTableReadsItsMissingColumnsAndFieldsAsNull() {
    // as an earlier release wrote it: no noise floor, q-value, alpha or new-value share, and top_bins
    // structs without js_contribution
    Dataset<Row> current = spark.read().format("delta").load(table);
    List<String> dropped = List.of(DriftColumns.JS_NOISE_FLOOR.name(), DriftColumns.Q_VALUE.name(),
        DriftColumns.ALPHA.name(), DriftColumns.NEW_VALUE_SHARE.name());
    Dataset<Row> old = current.drop(dropped.toArray(String[]::new)).withColumn(DriftColumns.TOP_BINS.name(),
        expr("transform(top_bins, b -> named_struct('bin', b.bin, 'ref_share', b.ref_share, 'cur_share', b.cur_share))"));
    String oldTable = dir.resolve("old-drift").toString();
    old.write().format("delta").partitionBy(DriftTable.PARTITION_COLUMN).save(oldTable);
    assertThat(spark.read().format("delta").load(oldTable).columns()).doesNotContain(dropped.toArray(String[]::new));

    List<DriftRecord> kernel = KernelDriftTable.read(oldTable, null);
    assertThat(kernel).hasSize((int) current.count()).containsExactlyInAnyOrderElementsOf(spark(oldTable, null));
    assertThat(kernel).allSatisfy(r -> {
      assertThat(r.qValue()).isNull();
      assertThat(r.jsNoiseFloor()).isNull();
      assertThat(r.get(DriftColumns.NEW_VALUE_SHARE)).isNull();
    });
    assertThat(kernel).filteredOn(r -> r.get(DriftColumns.TOP_BINS) != null && !r.get(DriftColumns.TOP_BINS).isEmpty())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.get(DriftColumns.TOP_BINS)).allSatisfy(bin -> {
          assertThat(bin).hasSize(4);
          assertThat(bin.get(3)).isNull();
          assertThat(bin.get(0)).isInstanceOf(String.class);
        }));
    assertThat(current.where(col("run_id").equalTo(DriftTables.WINDOWED_RUN)).count()).isPositive();
  }

  @Test
  void sparkHadoopSystemPropertiesReachKernelsHadoopConf() {
    System.setProperty("spark.hadoop.driftlake.test.key", "from-spark-hadoop");
    try {
      assertThat(KernelDriftTable.hadoopConf().get("driftlake.test.key")).isEqualTo("from-spark-hadoop");
    } finally {
      System.clearProperty("spark.hadoop.driftlake.test.key");
    }
  }

  @Test
  void noTableThereIsAOneLineInputError() {
    String missing = dir.resolve("nothing-here").toString();
    assertThatThrownBy(() -> KernelDriftTable.read(missing, null)).isInstanceOf(DriftException.class)
        .hasMessage("no Delta drift table at " + missing + ". Check --table, or write one with 'drift run --output "
            + missing + "'");
  }
}
