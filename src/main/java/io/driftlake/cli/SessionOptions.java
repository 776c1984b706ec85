package io.driftlake.cli;

import picocli.CommandLine.Option;

/** Options every Spark-running subcommand takes. */
final class SessionOptions {
  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*]).")
  String master;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;
}
