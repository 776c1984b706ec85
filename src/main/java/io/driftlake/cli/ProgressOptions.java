package io.driftlake.cli;

import io.driftlake.Driftlake;
import io.driftlake.DriftProgress;
import io.driftlake.spark.input.DriftSessions;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * {@code --quiet} of the commands that run the job: without it, one line per phase on stderr as it
 * ends, and Spark's console progress bar when the terminal is a console.
 */
final class ProgressOptions {
  @Option(names = "--quiet", description = "No progress: neither the per-phase lines on stderr nor Spark's progress bar.")
  boolean quiet;

  /** The session, with Spark's console progress bar unless quiet (a new session only). */
  SparkSession session(String master) {
    return Driftlake.session(master, quiet ? DriftSessions.ProgressBar.OFF : DriftSessions.ProgressBar.WHEN_TERMINAL);
  }

  /** The per-phase lines to {@code err} without the whole-time line (a watch's micro-batches); none when quiet. */
  DriftProgress phaseLines(PrintWriter err) {
    return quiet ? DriftProgress.NONE : DriftProgress.lines(flushedLines(err));
  }

  /** The per-phase lines to {@code err}, and where the whole time went when the run ends; none when quiet. */
  DriftProgress progress(PrintWriter err) {
    return quiet ? DriftProgress.NONE : DriftProgress.linesWithTotal(flushedLines(err));
  }

  private static java.util.function.Consumer<String> flushedLines(PrintWriter err) {
    return line -> {
      err.println(line);
      err.flush();
    };
  }
}
