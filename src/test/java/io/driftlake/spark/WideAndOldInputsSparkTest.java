package io.driftlake.spark;

import io.driftlake.DriftRun;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that already end cleanly and must keep doing so (issue: "every real-world input is read or
 * refused"): decimals, dates and timestamps before 1970, and a table of 1,500 columns.
 */
class WideAndOldInputsSparkTest {
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    spark = SharedSpark.session();
  }

  private static List<DriftRecord> features(DriftRun run) {
    return run.records().stream()
        .filter(r -> !r.columnName().equals(DriftRecord.TABLE_ROW) && r.windowStart() == null && r.sliceKey() == null)
        .toList();
  }

  @Test
  void decimalsAndDatesBefore1970AreMeasuredAsNumbers() {
    StructType schema = new StructType().add("price", DataTypes.createDecimalType(12, 2))
        .add("born", DataTypes.DateType).add("seen", DataTypes.TimestampType);
    Random random = new Random(7);
    List<Row> ref = new ArrayList<>();
    List<Row> cur = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      for (List<Row> side : List.of(ref, cur)) {
        int shift = side == cur ? 3650 : 0; // the current dates are ten years later
        LocalDate born = LocalDate.of(1931, 1, 1).plusDays(random.nextInt(9000) + shift);
        side.add(RowFactory.create(BigDecimal.valueOf(random.nextInt(1_000_000), 2), Date.valueOf(born),
            Timestamp.valueOf(born.atTime(12, 30))));
      }
    }
    String refPath = dir.resolve("old-ref").toString();
    String curPath = dir.resolve("old-cur").toString();
    spark.createDataFrame(ref, schema).write().parquet(refPath);
    spark.createDataFrame(cur, schema).write().parquet(curPath);

    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(refPath).current(curPath)
        .output(dir.resolve("old-drift").toString()).build());

    List<DriftRecord> rows = features(run);
    assertThat(rows).extracting(DriftRecord::columnName).containsExactly("price", "born", "seen");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.status()).as(r.columnName()).isEqualTo("OK");
      assertThat(r.kind()).isEqualTo("numeric");
      assertThat(r.refCount()).isEqualTo(400L);
    });
    DriftRecord born = rows.get(1);
    assertThat(born.dataType()).isEqualTo("date");
    assertThat(born.binEdges()[1]).as("days since 1970: negative before it").isLessThan(-10_000);
    assertThat(born.drifted()).as("ten years later").isTrue();
    assertThat(rows.get(0).dataType()).isEqualTo("decimal(12,2)");
    assertThat(rows.get(0).drifted()).as("the same distribution").isFalse();
  }

  @Test
  void aTableOf1500ColumnsEndsCleanly() {
    int columns = 1500;
    StructType schema = new StructType();
    for (int j = 0; j < columns; j++) {
      schema = schema.add("c" + j, DataTypes.DoubleType);
    }
    Random random = new Random(11);
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Object[] values = new Object[columns];
      for (int j = 0; j < columns; j++) {
        values[j] = random.nextGaussian();
      }
      data.add(RowFactory.create(values));
    }
    String path = dir.resolve("wide").toString();
    spark.createDataFrame(data, schema).write().parquet(path);

    long start = System.nanoTime();
    DriftRun run = Driftlake.run(spark, DriftConfig.builder().reference(path).current(path)
        .output(dir.resolve("wide-drift").toString()).build());
    System.out.printf("driftlake 1500 columns x 200 rows, both sides: %.1f s%n", (System.nanoTime() - start) / 1e9);

    List<DriftRecord> rows = features(run);
    assertThat(rows).hasSize(columns).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo("OK");
      assertThat(r.jsDivergence()).as("the same data").isZero();
      assertThat(r.drifted()).isFalse();
    });
  }
}
