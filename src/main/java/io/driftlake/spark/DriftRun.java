package io.driftlake.spark;

import io.driftlake.core.table.DriftRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a finished run wrote: its id, the drift table, and every row it wrote ({@link #records()}:
 * whole data, windows, slices, {@code ':table'} rows). {@link #features()} are the whole-data feature
 * rows, one per feature.
 */
public record DriftRun(String runId, String output, List<DriftRecord> records) {

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

  /** Whether any feature row (whole data, any window or slice, either drift type) drifted: what {@code --fail-on-drift} gates on. */
  public boolean anyDrifted() {
    return records.stream().anyMatch(r -> !DriftRecord.TABLE_ROW.equals(r.columnName()) && Boolean.TRUE.equals(r.drifted()));
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
