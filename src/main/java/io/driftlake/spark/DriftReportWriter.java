package io.driftlake.spark;

import static org.apache.spark.sql.functions.col;

import io.driftlake.core.DriftErrors;
import io.driftlake.report.HtmlReport;
import io.driftlake.report.ReportRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Writes the HTML report ({@link HtmlReport}) of one run of a drift table, read from the table alone. */
public final class DriftReportWriter {
  private DriftReportWriter() {}

  /** Writes the report of run {@code runId} (the latest run when null) to {@code out}; returns the run id. */
  public static String write(SparkSession spark, String table, String runId, Path out) {
    Dataset<Row> all = DriftTable.read(spark, table, null);
    String run = runId;
    if (run == null) {
      List<Row> latest = all.orderBy(col("run_ts").desc()).select("run_id").limit(1).collectAsList();
      if (latest.isEmpty()) {
        throw DriftErrors.input("the drift table " + table + " has no rows. Write a run first with 'drift run'");
      }
      run = latest.get(0).getString(0);
    }
    List<Row> rows = all.where(col("run_id").equalTo(run)).collectAsList();
    if (rows.isEmpty()) {
      throw DriftErrors.input("no run '" + run + "' in the drift table " + table + ". Check --run-id ('drift show' lists runs)");
    }
    List<ReportRow> report = new ArrayList<>(rows.size());
    for (Row r : rows) {
      report.add(new ReportRow(r.getAs("run_id"), instant(r, "run_ts"), r.getAs("reference"), r.getAs("current"),
          instant(r, "window_start"), r.getAs("slice_key"), r.getAs("slice_value"), r.getAs("drift_type"),
          r.getAs("column_name"), r.getAs("kind"), list(r, "bin_edges"), list(r, "categories"),
          list(r, "ref_bin_counts"), list(r, "cur_bin_counts"), r.getAs("ref_count"), r.getAs("cur_count"),
          r.getAs("js_distance"), r.getAs("psi"), r.getAs("kl_ref_cur"), r.getAs("chi2_pvalue"),
          r.getAs("threshold_metric"), r.getAs("threshold"), r.getAs("drifted"), r.getAs("status"),
          r.getAs("message"), has(r, "drifted_share") ? r.getAs("drifted_share") : null));
    }
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, HtmlReport.render(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + out, e);
    }
    return run;
  }

  private static boolean has(Row row, String field) {
    return row.schema().getFieldIndex(field).isDefined();
  }

  private static Instant instant(Row row, String field) {
    java.sql.Timestamp ts = row.getAs(field);
    return ts == null ? null : ts.toInstant();
  }

  private static <T> List<T> list(Row row, String field) {
    int i = row.fieldIndex(field);
    return row.isNullAt(i) ? null : row.getList(i);
  }
}
