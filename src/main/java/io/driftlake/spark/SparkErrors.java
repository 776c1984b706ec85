package io.driftlake.spark;

/** Reduces a Spark exception to the one line a user needs. */
final class SparkErrors {
  private SparkErrors() {}

  /** The first line of the innermost meaningful message, without Spark's "[ERROR_CLASS]" noise beyond the line. */
  static String firstLine(Throwable error) {
    Throwable t = error;
    String message = t.getMessage();
    while ((message == null || message.isBlank()) && t.getCause() != null) {
      t = t.getCause();
      message = t.getMessage();
    }
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    String line = message.strip().split("\\R", 2)[0].strip();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
