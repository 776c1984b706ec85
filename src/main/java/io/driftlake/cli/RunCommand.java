package io.driftlake.cli;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.spark.DriftRun;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drift run}: measures drift and writes the drift table. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measure drift of --current against --reference and write one row per feature to the Delta --output table.")
final class RunCommand implements Callable<Integer> {
  @Mixin RunOptions options;
  @Mixin SessionOptions session;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DriftConfig config = options.toConfig(); // validate options before starting Spark
    DriftRun run = Driftlake.run(Driftlake.session(session.master), config);
    var out = spec.commandLine().getOut();
    out.print(run.summary());
    out.printf("run %s: %d features, %d drifted; written to %s%n", run.runId(), run.records().size(),
        run.driftedCount(), run.output());
    out.flush();
    return 0;
  }
}
