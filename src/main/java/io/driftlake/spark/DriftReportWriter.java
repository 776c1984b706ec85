package io.driftlake.spark;

import io.driftlake.spark.table.DriftTable;

import static org.apache.spark.sql.functions.col;

import io.driftlake.core.table.DriftColumns;
import io.driftlake.report.ReportFile;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Writes the HTML report ({@link io.driftlake.report.HtmlReport}) of one run of a drift table, read from the table alone. */
public final class DriftReportWriter {
  private DriftReportWriter() {}

  /** Writes the report of run {@code runId} (the latest run when null) to {@code out}; returns the run id. */
  public static String write(SparkSession spark, String table, String runId, Path out) {
    Dataset<Row> all = DriftTable.read(spark, table, null);
    String run = runId;
    if (run == null) {
      List<Row> latest = all.orderBy(col(DriftColumns.RUN_TS.name()).desc()).select(DriftColumns.RUN_ID.name()).limit(1).collectAsList();
      if (latest.isEmpty()) {
        throw ReportFile.emptyTable(table);
      }
      run = latest.get(0).getString(0);
    }
    List<Row> rows = all.where(col(DriftColumns.RUN_ID.name()).equalTo(run)).collectAsList();
    if (rows.isEmpty()) {
      throw ReportFile.noSuchRun(table, run);
    }
    ReportFile.write(DriftTable.records(rows), out);
    return run;
  }
}
