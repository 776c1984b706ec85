package io.driftlake.cli;

import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.RunArguments;
import io.driftlake.Driftlake;
import io.driftlake.spark.ProfileRollup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drift rollup}: coarser windows from stored profiles, without the raw data. */
@Command(name = "rollup", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = RollupCommand.Options.class,
    description = "Roll a run's stored window profiles up to a coarser granularity (e.g. daily -> weekly) from the profile table alone; optionally store it and write its drift rows.")
final class RollupCommand implements Callable<Integer> {
  @Option(names = "--profile-table", required = true, paramLabel = "PATH|TABLE", description = "The Delta profile table the run wrote.")
  String profileTable;

  @Option(names = "--from", required = true, paramLabel = "RUN_ID", description = "The run whose windowed current profile is rolled up.")
  String from;

  @Option(names = "--granularity", required = true, paramLabel = "\"N UNIT\"", description = "The coarser window width, e.g. \"1 week\"; the stored windows must nest in it.")
  String granularity;

  @Option(names = "--profile-id", paramLabel = "ID", description = "Store the rolled-up profile (with the run's reference profile) under this id.")
  String profileId;

  @Option(names = "--output", paramLabel = "PATH|TABLE", description = "Also write drift rows (run id = --profile-id) to this drift table.")
  String output;

  @Option(names = "--drift-type", paramLabel = "TYPE", description = "baseline, consecutive or both (default: baseline).")
  String driftType;

  @Mixin SessionOptions session;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DriftConfig.Judging judging = RunArguments.toBuilder(spec).judging();
    ProfileRollup.Result result = Driftlake.rollUp(Driftlake.session(session.master), profileTable, from, granularity,
        profileId, output, driftType, judging);
    var out = spec.commandLine().getOut();
    long windows = result.profile().groups().keySet().stream().filter(k -> k.windowed() && !k.sliced()).count();
    out.printf("rolled up %s to %s: %d windows%s%s%n", from, result.profile().granularity(), windows,
        profileId == null ? "" : "; stored as " + profileId + " in " + profileTable,
        output == null ? "" : "; " + result.records().size() + " drift rows written to " + output);
    out.flush();
    return 0;
  }

  /** Adds {@code --config} and the judging settings' options ({@link DriftConfig#JUDGING}) after the declared ones. */
  static final class Options implements picocli.CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      RunArguments.options(DriftConfig.JUDGING).forEach(spec::addOption);
      return spec;
    }
  }
}
