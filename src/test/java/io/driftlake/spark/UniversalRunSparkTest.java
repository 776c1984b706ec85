package io.driftlake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23's edges in a whole run (bins frozen at comparison time from universal cells): few distinct
 * values get one bin each, and a timestamp over a month resolves the documented unit (cells of 512 s).
 */
class UniversalRunSparkTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void yearsGetFourBinsASevenValuedCodeSevenAndAMonthOfSecondsCellsOf512Seconds(@TempDir Path dir) {
    StructType schema = new StructType().add("year", DataTypes.IntegerType).add("code", DataTypes.IntegerType)
        .add("ts", DataTypes.TimestampType);
    long start = Instant.parse("2026-06-01T00:00:00Z").getEpochSecond();
    Random random = new Random(23);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      rows.add(RowFactory.create(2012 + random.nextInt(4), random.nextInt(7),
          Timestamp.from(Instant.ofEpochSecond(start + random.nextInt(30 * 86_400)))));
    }
    String ref = dir.resolve("ref").toString();
    String cur = dir.resolve("cur").toString();
    spark.createDataFrame(rows, schema).repartition(4).write().parquet(ref);
    spark.createDataFrame(rows.subList(0, 30_000), schema).write().parquet(cur);

    List<DriftRecord> records = Driftlake.run(spark, DriftConfig.builder().reference(ref).current(cur)
        .output(dir.resolve("drift").toString()).bins(20).build()).records();
    Map<String, DriftRecord> byColumn = records.stream().filter(r -> !r.columnName().equals(DriftRecord.TABLE_ROW))
        .collect(Collectors.toMap(DriftRecord::columnName, r -> r));

    assertThat(byColumn.get("year").binEdges()).containsExactly(Double.NEGATIVE_INFINITY, 2012, 2013, 2014, 2015,
        Math.nextUp(2015.0), Double.POSITIVE_INFINITY);
    double[] code = byColumn.get("code").binEdges();
    assertThat(code).hasSize(7 + 3);
    assertThat(Arrays.copyOfRange(code, 1, 8)).containsExactly(0, 1, 2, 3, 4, 5, 6);
    // seconds since the epoch in [2^30, 2^31): a month of per-second values fits 8,192 cells at level 21,
    // cells of 2^(30-21) = 512 s (NumericCells' Javadoc); every edge is a cell boundary
    double[] ts = byColumn.get("ts").binEdges();
    assertThat(ts).hasSize(20 + 3);
    for (int i = 1; i < ts.length - 1; i++) {
      assertThat(ts[i] % 512).as("edge %s", ts[i]).isZero();
    }
    assertThat(ts[1]).isLessThanOrEqualTo(start).isGreaterThan(start - 512);
    // the current data is a subset: its counts are exact, and no value falls outside the reference's range
    DriftRecord t = byColumn.get("ts");
    assertThat(t.curBinCounts()[0]).isZero();
    assertThat(t.curBinCounts()[t.curBinCounts().length - 1]).isZero();
    assertThat(Arrays.stream(t.curBinCounts()).sum()).isEqualTo(30_000);
  }
}
