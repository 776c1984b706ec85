package io.driftlake.cli;

import static org.apache.spark.sql.functions.col;

import io.driftlake.Driftlake;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
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
        .orderBy(col("run_ts").desc(), col("js_divergence").desc_nulls_last(), col("column_name"));
    StructType schema = rows.schema();
    List<Row> collected = rows.collectAsList();
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case table -> out.print(RowFormats.table(schema, collected));
      case csv -> {
        out.println(RowFormats.csvHeader(schema));
        collected.forEach(row -> out.println(RowFormats.csvLine(schema, row)));
      }
      case jsonl -> collected.forEach(row -> out.println(RowFormats.jsonLine(schema, row)));
    }
    out.flush();
    return 0;
  }
}
