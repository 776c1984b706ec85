package io.driftlake.cli;

import io.driftlake.Driftlake;
import io.driftlake.core.DriftErrors;
import io.driftlake.spark.input.DatasetReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drift convert}: rewrites a CSV file (header, inferred types) as Parquet or Delta. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Rewrite a CSV file (with header; types inferred as 'drift run' reads it) as Parquet or Delta.")
final class ConvertCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "CSV", description = "The CSV file or folder.")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "PATH", description = "Where to write; must not exist.")
  Path output;

  @Option(names = "--format", defaultValue = "parquet", paramLabel = "FORMAT",
      description = "parquet or delta (default: ${DEFAULT-VALUE}).")
  String format;

  @Mixin SessionOptions session;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!Files.exists(input)) {
      throw DriftErrors.pathNotFound("input", input.toString());
    }
    if (Files.exists(output)) {
      throw DriftErrors.input("output already exists: " + output + ". Remove it or pick another --output");
    }
    if (!format.equals("parquet") && !format.equals("delta")) {
      throw DriftErrors.badOptionValue("--format", format, "expected parquet or delta");
    }
    SparkSession spark = Driftlake.session(session.master);
    Dataset<Row> rows = DatasetReader.csvOptions(spark.read()).load(input.toString());
    rows.write().format(format).save(output.toString());
    spec.commandLine().getOut().printf("wrote %s (%s, %d columns)%n", output, format, rows.schema().size());
    return 0;
  }
}
