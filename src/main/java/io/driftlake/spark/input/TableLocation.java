package io.driftlake.spark.input;

/**
 * Whether a {@code --table} names a path or a catalog table, by the one rule the readers use
 * ({@link DatasetReader#isPath}), for callers outside this package that must decide before they
 * start a SparkSession (a path is read with Delta Kernel instead).
 */
public final class TableLocation {
  private TableLocation() {}

  /** A separator, a scheme, a data file extension or an existing file: a path; otherwise a table name. */
  public static boolean isPath(String table) {
    return DatasetReader.isPath(table);
  }
}
