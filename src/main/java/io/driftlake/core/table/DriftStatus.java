package io.driftlake.core.table;

/** The {@code status} of a drift row. */
public enum DriftStatus {
  /** Measured; every applicable metric is set. */
  OK,
  /** Could not be measured (e.g. missing from the current data, type changed); {@code message} says why. */
  FAILED,
  /** Nothing to measure (e.g. all values null); {@code message} says why. */
  SKIPPED;

  /**
   * The status a drift-table {@code status} value names; null for null or a value this version does
   * not know (a row written by another version).
   */
  public static DriftStatus fromColumn(String status) {
    for (DriftStatus value : values()) {
      if (value.name().equals(status)) {
        return value;
      }
    }
    return null;
  }
}
