package io.driftlake.core;

/**
 * The one unchecked exception of Driftlake. Its message is a single line that states the problem,
 * its cause and the fix; {@link DriftErrors} builds every message so that they read alike.
 */
public final class DriftException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What the command line does with the error: usage and input problems exit with code 2. */
  public enum Kind {
    /** Bad option, bad path, bad or empty input: the user can fix it; exit code 2. */
    INPUT,
    /** Anything else that stops the run; exit code 1. */
    INTERNAL
  }

  private final Kind kind;

  DriftException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The process exit code the command line uses for this error. */
  public int exitCode() {
    return kind == Kind.INPUT ? 2 : 1;
  }
}
