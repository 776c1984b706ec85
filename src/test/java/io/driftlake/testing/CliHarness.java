package io.driftlake.testing;

import io.driftlake.cli.DriftCli;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs a {@code drift} command line in this JVM, as {@code jobs/drift} would, and keeps what it
 * printed: the one way the CLI tests call the command line.
 */
public final class CliHarness {
  private CliHarness() {}

  /** A command's exit code and what it wrote to stdout and stderr. */
  public record Result(int code, String out, String err) {}

  /** {@code drift args...}: {@link DriftCli#execute} with both streams captured. */
  public static Result drift(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DriftCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }
}
