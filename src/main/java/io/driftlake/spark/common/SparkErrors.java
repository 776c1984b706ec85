package io.driftlake.spark.common;

/** Reduces a Spark exception to the one line a user needs. */
public final class SparkErrors {
  private SparkErrors() {}

  /**
   * The first line of the message that explains the failure: for a failed Spark job ("Job aborted due
   * to stage failure ...") the root cause, which names the file and what is wrong with it; otherwise
   * the error's own message.
   */
  public static String firstLine(Throwable error) {
    Throwable t = error;
    if (error instanceof org.apache.spark.SparkException) {
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
    }
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
