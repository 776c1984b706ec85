package io.driftlake.spark;

import static org.apache.spark.sql.functions.col;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.report.HtmlReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
      List<Row> latest = all.orderBy(col(DriftColumns.RUN_TS.name()).desc()).select(DriftColumns.RUN_ID.name()).limit(1).collectAsList();
      if (latest.isEmpty()) {
        throw DriftErrors.input("the drift table " + table + " has no rows. Write a run first with 'drift run'");
      }
      run = latest.get(0).getString(0);
    }
    List<Row> rows = all.where(col(DriftColumns.RUN_ID.name()).equalTo(run)).collectAsList();
    if (rows.isEmpty()) {
      throw DriftErrors.input("no run '" + run + "' in the drift table " + table + ". Check --run-id ('drift show' lists runs)");
    }
    List<DriftRecord> report = DriftTable.records(rows);
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
}
