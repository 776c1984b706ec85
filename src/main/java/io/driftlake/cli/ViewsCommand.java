package io.driftlake.cli;

import io.driftlake.Driftlake;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drift views}: dashboard views over the drift table. */
@Command(name = "views", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Create (or replace) SQL views over the drift table for dashboards: drift_latest, drift_trend, "
        + "drift_histogram_bins, drift_runs (docs/dashboards.md). Prints the statements, and says when the views "
        + "are session-local (no metastore) so they must be run in Databricks SQL or another metastore.")
final class ViewsCommand implements Callable<Integer> {
  @Option(names = "--table", required = true, paramLabel = "PATH|TABLE", description = "The Delta drift table.")
  String table;

  @Option(names = "--schema", paramLabel = "SCHEMA", description = "Where to create the views (default: the current schema).")
  String schema;

  @Mixin SessionOptions session;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    SparkSession spark = Driftlake.session(session.master);
    List<String> statements = Driftlake.createViews(spark, table, schema);
    var out = spec.commandLine().getOut();
    statements.forEach(s -> out.println(s + ";\n"));
    if (Driftlake.viewsAreSessionLocal(spark)) {
      out.printf("created %d views%s in this session only: it has no metastore (spark.sql.catalogImplementation="
          + "in-memory), so they are gone when the command exits and no dashboard sees them.%n"
          + "To keep them, run the statements above in Databricks SQL (or any Spark SQL with a metastore: "
          + "Unity Catalog, Hive); a path table needs the same absolute path there.%n",
          statements.size(), schema == null ? "" : " in " + schema);
    } else {
      out.printf("created %d views%s%n", statements.size(), schema == null ? "" : " in " + schema);
    }
    out.flush();
    return 0;
  }
}
