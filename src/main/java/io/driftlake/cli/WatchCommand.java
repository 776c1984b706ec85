package io.driftlake.cli;

import io.driftlake.Driftlake;
import io.driftlake.DriftRun;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Locations;
import io.driftlake.core.config.RunArguments;
import io.driftlake.spark.watch.DriftWatch;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.apache.spark.sql.streaming.StreamingQueryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code drift watch}: {@code drift run}'s settings plus {@code --checkpoint} (required) and
 * {@code --trigger}; the current data is read as a stream, and each micro-batch updates the windows it
 * touches in the drift table (docs/watch.md). With {@code --trigger available-now} (the default) it
 * measures everything new and exits: 3 under {@code --fail-on-drift} when a rewritten window drifted.
 */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = RunCommand.Options.class,
    description = "Follow --current (a Delta table, or a folder of Parquet/JSON/CSV files) with Spark Structured Streaming: "
        + "each micro-batch adds its rows to the stored window profiles and rewrites those windows' drift rows, exactly once. "
        + "Needs --checkpoint; --trigger available-now (default: process what is new, then exit) or \"5 minutes\".")
final class WatchCommand implements Callable<Integer> {
  @Mixin SessionOptions session;
  @Mixin ProgressOptions progress;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DriftConfig config = RunArguments.toConfig(spec);
    Locations.checkOutputs(config);
    var err = spec.commandLine().getErr();
    PrintStream lines = System.err;
    boolean availableNow = config.trigger().map(t -> t.trim().equalsIgnoreCase("available-now")).orElse(true);
    DriftWatch watch = Driftlake.watch(progress.session(session.master), config, progress.phaseLines(err), lines);
    lines.println("drift watch: " + watch.watchId() + " (run id in " + config.output() + "), profiles in "
        + watch.profileTable() + (watch.profileTableDefaulted() ? " (beside the checkpoint; --profile-table to choose)" : "")
        + (availableNow ? "; measuring what is new, then exiting" : "; running until stopped")
        + (config.failOnDrift() && !availableNow ? "; --fail-on-drift does not apply to a continuous watch" : ""));
    lines.flush();
    try {
      watch.query().awaitTermination();
    } catch (StreamingQueryException e) {
      // the query's message carries its whole plan: say what failed in one line instead
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof io.driftlake.core.DriftException drift) {
        throw drift;
      }
      throw new IllegalStateException("the watch stopped in a micro-batch: "
          + io.driftlake.spark.common.SparkErrors.firstLine(cause) + " (the checkpoint " + config.checkpoint().orElseThrow()
          + " keeps what was measured; a restart goes on from there)", cause);
    }
    var out = spec.commandLine().getOut();
    out.println("drift watch " + watch.watchId() + ": " + watch.batches() + " micro-batch(es) measured; "
        + (watch.drifted() ? "drift in a rewritten window" : "no drift in the rewritten windows")
        + ". See: drift show --table " + config.output() + " --run-id " + watch.watchId());
    out.flush();
    if (availableNow && config.failOnDrift() && watch.drifted()) {
      err.println("drift watch: drift detected in a rewritten window (--fail-on-drift)");
      err.flush();
      return DriftRun.EXIT_DRIFTED;
    }
    return 0;
  }
}
