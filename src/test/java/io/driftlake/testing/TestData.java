package io.driftlake.testing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Seeded reference and current datasets with int, double, string, boolean and timestamp columns,
 * nulls, NaN, ±Infinity, values outside the reference range, unseen categories, an all-null column
 * and a column only the reference has. The rows stay in memory as the source of truth for recounts.
 */
public final class TestData {
  public static final StructType REFERENCE_SCHEMA = new StructType()
      .add("i", DataTypes.IntegerType)
      .add("d", DataTypes.DoubleType)
      .add("s", DataTypes.StringType)
      .add("b", DataTypes.BooleanType)
      .add("ts", DataTypes.TimestampType)
      .add("allnull", DataTypes.DoubleType)
      .add("gone", DataTypes.IntegerType);

  public static final StructType CURRENT_SCHEMA = new StructType()
      .add("i", DataTypes.IntegerType)
      .add("d", DataTypes.DoubleType)
      .add("s", DataTypes.StringType)
      .add("b", DataTypes.BooleanType)
      .add("ts", DataTypes.TimestampType)
      .add("allnull", DataTypes.DoubleType);

  private static final long JAN_2024 = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();

  private TestData() {}

  public static List<Row> reference(int rows, long seed) {
    Random random = new Random(seed);
    String[] categories = {"a", "a", "a", "b", "b", "c", "d", "e"};
    List<Row> out = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      Double d = random.nextDouble() < 0.02 ? null : random.nextGaussian();
      out.add(RowFactory.create(
          random.nextInt(10),
          d,
          categories[random.nextInt(categories.length)],
          random.nextDouble() < 0.3,
          new Timestamp((JAN_2024 + random.nextInt(30 * 86400)) * 1000L),
          null,
          random.nextInt(100)));
    }
    return out;
  }

  public static List<Row> current(int rows, long seed) {
    Random random = new Random(seed);
    String[] categories = {"a", "b", "b", "c", "d", "e", "f", "zz"};
    List<Row> out = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      double u = random.nextDouble();
      Double d;
      if (u < 0.01) {
        d = null;
      } else if (u < 0.02) {
        d = Double.NaN;
      } else if (r < 3) {
        d = Double.POSITIVE_INFINITY;
      } else if (r < 5) {
        d = Double.NEGATIVE_INFINITY;
      } else {
        d = 0.5 + 1.2 * random.nextGaussian();
      }
      out.add(RowFactory.create(
          random.nextInt(12),
          d,
          random.nextDouble() < 0.03 ? null : categories[random.nextInt(categories.length)],
          random.nextDouble() < 0.5,
          new Timestamp((JAN_2024 + 9 * 86400 + random.nextInt(30 * 86400)) * 1000L),
          null));
    }
    return out;
  }

  public static Dataset<Row> frame(SparkSession spark, List<Row> rows, StructType schema) {
    return spark.createDataFrame(rows, schema);
  }
}
