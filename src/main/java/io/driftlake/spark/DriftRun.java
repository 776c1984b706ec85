package io.driftlake.spark;

import io.driftlake.core.table.DriftRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** What a finished run wrote: its id, the drift table, and the rows (one per feature). */
public record DriftRun(String runId, String output, List<DriftRecord> records) {

  public DriftRun {
    records = List.copyOf(records);
  }

  /** Number of features whose threshold metric crossed the threshold. */
  public long driftedCount() {
    return records.stream().filter(r -> Boolean.TRUE.equals(r.drifted())).count();
  }

  /** A fixed-width summary: feature, kind, js_divergence, kl_ref_cur, psi, drifted; most drifted first. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-24s %-12s %13s %13s %13s  %-8s%n",
        "feature", "kind", "js_divergence", "kl_ref_cur", "psi", "drifted"));
    records.stream()
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
