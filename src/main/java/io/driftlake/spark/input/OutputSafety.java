package io.driftlake.spark.input;

import io.driftlake.spark.common.LazySession;
import io.driftlake.spark.table.DriftTable;
import io.driftlake.spark.table.LogSchema;
import io.driftlake.spark.table.ProfileTable;

import io.delta.tables.DeltaTable;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Locations;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The tables a run writes are checked before anything is read: {@code --output} and
 * {@code --profile-table} must each be a new location, an empty folder, or an existing Delta table
 * whose columns are those of a Driftlake drift (or profile) table (an older release's table has
 * fewer), and neither may be an input or the other. Anything else, a folder of the user's files
 * above all, is an input error: writing a Delta log beside those files would make them part of a
 * table whose next VACUUM deletes them.
 */
public final class OutputSafety {
  /** Column names shown before "..." when a table's columns are not ours. */
  private static final int COLUMNS_SHOWN = 4;

  private OutputSafety() {}

  public static void check(SparkSession spark, DriftConfig config) {
    check(LazySession.of(spark), config);
  }

  /**
   * {@link #check(SparkSession, DriftConfig)} with the session started only where a check needs it: a
   * catalog table, a path on another file system, a Delta log Kernel cannot read. Local paths need none.
   */
  public static void check(LazySession spark, DriftConfig config) {
    Locations.checkOutputs(config);
    Map<String, String> written = new LinkedHashMap<>();
    written.put(DriftConfig.OUTPUT.option(), config.output());
    config.profileTable().ifPresent(t -> written.put(DriftConfig.PROFILE_TABLE.option(), t));
    Map<String, String> read = new LinkedHashMap<>();
    if (config.reference() != null) {
      read.put(DriftConfig.REFERENCE.option(), config.reference());
    }
    if (config.current() != null) {
      read.put(DriftConfig.CURRENT.option(), config.current());
    }
    List<String> writtenOptions = new ArrayList<>(written.keySet());
    for (int i = 0; i < writtenOptions.size(); i++) {
      String option = writtenOptions.get(i);
      String where = canonical(spark, option, written.get(option));
      Map<String, String> others = new LinkedHashMap<>(read);
      writtenOptions.subList(0, i).forEach(earlier -> others.put(earlier, written.get(earlier)));
      for (Map.Entry<String, String> other : others.entrySet()) {
        if (where.equals(canonical(spark, other.getKey(), other.getValue()))) {
          throw DriftErrors.outputIsInput(option, written.get(option), other.getKey());
        }
      }
    }
    checkTable(spark, DriftConfig.OUTPUT.option(), config.output(), DriftTable.SCHEMA, "drift");
    config.profileTable().ifPresent(t ->
        checkTable(spark, DriftConfig.PROFILE_TABLE.option(), t, ProfileTable.SCHEMA, "profile"));
  }

  /** Checks one table the run writes: new, empty, or a Delta table with {@code ours}' columns. */
  public static void checkTable(SparkSession spark, String option, String location, StructType ours, String role) {
    checkTable(LazySession.of(spark), option, location, ours, role);
  }

  private static void checkTable(LazySession spark, String option, String location, StructType ours, String role) {
    if (Locations.isPath(location)) {
      describeUnfitPath(spark, option, location, ours).ifPresent(what -> {
        throw DriftErrors.outputNotATable(option, location, what, role, DriftErrors.NEW_FOLDER);
      });
      return;
    }
    if (!spark.get().catalog().tableExists(location)) {
      return;
    }
    Map<String, String> details = describe(spark, option, location);
    String provider = details.getOrDefault("Provider", "").toLowerCase(Locale.ROOT);
    StructType schema = spark.get().table(location).schema();
    if (!provider.equals("delta") || !compatible(schema, ours)) {
      throw DriftErrors.outputNotATable(option, location, (provider.isEmpty() ? "a" : "a " + provider)
          + " table with columns " + columns(schema), role, DriftErrors.NEW_TABLE);
    }
  }

