package io.driftlake.cli;

import static io.driftlake.core.table.DriftColumns.COLUMN_NAME;
import static io.driftlake.core.table.DriftColumns.JS_DIVERGENCE;
import static io.driftlake.core.table.DriftColumns.RUN_TS;
import static org.apache.spark.sql.functions.col;

import io.driftlake.Driftlake;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.TableRow;
import io.driftlake.spark.DriftTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drift show}: prints drift rows, newest run first, most drifted first within a run. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print drift rows from a drift table.")
final class ShowCommand implements Callable<Integer> {
  enum Format { table, csv, jsonl }

  @Option(names = "--table", required = true, paramLabel = "PATH|TABLE", description = "The Delta drift table.")
  String table;

  @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
      description = "table, csv or jsonl (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--run-id", paramLabel = "ID", description = "Only this run's rows.")
  String runId;

  @Mixin SessionOptions session;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Dataset<Row> rows = Driftlake.read(Driftlake.session(session.master), table, runId)
        .orderBy(col(RUN_TS.name()).desc(), col(JS_DIVERGENCE.name()).desc_nulls_last(), col(COLUMN_NAME.name()));
    // the drift table's columns as defined now, whatever release wrote the rows (older rows: null)
    List<TableRow> collected = DriftTable.records(rows.collectAsList()).stream().map(DriftRecord::row).toList();
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case table -> out.print(RowFormats.table(collected));
      case csv -> {
        out.println(RowFormats.csvHeader(DriftColumns.ALL));
        collected.forEach(row -> out.println(RowFormats.csvLine(row)));
      }
      case jsonl -> collected.forEach(row -> out.println(RowFormats.jsonLine(row)));
    }
    out.flush();
    return 0;
  }
}
