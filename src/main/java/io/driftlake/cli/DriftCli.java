package io.driftlake.cli;

import io.driftlake.core.DriftException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code drift}: the command line. Parses arguments, builds or reuses the session, runs the action,
 * sets the exit code: 0 done, 2 usage or input error (one line, no stack trace unless
 * {@code --verbose}), 3 written but drifted ({@code --fail-on-drift}: {@code DriftRun.exitCode()}), 1 anything else.
 */
@Command(name = "drift", mixinStandardHelpOptions = true, version = "driftlake 0.1.0",
    description = "Data-drift analytics on Apache Spark: histograms, KL/JSD/PSI and a Delta drift table.",
    subcommands = {RunCommand.class, WatchCommand.class, ShowCommand.class, RunsCommand.class, DemoCommand.class, ReportCommand.class, ViewsCommand.class, RollupCommand.class, ConvertCommand.class})
public final class DriftCli implements Runnable {
  /** Exit code of a run that wrote its rows and found drift, under {@code --fail-on-drift}. */
  public static final int EXIT_DRIFTED = io.driftlake.DriftRun.EXIT_DRIFTED;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (run, show or demo)");
  }

  public static void main(String[] args) {
    int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    System.exit(code);
  }

  /** Runs the command line with the given streams and returns the exit code (tests call this). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new DriftCli());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler((e, arguments) -> {
      String command = e.getCommandLine().getCommandName();
      String qualified = command.equals("drift") ? "drift" : "drift " + command;
      String suggestion = "";
      if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
        // picocli's printSuggestions would add lines; the one-line error names them instead
        suggestion = " Did you mean: " + String.join(" or ", unmatched.getSuggestions()) + "?";
      }
      e.getCommandLine().getErr().println(qualified + ": " + e.getMessage() + "." + suggestion
          + " See '" + qualified + " --help'.");
      return 2;
    });
    commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
      boolean verbose = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
      PrintWriter stderr = cl.getErr();
      String command = "drift " + cl.getCommandName();
      if (e instanceof DriftException drift) {
        stderr.println(command + ": error: " + drift.getMessage());
        if (verbose) {
          e.printStackTrace(stderr);
        }
        return drift.exitCode();
      }
      stderr.println(command + ": unexpected error: " + e + (verbose ? "" : " (run with --verbose for the stack trace)"));
      if (verbose) {
        e.printStackTrace(stderr);
      }
      return 1;
    });
    return commandLine.execute(args);
  }
}
