package io.driftlake.cli;

import io.driftlake.Driftlake;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Granularity;
import io.driftlake.DriftRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code drift demo}: the real job on the bundled Seattle weather data (NOAA, public domain), 2012 as
 * the reference against 2015, into a Delta table under the working directory.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the job on bundled Seattle weather data (2012 vs 2015) and print a summary.")
final class DemoCommand implements Callable<Integer> {
  static final String DATA_RESOURCE = "/demo/seattle-weather.csv";

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "driftlake-demo",
      description = "Where the demo data and drift table go (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Mixin SessionOptions session;
  @Mixin ProgressOptions progress;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path data = dir.resolve("seattle-weather.csv").toAbsolutePath();
    Files.createDirectories(data.getParent());
    try (InputStream in = DemoCommand.class.getResourceAsStream(DATA_RESOURCE)) {
      if (in == null) {
        throw DriftErrors.internal("demo data " + DATA_RESOURCE + " is missing from the jar; rebuild with mvn package", null);
      }
      Files.copy(in, data, StandardCopyOption.REPLACE_EXISTING);
    }
    Path table = dir.resolve("drift_table").toAbsolutePath();
    DriftConfig config = config(data.toString(), table.toString());
    DriftRun run = Driftlake.run(progress.session(session.master), config,
        progress.progress(spec.commandLine().getErr()));
    var out = spec.commandLine().getOut();
    out.println("Seattle weather, 2012 (reference) vs 2015 (current, also in 12 monthly windows, each vs 2012 and vs"
        + " the month before; a month has 28-31 values, so the demo judges windows from --min-rows 28): " + data);
    out.print(run.summary());
    out.println("Drift table: " + table);
    Path report = dir.resolve("drift_report.html").toAbsolutePath();
    Driftlake.report(progress.session(session.master), table.toString(), run.runId(), report);
    out.println("HTML report: " + report);
    out.println("Show it: jobs/drift show --table " + table);
    out.flush();
    return 0;
  }

  /**
   * The demo's settings: one CSV, split by year with the two filters; 2015 also in monthly windows
   * of its date column (which is therefore not measured), each compared with 2012 and with the month before;
   * windows of 28 values or more are judged.
   */
  static DriftConfig config(String csv, String table) {
    return DriftConfig.builder()
        .reference(csv)
        .current(csv)
        .referenceFilter("year(date) = 2012")
        .currentFilter("year(date) = 2015")
        .windowColumn("date")
        .granularity(Granularity.parse("1 month"))
        .driftType(DriftType.BOTH)
        .minRows(28) // a month holds 28-31 days; the default bar (30 values) would judge no February
        .output(table)
        .build();
  }
}
