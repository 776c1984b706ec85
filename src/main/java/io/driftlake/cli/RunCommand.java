package io.driftlake.cli;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Locations;
import io.driftlake.core.config.RunArguments;
import io.driftlake.DriftRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * {@code drift run}: measures drift and writes the drift table. Its options are {@code --config} and
 * one per setting, generated from {@link DriftConfig#SETTINGS} ({@link RunArguments}: the same options
 * {@link Driftlake#run(org.apache.spark.sql.SparkSession, String...)} parses), then the session options.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = RunCommand.Options.class,
    description = "Measure drift of --current against --reference and write one row per feature to the Delta --output table.")
final class RunCommand implements Callable<Integer> {
  @Mixin SessionOptions session;
  @Mixin ProgressOptions progress;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // everything that can be checked without data, before the session starts (seconds): the options,
    // the config file, the run id, and the local --output/--profile-table paths
    DriftConfig config = RunArguments.toConfig(spec);
    Locations.checkOutputs(config);
    var err = spec.commandLine().getErr();
    // a run from stored profiles starts reading them now, beside the session's start (or instead of
    // it: two stored profiles of local tables with a new run id need no session)
    DriftRun run = Driftlake.run(() -> progress.session(session.master), config, progress.progress(err));
    var out = spec.commandLine().getOut();
    out.print(run.summary()); // ends with the exit reason
    out.flush();
    if (run.exitCode() != 0) {
      err.println("drift run: " + run.exitReason());
      err.flush();
    }
    return run.exitCode();
  }

  /** Puts the generated options first, before the session and help options the annotations declared. */
  static final class Options implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      List<OptionSpec> declared = new ArrayList<>(spec.options());
      declared.forEach(spec::remove);
      RunArguments.options().forEach(spec::addOption);
      declared.forEach(spec::addOption);
      return spec;
    }
  }
}
