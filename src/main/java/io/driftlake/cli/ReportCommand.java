package io.driftlake.cli;

import io.driftlake.Driftlake;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drift report}: one self-contained HTML page for a run. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write one self-contained HTML report (no network fetches) of a run of the drift table "
        + "(a path is read without Spark).")
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--table", required = true, paramLabel = "PATH|TABLE", description = "The Delta drift table.")
  String table;

  @Option(names = "--run-id", paramLabel = "ID", description = "The run to report (default: the latest).")
  String runId;

  @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "Where to write the report.")
  Path out;

  @Mixin SessionOptions session;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String run = Driftlake.report(table, runId, out, () -> Driftlake.session(session.master));
    spec.commandLine().getOut().printf("report of run %s: %s%n", run, out.toAbsolutePath());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