  private static Optional<String> describeUnfitPath(LazySession spark, String option, String location,
      StructType ours) {
    Optional<java.nio.file.Path> local = Locations.local(location);
    if (local.isPresent()) {
      Optional<String> unfit = Locations.describeUnfit(local.get());
      if (unfit.isPresent() || !java.nio.file.Files.isDirectory(local.get().resolve("_delta_log"))
          || !hasCommit(local.get().resolve("_delta_log"))) {
        return unfit; // no commit yet: the leftovers of a first write that was killed, never a table
      }
      return deltaUnfit(spark, option, location, ours);
    }
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(spark.get().sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        return Optional.empty();
      }
      if (!fs.getFileStatus(path).isDirectory()) {
        return Optional.of("a file");
      }
      Path log = new Path(path, "_delta_log");
      if (fs.exists(log) && java.util.Arrays.stream(fs.listStatus(log)).anyMatch(f -> COMMIT.matcher(f.getPath().getName()).matches())) {
        return deltaUnfit(spark, option, location, ours);
      }
      List<String> names = new ArrayList<>();
      for (FileStatus child : fs.listStatus(path)) {
        if (!child.getPath().getName().equals("_delta_log")) {
          names.add(child.getPath().getName() + (child.isDirectory() ? "/" : ""));
        }
      }
      names.sort(null);
      return names.isEmpty() ? Optional.empty() : Optional.of(Locations.folderWith(names));
    } catch (IOException e) {
      throw DriftErrors.outputUncheckable(option, location, "its folder could not be listed", e);
    }
  }

  /** A Delta log file that makes a table: a commit or a checkpoint (a first write killed before its commit leaves none). */
  private static final java.util.regex.Pattern COMMIT = java.util.regex.Pattern.compile("\\d{20}\\.(json|checkpoint\\..*parquet)");

  private static boolean hasCommit(java.nio.file.Path log) {
    try (var files = java.nio.file.Files.list(log)) {
      return files.anyMatch(f -> COMMIT.matcher(f.getFileName().toString()).matches());
    } catch (IOException e) {
      return true; // let the log read say what is wrong
    }
  }

  /** A Delta table whose columns are not ours; a log that cannot be read stops the run (fail closed). */
  private static Optional<String> deltaUnfit(LazySession spark, String option, String location, StructType ours) {
    StructType schema;
    try {
      // Kernel reads the schema from the log without a Spark job; Spark decides what Kernel cannot read
      schema = LogSchema.of(spark.hadoopConf(location), location).orElseGet(() -> DeltaTable.forPath(spark.get(), location).toDF().schema());
    } catch (Exception e) { // Delta's AnalysisException, a SparkException reading the log (Scala throws it unchecked), a Hadoop error
      throw DriftErrors.outputUncheckable(option, location, "its Delta log could not be read", e);
    }
    return compatible(schema, ours) ? Optional.empty() : Optional.of("a Delta table with columns " + columns(schema));
  }

  /** Every column is one of ours, of our type, and the first of ours (the run or profile id) is there. */
  public static boolean compatible(StructType theirs, StructType ours) {
    Map<String, StructField> byName = new LinkedHashMap<>();
    for (StructField field : ours.fields()) {
      byName.put(field.name(), field);
    }
    if (Arrays.stream(theirs.fieldNames()).noneMatch(ours.fields()[0].name()::equals)) {
      return false;
    }
    for (StructField field : theirs.fields()) {
      StructField mine = byName.get(field.name());
      if (mine == null || !mine.dataType().catalogString().equals(field.dataType().catalogString())) {
        return false;
      }
    }
    return true;
  }

  private static String columns(StructType schema) {
    List<String> names = Arrays.asList(schema.fieldNames());
    return "(" + String.join(", ", names.subList(0, Math.min(COLUMNS_SHOWN, names.size())))
        + (names.size() > COLUMNS_SHOWN ? ", ..." : "") + ")";
  }

  /**
   * One form per place ({@code option} names the location in an error): a path qualified by its file system and normalized (scheme, no trailing
   * slash, {@code ..} resolved); a catalog table by its location when it has one, else by its name
   * qualified with the current catalog and database.
   */
  public static String canonical(SparkSession spark, String option, String location) {
    return canonical(LazySession.of(spark), option, location);
  }

  private static String canonical(LazySession spark, String option, String location) {
    if (Locations.isPath(location)) {
      return qualifiedPath(spark, option, location);
    }
    if (spark.get().catalog().tableExists(location)) {
      String where = describe(spark, option, location).get("Location");
      if (where != null && !where.isBlank()) {
        return qualifiedPath(spark, option, where);
      }
    }
    List<String> parts = new ArrayList<>(Arrays.asList(location.split("\\.")));
    if (parts.size() < 2) {
      parts.add(0, spark.get().catalog().currentDatabase());
    }
    if (parts.size() < 3) {
      parts.add(0, spark.get().catalog().currentCatalog());
    }
    return "table:" + String.join(".", parts).toLowerCase(Locale.ROOT);
  }

  private static String qualifiedPath(LazySession spark, String option, String location) {
    Optional<java.nio.file.Path> local = Locations.local(location);
    if (local.isPresent()) {
      return "file:" + local.get();
    }
    try {
      Path path = new Path(location);
      String uri = path.getFileSystem(spark.get().sparkContext().hadoopConfiguration()).makeQualified(path).toUri()
          .normalize().toString();
      return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    } catch (IOException | IllegalArgumentException e) {
      throw DriftErrors.outputUncheckable(option, location, "its file system could not be resolved", e);
    }
  }

  /** DESCRIBE TABLE EXTENDED's detail rows (Provider, Location, ...). */
  private static Map<String, String> describe(LazySession spark, String option, String table) {
    String quoted = Arrays.stream(table.split("\\.")).map(p -> "`" + p + "`").reduce((a, b) -> a + "." + b).orElseThrow();
    Map<String, String> details = new LinkedHashMap<>();
    try {
      for (Row row : spark.get().sql("DESCRIBE TABLE EXTENDED " + quoted).collectAsList()) {
        if (row.getString(0) != null && row.getString(1) != null) {
          details.putIfAbsent(row.getString(0).trim(), row.getString(1).trim());
        }
      }
    } catch (Exception e) { // a view or a table this catalog cannot describe: not checked, so not written
      throw DriftErrors.outputUncheckable(option, table, "the table could not be described", e);
    }
    return details;
  }
}
