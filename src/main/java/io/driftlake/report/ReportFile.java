package io.driftlake.report;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.DriftException;
import io.driftlake.core.table.DriftRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the {@link HtmlReport} of one run to a file, from records however they were read (Delta
 * Kernel for a path, Spark for a table name): picks the run, checks it exists, renders, writes.
 */
public final class ReportFile {
  private ReportFile() {}

  /** Writes the report of run {@code runId} (the latest when null) among {@code records}; returns the run id. */
  public static String write(List<DriftRecord> records, String table, String runId, Path out) {
    String run = runId != null ? runId : records.stream()
        .max(Comparator.comparing(DriftRecord::runTs).thenComparing(DriftRecord::runId))
        .map(DriftRecord::runId)
        .orElseThrow(() -> emptyTable(table));
    List<DriftRecord> rows = records.stream().filter(r -> r.runId().equals(run)).toList();
    if (rows.isEmpty()) {
      throw noSuchRun(table, run);
    }
    write(rows, out);
    return run;
  }

  /** Writes the report of {@code rows} (one run's, not empty) to {@code out}, creating its folder. */
  public static void write(List<DriftRecord> rows, Path out) {
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, HtmlReport.render(rows), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + out, e);
    }
  }

  public static DriftException emptyTable(String table) {
    return DriftErrors.input("the drift table " + table + " has no rows. Write a run first with 'drift run'");
  }

  public static DriftException noSuchRun(String table, String run) {
    return DriftErrors.input("no run '" + run + "' in the drift table " + table
        + ". Check --run-id ('drift runs' lists runs)");
  }
}
