package io.driftlake.spark;

import io.driftlake.core.table.DriftRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a finished run wrote: its id, the drift table, and every row it wrote ({@link #records()}:
 * whole data, windows, slices, {@code ':table'} rows). {@link #features()} are the whole-data feature
 * rows, one per feature. {@link #exitCode()} is the run's verdict under {@code failOnDrift}, the one
 * the command line exits with, so that notebooks and JAR tasks gate alike.
 */
public record DriftRun(String runId, String output, List<DriftRecord> records, boolean failOnDrift) {
  /** Exit code of a run that wrote its rows and found drift, under {@code failOnDrift} ({@code --fail-on-drift}). */
  public static final int EXIT_DRIFTED = 3;

  public DriftRun {
    records = List.copyOf(records);
  }

  /** The whole-data rows of the features (no window, no slice, no {@code ':table'} row), in feature order. */
  public List<DriftRecord> features() {
    return records.stream()
        .filter(r -> r.windowStart() == null && r.sliceKey() == null && !DriftRecord.TABLE_ROW.equals(r.columnName()))
        .toList();
  }

  /** The whole-data {@code ':table'} row: row counts and the share of drifted features. */
  public DriftRecord tableRow() {
    return records.stream()
        .filter(r -> r.windowStart() == null && r.sliceKey() == null && DriftRecord.TABLE_ROW.equals(r.columnName()))
        .findFirst().orElseThrow();
  }

  /** Number of features whose whole-data threshold metric crossed its threshold. */
  public long driftedCount() {
    return features().stream().filter(r -> Boolean.TRUE.equals(r.drifted())).count();
  }

  /** Whether any feature row (whole data, any window or slice, either drift type) drifted: what {@code failOnDrift} gates on. */
  public boolean driftDetected() {
    return records.stream().anyMatch(r -> !DriftRecord.TABLE_ROW.equals(r.columnName()) && Boolean.TRUE.equals(r.drifted()));
  }

  /**
   * {@link #EXIT_DRIFTED} (3) when the run was configured with {@code failOnDrift} and
   * {@link #driftDetected() found drift}, else 0: what {@code drift run} exits with after writing.
   * A JAR task can end with {@code System.exit(run.exitCode())}.
   */
  public int exitCode() {
    return failOnDrift && driftDetected() ? EXIT_DRIFTED : 0;
  }

  /** Rows for windows or slices (beyond the whole-data rows). */
  public long groupRowCount() {
    return records.stream().filter(r -> r.windowStart() != null || r.sliceKey() != null).count();
  }

  /** A fixed-width summary of the whole-data rows: feature, kind, js_divergence, kl_ref_cur, psi, drifted; most drifted first. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-24s %-12s %13s %13s %13s  %-8s%n",
        "feature", "kind", "js_divergence", "kl_ref_cur", "psi", "drifted"));
    features().stream()
        .sorted(Comparator.comparing((DriftRecord r) -> r.jsDivergence() == null ? -1.0 : r.jsDivergence()).reversed()
            .thenComparing(DriftRecord::columnName))
        .forEach(r -> out.append(String.format(Locale.ROOT, "%-24s %-12s %13s %13s %13s  %-8s%n",
            r.columnName(), r.kind() == null ? "-" : r.kind(), number(r.jsDivergence()), number(r.klRefCur()),
            number(r.psi()), r.drifted() == null ? r.status() : r.drifted().toString())));
    return out.toString();
  }

  private static String number(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.6f", value);
  }
}
