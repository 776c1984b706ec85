package io.driftlake.cli;

import io.driftlake.Driftlake;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drift views}: dashboard views over the drift table. */
@Command(name = "views", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Create (or replace) SQL views over the drift table for dashboards: drift_latest, drift_trend, "
        + "drift_histogram_bins, drift_runs (docs/dashboards.md). Prints the statements.")
final class ViewsCommand implements Callable<Integer> {
  @Option(names = "--table", required = true, paramLabel = "PATH|TABLE", description = "The Delta drift table.")
  String table;

  @Option(names = "--schema", paramLabel = "SCHEMA", description = "Where to create the views (default: the current schema).")
  String schema;

  @Mixin SessionOptions session;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<String> statements = Driftlake.createViews(Driftlake.session(session.master), table, schema);
    var out = spec.commandLine().getOut();
    statements.forEach(s -> out.println(s + ";\n"));
    out.printf("created %d views%s%n", statements.size(), schema == null ? "" : " in " + schema);
    out.flush();
    return 0;
  }
}
