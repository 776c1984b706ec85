package io.driftlake.cli;

import io.driftlake.Driftlake;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.table.DriftColumns;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.TableRow;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code drift show}: prints drift rows, newest run first, most drifted first within a run. A path is
 * read with Delta Kernel (no SparkSession); a table name through Spark.
 */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Print drift rows from a drift table (every run, newest first; a path is read without Spark).")
final class ShowCommand implements Callable<Integer> {
  enum Format { table, csv, jsonl }

  /** Newest run first; within a run the most drifted (JS divergence) first, then a stable order. */
  static final Comparator<DriftRecord> ORDER = Comparator.comparing(DriftRecord::runTs).reversed()
      .thenComparing(DriftRecord::jsDivergence, Comparator.nullsLast(Comparator.reverseOrder()))
      .thenComparing(DriftRecord::columnName)
      .thenComparing(DriftRecord::driftType)
      .thenComparing(DriftRecord::windowStart, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(DriftRecord::sliceValue, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(DriftRecord::runId);

  @Option(names = "--table", required = true, paramLabel = "PATH|TABLE", description = "The Delta drift table.")
  String table;

  @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
      description = "table, csv or jsonl (default: ${DEFAULT-VALUE}); csv and jsonl carry every column of the drift table.")
  Format format;

  @Option(names = "--run-id", paramLabel = "ID", description = "Only this run's rows.")
  String runId;

  @Option(names = "--feature", paramLabel = "NAME", description = "Only this feature's rows (:table for the dataset rows).")
  String feature;

  @Option(names = "--drifted", description = "Only rows that drifted.")
  boolean drifted;

  @Option(names = "--window", paramLabel = "DATE|TS",
      description = "Only rows whose window starts there: 2012-03-01, or a UTC timestamp such as 2012-03-01T06:00:00Z.")
  String window;

  @Option(names = "--slice", paramLabel = "KEY=VALUE|VALUE", description = "Only this slice's rows.")
  String slice;

  @Mixin SessionOptions session;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Predicate<DriftRecord> filter = filter(); // bad filter values fail before anything is read
    List<TableRow> rows = Driftlake.readRecords(table, runId, () -> Driftlake.session(session.master)).stream()
        .filter(filter).sorted(ORDER).map(DriftRecord::row).toList();
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case table -> out.print(RowFormats.table(rows));
      case csv -> {
        out.println(RowFormats.csvHeader(DriftColumns.ALL));
        rows.forEach(row -> out.println(RowFormats.csvLine(row)));
      }
      case jsonl -> rows.forEach(row -> out.println(RowFormats.jsonLine(row)));
    }
    out.flush();
    return 0;
  }

  /** The rows the filter options keep. */
  Predicate<DriftRecord> filter() {
    Predicate<DriftRecord> keep = r -> true;
    if (feature != null) {
      keep = keep.and(r -> feature.equals(r.columnName()));
    }
    if (drifted) {
      keep = keep.and(r -> Boolean.TRUE.equals(r.drifted()));
    }
    if (window != null) {
      Instant start = windowStart(window);
      keep = keep.and(r -> start.equals(r.windowStart()));
    }
    if (slice != null) {
      int equals = slice.indexOf('=');
      String key = equals < 0 ? null : slice.substring(0, equals);
      String value = equals < 0 ? slice : slice.substring(equals + 1);
      keep = keep.and(r -> r.sliceKey() != null && value.equals(r.sliceValue()) && (key == null || key.equals(r.sliceKey())));
    }
    return keep;
  }

  /** A date (its midnight, UTC) or a timestamp: ISO-8601 with an offset, or local (read as UTC). */
  static Instant windowStart(String text) {
    String trimmed = text.strip();
    try {
      if (trimmed.length() == 10) {
        return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      String iso = trimmed.replace(' ', 'T');
      if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return java.time.OffsetDateTime.parse(iso).toInstant();
      }
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw DriftErrors.badOptionValue("--window", text,
          "expected a date such as 2012-03-01 or a timestamp such as 2012-03-01T06:00:00Z (UTC when no offset)");
    }
  }
}
