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
    out.printf("run %s: %d features, %d drifted; %d window/slice rows; written to %s%n", run.runId(),
        run.features().size(), run.driftedCount(), run.groupRowCount(), run.output());
    out.flush();
    if (config.failOnDrift() && run.anyDrifted()) {
      spec.commandLine().getErr().println("drift run: drift detected (--fail-on-drift): exit code " + DriftCli.EXIT_DRIFTED);
      return DriftCli.EXIT_DRIFTED;
    }
    return 0;
  }
}
