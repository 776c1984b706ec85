package io.driftlake.spark;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.delta.tables.DeltaTable;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.table.DriftRecord;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta drift table: its schema (a contract for dashboards, see docs/drift-table.md) and the one
 * way it is changed, a single Delta transaction per run that replaces exactly that run's rows.
 */
public final class DriftTable {
  /** The partition column: the UTC date of {@code run_ts}. */
  public static final String PARTITION_COLUMN = "run_date";

  /** Run ids go into a replaceWhere predicate, so they are kept to a safe alphabet. */
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");

  public static final StructType SCHEMA = new StructType(new StructField[] {
      field("run_id", StringType, false),
      field("run_ts", TimestampType, false),
      field("run_date", DateType, false),
      field("reference", StringType, true),
      field("current", StringType, true),
      field("window_start", TimestampType, true),
      field("window_end", TimestampType, true),
      field("slice_key", StringType, true),
      field("slice_value", StringType, true),
      field("drift_type", StringType, false),
      field("column_name", StringType, false),
      field("data_type", StringType, true),
      field("kind", StringType, true),
      field("binning", StringType, true),
      field("bin_edges", createArrayType(DoubleType, false), true),
      field("categories", createArrayType(StringType, false), true),
      field("ref_bin_counts", createArrayType(LongType, false), true),
      field("cur_bin_counts", createArrayType(LongType, false), true),
      field("ref_count", LongType, true),
      field("cur_count", LongType, true),
      field("ref_null_fraction", DoubleType, true),
      field("cur_null_fraction", DoubleType, true),
      field("kl_ref_cur", DoubleType, true),
      field("kl_cur_ref", DoubleType, true),
      field("js_divergence", DoubleType, true),
      field("js_distance", DoubleType, true),
      field("psi", DoubleType, true),
      field("hellinger", DoubleType, true),
      field("tv_distance", DoubleType, true),
      field("l_infinity_distance", DoubleType, true),
      field("ks_statistic", DoubleType, true),
      field("wasserstein_distance", DoubleType, true),
      field("chi2_statistic", DoubleType, true),
      field("chi2_pvalue", DoubleType, true),
      field("gaussian_kl", DoubleType, true),
      field("log_base", StringType, true),
      field("smoothing", StringType, true),
      field("threshold_metric", StringType, true),
      field("threshold", DoubleType, true),
      field("drifted", BooleanType, true),
      field("status", StringType, false),
      field("message", StringType, true),
      field("drifted_share", DoubleType, true),
      field("row_count_change", DoubleType, true),
      field("ref_mutual_info", DoubleType, true),
      field("cur_mutual_info", DoubleType, true),
  });

  private DriftTable() {}

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }

  /** Checks a run id before anything is read, so a bad one fails fast. */
  public static String validateRunId(String runId) {
    if (!RUN_ID.matcher(runId).matches()) {
      throw DriftErrors.badOptionValue("--run-id", runId,
          "expected letters, digits and . _ : + - (at most 128, starting with a letter or digit)");
    }
    return runId;
  }

  /** The records as a DataFrame with the drift table's schema. */
  public static Dataset<Row> toDataFrame(SparkSession spark, List<DriftRecord> records) {
    List<Row> rows = new ArrayList<>(records.size());
    for (DriftRecord r : records) {
      rows.add(RowFactory.create(
          r.runId(), Timestamp.from(r.runTs()), Date.valueOf(r.runDate()), r.reference(), r.current(),
          r.windowStart() == null ? null : Timestamp.from(r.windowStart()),
          r.windowEnd() == null ? null : Timestamp.from(r.windowEnd()),
          r.sliceKey(), r.sliceValue(), r.driftType(), r.columnName(), r.dataType(), r.kind(), r.binning(),
          r.binEdges() == null ? null : Arrays.stream(r.binEdges()).boxed().toList(),
          r.categories(),
          r.refBinCounts() == null ? null : Arrays.stream(r.refBinCounts()).boxed().toList(),
          r.curBinCounts() == null ? null : Arrays.stream(r.curBinCounts()).boxed().toList(),
          r.refCount(), r.curCount(), r.refNullFraction(), r.curNullFraction(),
          r.klRefCur(), r.klCurRef(), r.jsDivergence(), r.jsDistance(), r.psi(), r.hellinger(),
          r.tvDistance(), r.lInfinityDistance(), r.ksStatistic(), r.wassersteinDistance(),
          r.chi2Statistic(), r.chi2Pvalue(), r.gaussianKl(), r.logBase(), r.smoothing(),
          r.thresholdMetric(), r.threshold(), r.drifted(), r.status(), r.message(), r.driftedShare(),
          r.rowCountChange(), r.refMutualInfo(), r.curMutualInfo()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * Writes one run's records in a single Delta transaction: creates the table (partitioned by
   * {@code run_date}) if needed, otherwise overwrites with {@code replaceWhere run_id = '<id>'}, which
   * atomically removes an earlier attempt of the same run and touches no other run's files.
   */
  public static void write(SparkSession spark, String output, String runId, List<DriftRecord> records) {
    validateRunId(runId);
    Dataset<Row> frame = toDataFrame(spark, records).repartition(1);
    replaceOrCreate(spark, output, frame, "run_id = '" + runId + "'", PARTITION_COLUMN);
  }

  /**
   * One Delta transaction: creates the table (partitioned by {@code partitionColumn}) if absent, else
   * replaces the rows matching {@code replaceWhere} with {@code frame}; a commit lost to a concurrent
   * writer is retried ({@link DeltaCommits}). New columns are added to an older table (mergeSchema).
   */
  static void replaceOrCreate(SparkSession spark, String output, Dataset<Row> frame, String replaceWhere,
      String partitionColumn) {
    boolean path = DatasetReader.isPath(output);
    DeltaCommits.withRetry(output, () -> {
      boolean exists = path ? DeltaTable.isDeltaTable(spark, output) : spark.catalog().tableExists(output);
      var writer = frame.write().format("delta").option("mergeSchema", "true");
      if (exists) {
        writer = writer.mode("overwrite").option("replaceWhere", replaceWhere);
      } else {
        writer = writer.mode("append");
        if (partitionColumn != null) {
          writer = writer.partitionBy(partitionColumn);
        }
      }
      if (path) {
        writer.save(output);
      } else {
        writer.saveAsTable(output);
      }
    });
  }

  /** Reads the drift table (a path or a table name), optionally one run's rows only. */
  public static Dataset<Row> read(SparkSession spark, String table, String runId) {
    Dataset<Row> rows = readExisting(spark, table, "drift", "--table", "drift run --output " + table);
    return runId == null ? rows : rows.where(Features.column("run_id").equalTo(runId));
  }

  /**
   * An existing Delta table (a path or a catalog name) of the given role ("drift", "profile"); a
   * one-line error naming the option to check and the command that writes one otherwise.
   */
  static Dataset<Row> readExisting(SparkSession spark, String table, String role, String option, String writeCommand) {
    if (DatasetReader.isPath(table)) {
      if (!DeltaTable.isDeltaTable(spark, table)) {
        throw DriftErrors.input("no Delta " + role + " table at " + table + ". Check " + option
            + ", or write one with '" + writeCommand + "'");
      }
      return spark.read().format("delta").load(table);
    }
    if (!spark.catalog().tableExists(table)) {
      throw DriftErrors.tableNotFound(role, table);
    }
    return spark.table(table);
  }

}
