package io.driftlake.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for the test JVM ({@code local[2]}, UI off, loopback, 2 shuffle partitions,
 * Delta configured, warehouse in a temp folder), created on first use and stopped at JVM exit.
 * Test classes share it rather than paying ~5 s of start-up each.
 */
public final class SharedSpark {
  private static SparkSession session;
  private static Path warehouse;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      try {
        warehouse = Files.createTempDirectory("driftlake-warehouse");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      session = SparkSession.builder()
          .master("local[2]")
          .appName("driftlake-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .config("spark.sql.warehouse.dir", warehouse.toString())
          .config("spark.sql.session.timeZone", "UTC")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
    }
    return session;
  }
}
