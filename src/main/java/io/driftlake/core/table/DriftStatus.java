package io.driftlake.core.table;

/** The {@code status} of a drift row. */
public enum DriftStatus {
  /** Measured; every applicable metric is set. */
  OK,
  /** Could not be measured (e.g. missing from the current data, type changed); {@code message} says why. */
  FAILED,
  /** Nothing to measure (e.g. all values null); {@code message} says why. */
  SKIPPED
}
