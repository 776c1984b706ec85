package io.driftlake.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The least any Spark tool must do to compare two CSV files and record the answer in Delta, as a whole
 * process: start Spark with Delta, read each CSV with a header and inferred types, run one aggregation
 * per side (row count and the mean of one numeric column), and write a few rows to a new Delta table.
 * {@link FixedCostBenchmark} times {@code jobs/drift run} on the same data against it. Test scope.
 *
 * <p>{@code FixedCostBaseline REFERENCE.csv CURRENT.csv NEW_TABLE_PATH [MASTER]}; the session has the
 * settings a local Driftlake run has (UI off, loopback, 2 Delta snapshot partitions), so the ratio
 * measures Driftlake's own work, not a different configuration.
 */
public final class FixedCostBaseline {
  private FixedCostBaseline() {}

  public static void main(String[] args) {
    String master = args.length > 3 ? args[3] : "local[*]";
    SparkSession spark = SparkSession.builder().appName("fixed-cost-baseline").master(master)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", Integer.toString(Math.max(2, 2 * Runtime.getRuntime().availableProcessors())))
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .getOrCreate();
    try {
      Row reference = aggregate(spark, args[0]);
      Row current = aggregate(spark, args[1]);
      StructType schema = new StructType().add("side", DataTypes.StringType).add("rows", DataTypes.LongType)
          .add("mean", DataTypes.DoubleType);
      Dataset<Row> rows = spark.createDataFrame(List.of(
          RowFactory.create("reference", reference.getLong(0), reference.isNullAt(1) ? null : reference.getDouble(1)),
          RowFactory.create("current", current.getLong(0), current.isNullAt(1) ? null : current.getDouble(1))), schema);
      rows.write().format("delta").mode("errorifexists").save(args[2]);
      System.out.println("reference " + reference + ", current " + current + ", written to " + args[2]);
    } finally {
      spark.stop();
    }
  }

  /** One aggregation over one side: its row count and the mean of its first numeric column. */
  private static Row aggregate(SparkSession spark, String path) {
    Dataset<Row> data = spark.read().format("csv").option("header", "true").option("inferSchema", "true")
        .option("mode", "FAILFAST").load(path);
    String numeric = java.util.Arrays.stream(data.schema().fields())
        .filter(f -> f.dataType() instanceof org.apache.spark.sql.types.NumericType)
        .map(f -> f.name()).findFirst().orElse(null);
    return data.agg(count(lit(1)), numeric == null ? lit(null).cast("double") : avg(data.col(numeric))).head();
  }
}
