package io.driftlake;

import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.RunInfo;
import io.driftlake.core.table.RunSummary;
import java.util.List;

/**
 * What a finished run wrote: its id, the drift table, and every row it wrote ({@link #records()}:
 * whole data, windows, slices, {@code ':table'} rows). {@link #features()} are the whole-data feature
 * rows, one per feature. {@link #exitCode()} is the run's verdict under {@code failOnDrift}, the one
 * the command line exits with, so that notebooks and JAR tasks gate alike; {@link #exitReason()} says
 * why. {@link #summary()} tells the run's story ({@link RunSummary}); {@link #notices()} are the plan's
 * notes (columns left out of the default features, and why).
 *
 * @param info the run's settings as the rows were judged by (thresholds, alpha, min-rows); may be null
 */
public record DriftRun(String runId, String output, List<DriftRecord> records, boolean failOnDrift, RunInfo info,
    List<String> notices) {
  /** Exit code of a run that wrote its rows and found drift, under {@code failOnDrift} ({@code --fail-on-drift}). */
  public static final int EXIT_DRIFTED = 3;

  public DriftRun {
    records = List.copyOf(records);
    notices = List.copyOf(notices);
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

  /**
   * Whether any row drifted (a feature in the whole data, any window or slice, either drift type, or a
   * comparison's joint distribution on its {@code :table} row): what {@code failOnDrift} gates on.
   */
  public boolean driftDetected() {
    // a ':table' row drifts when a feature of its comparison did, or a correlation pair (joint drift)
    return records.stream().anyMatch(r -> Boolean.TRUE.equals(r.drifted()));
  }

  /**
   * {@link #EXIT_DRIFTED} (3) when the run was configured with {@code failOnDrift} and
   * {@link #driftDetected() found drift}, else 0: what {@code drift run} exits with after writing.
   * A JAR task can end with {@code System.exit(run.exitCode())}.
   */
  public int exitCode() {
    return failOnDrift && driftDetected() ? EXIT_DRIFTED : 0;
  }

  /**
   * Why {@link #exitCode()} is what it is, one line: e.g. {@code exit 3: drift found under
   * --fail-on-drift in 2 slices (origin=EU, origin=US)}, or {@code exit 0: no drift found}.
   */
  public String exitReason() {
    return story().exitReason();
  }

  /** Rows for windows or slices (beyond the whole-data rows). */
  public long groupRowCount() {
    return records.stream().filter(r -> r.windowStart() != null || r.sliceKey() != null).count();
  }

  /**
   * The run's story, several lines: row counts of both sides, the judged metric, threshold and alpha,
   * each feature's verdict (drifted ones with their judged metric against the threshold, noise floor,
   * q-value and top bin; not judged ones with the reason), the drifted windows and slices (most
   * drifted first), the plan's notices and the exit reason. See {@link RunSummary}.
   */
  public String summary() {
    return story().text();
  }

  private RunSummary story() {
    return new RunSummary(runId, output, records, failOnDrift, info, notices);
  }
}
