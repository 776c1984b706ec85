package io.driftlake.core;

import java.util.Collection;

/**
 * The error factory (after Delta kernel's {@code DeltaErrors}): the two kinds of failure ({@link #input}
 * = the user can fix it, exit 2; {@link #internal} = exit 1) and the messages several callers share
 * (missing option, bad option value, empty dataset, table not found, ...). A message that only one
 * place can produce is written there, through {@code input}/{@code internal}, so it still gets a kind
 * and is folded onto one line. Each reads "problem: detail. Fix.".
 */
public final class DriftErrors {
  private DriftErrors() {}

  public static DriftException input(String problemAndFix) {
    return new DriftException(DriftException.Kind.INPUT, oneLine(problemAndFix), null);
  }

  public static DriftException input(String problemAndFix, Throwable cause) {
    return new DriftException(DriftException.Kind.INPUT, oneLine(problemAndFix), cause);
  }

  public static DriftException internal(String problem, Throwable cause) {
    return new DriftException(DriftException.Kind.INTERNAL, oneLine(problem), cause);
  }

  public static DriftException missingOption(String option) {
    return input("missing required option " + option + ": give it on the command line or in the --config file");
  }

  /** {@code detail} says what was expected, e.g. "expected a whole number". */
  public static DriftException badOptionValue(String option, String value, String detail) {
    return input("invalid value '" + value + "' for " + option + ": " + detail);
  }

  public static DriftException pathNotFound(String role, String path) {
    return input(role + " path does not exist: " + path
        + ". Check the path, or pass a table name such as db.table");
  }

  public static DriftException tableNotFound(String role, String table) {
    return input(role + " table not found: " + table
        + ". Check the name, or give a path (use ./name for a relative path)");
  }

  public static DriftException unreadable(String role, String location, String format, String cause) {
    return input("cannot read " + role + " " + location + " as " + format + ": " + cause
        + ". Check the file, or set --" + role + "-format");
  }

  public static DriftException emptyDataset(String role, boolean afterFilter) {
    return input(role + " dataset has no rows" + (afterFilter ? " after --" + role + "-filter" : "")
        + ": nothing was written. Point --" + role + " at non-empty data"
        + (afterFilter ? " or loosen the filter" : ""));
  }

  public static DriftException badFilter(String role, String filter, String cause) {
    return input("invalid --" + role + "-filter '" + filter + "': " + cause
        + ". Give a Spark SQL boolean expression over the " + role + " columns");
  }

  public static DriftException unknownFeatures(Collection<String> names, Collection<String> available) {
    return input("--features names columns the reference does not have: " + String.join(", ", names)
        + ". Available: " + String.join(", ", available));
  }

  public static DriftException noFeatures() {
    return input("no features to measure: the reference has no column of a supported type"
        + " (numeric, boolean, string, date, timestamp). Name columns with --features or --categorical");
  }

  public static DriftException timeTravelNeedsDelta(String location) {
    return input("--reference-version/--reference-timestamp need a Delta reference, but " + location
        + " is not a Delta table. Drop the option or point --reference at a Delta table");
  }

  /**
   * {@code --output} (or {@code --profile-table}) names something that is not a Driftlake table of
   * {@code role} ("drift", "profile"): {@code what} says what is there ("a file", "a folder with 3
   * files (...)", "a Delta table with columns ..."); {@code fresh} what to give instead ("a new or
   * empty folder", "a new table name").
   */
  public static DriftException outputNotATable(String option, String location, String what, String role, String fresh) {
    return input(option + " " + location + " is " + what + " that is not a Driftlake " + role + " table: give "
        + fresh + ", or an existing " + role + " table");
  }

  /**
   * What is at a table the run writes could not be checked ({@code what}: the listing, the Delta log, the
   * table's description): the run stops before reading anything rather than assume nothing is there.
   */
  public static DriftException outputUncheckable(String option, String location, String what, Exception cause) {
    String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    int newline = detail.indexOf('\n');
    return input("cannot check " + option + " " + location + " before writing: " + what + " ("
        + (newline < 0 ? detail : detail.substring(0, newline)).strip() + "). Fix access to it, repair or remove it, or"
        + " give another " + option);
  }

  /** What to give instead of an unfit output path. */
  public static final String NEW_FOLDER = "a new or empty folder";
  /** What to give instead of an unfit output table name. */
  public static final String NEW_TABLE = "a new table name";

  /** A table the run writes is the same location as one it reads (or as the other table it writes). */
  public static DriftException outputIsInput(String option, String location, String otherOption) {
    return input(option + " " + location + " is the same location as " + otherOption
        + ": one location cannot be both. Give " + option
        + " a new or empty folder, or an existing Driftlake table");
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
