package io.driftlake.spark.input;

import io.driftlake.spark.common.SparkErrors;

import io.delta.tables.DeltaTable;
import io.driftlake.core.Background;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.Locations;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a reference or current dataset: a path (Parquet, CSV with header, JSON, ORC, or a Delta
 * directory; format inferred unless given) or a catalog table name, with optional Delta time travel and
 * a filter. Turns every way reading can fail into a one-line {@link io.driftlake.core.DriftException}.
 */
public final class DatasetReader {
  private static final List<String> FILE_EXTENSIONS = Locations.FILE_EXTENSIONS;

  private DatasetReader() {}

  /**
   * How every CSV input is read: a header line, types inferred from the data, and FAILFAST, so a
   * malformed row is an error rather than a silent null.
   */
  public static DataFrameReader csvOptions(DataFrameReader reader) {
    return reader.format("csv").options(CSV_DEFAULTS);
  }

  private static final Map<String, String> CSV_DEFAULTS = Map.of("header", "true", "inferSchema", "true", "mode", "FAILFAST");

  /** What was read, and how to describe it in the drift table's {@code reference}/{@code current} column. */
  public record Loaded(Dataset<Row> data, String description, boolean filtered) {}

  /** Whether a location names a path (not a table): {@link Locations#isPath}. */
  public static boolean isPath(String location) {
    return Locations.isPath(location);
  }

  /**
   * Reads one dataset; {@code options} (from {@code --read-option} and the side's own) go to Spark's
   * reader of a path after Driftlake's defaults, so they override them.
   */
  public static Loaded read(SparkSession spark, String role, String location, Optional<String> format,
      Optional<Long> version, Optional<String> timestamp, Optional<String> filter, Map<String, String> options) {
    Loaded loaded = isPath(location)
        ? readPath(spark, role, location, format, version, timestamp, options)
        : readTable(spark, role, location, version, timestamp);
    return filtered(loaded, role, filter);
  }

  /**
   * {@code loaded} with {@code filter} (a Spark SQL predicate, e.g. {@code --current-filter}) applied and
   * named in its description; a filter that does not analyse (unknown column, bad syntax) is a one-line
   * usage error now, before anything runs.
   */
  public static Loaded filtered(Loaded loaded, String role, Optional<String> filter) {
    if (filter.isEmpty()) {
      return loaded;
    }
    try {
      Dataset<Row> filtered = loaded.data().where(filter.get());
      filtered.queryExecution().analyzed(); // surfaces unknown columns and syntax errors now
      return new Loaded(filtered, loaded.description() + " where " + filter.get(), true);
    } catch (Exception e) {
      throw DriftErrors.badFilter(role, filter.get(), SparkErrors.firstLine(e));
    }
  }

  /**
   * A read started on a thread of its own ({@link #inBackground}): the plan reads the current data
   * while it reads the reference, so the Spark jobs that infer each side's schema (a CSV's header
   * and whole-file type inference, a JSON file's inference, a Parquet footer) run side by side on the
   * local cores instead of one after the other.
   */
  public static final class Pending {
    private final Background<Loaded> read;

    private Pending(Background<Loaded> read) {
      this.read = read;
    }

    /** What the read returned, or the exception it threw (a one-line {@link io.driftlake.core.DriftException}). */
    public Loaded join() {
      return read.join();
    }

    /**
     * Runs {@code work} (the other side's read) while this read runs; if {@code work} fails, waits
     * for this read to end before passing the failure on, so that no Spark job of a failed run is
     * still running when the session stops.
     */
    public <T> T meanwhile(Supplier<T> work) {
      try {
        return work.get();
      } catch (RuntimeException | Error e) {
        try {
          join();
        } catch (RuntimeException | Error ignored) {
          // the run fails with work's error, which comes first in the plan's order
        }
        throw e;
      }
    }
  }

  /** Runs {@code read} on a new daemon thread with the caller's class loader and this session active. */
  public static Pending inBackground(SparkSession spark, Supplier<Loaded> read) {
    return new Pending(Background.start("driftlake-read", () -> {
      SparkSession.setActiveSession(spark);
      return read.get();
    }));
  }

  private static Loaded readPath(SparkSession spark, String role, String location, Optional<String> format,
      Optional<Long> version, Optional<String> timestamp, Map<String, String> options) {
    Path path = new Path(location);
    FileSystem fs;
    FileStatus status;
    try {
      fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw DriftErrors.pathNotFound(role, location);
      }
      status = fs.getFileStatus(path);
    } catch (IOException e) {
      throw DriftErrors.input("cannot access " + role + " path " + location + ": " + e.getMessage()
          + ". Check the path and its permissions", e);
    }
    String resolved = format.orElseGet(() -> inferFormat(fs, status));
    boolean delta = resolved.equals("delta");
    if ((version.isPresent() || timestamp.isPresent()) && !delta) {
      throw DriftErrors.timeTravelNeedsDelta(location);
    }
    DataFrameReader reader = spark.read().format(resolved);
    if (resolved.equals("csv")) {
      reader = csvOptions(reader);
    }
    if (resolved.equals("json")) {
      reader = reader.option("mode", "FAILFAST");
      if (options.keySet().stream().noneMatch("multiLine"::equalsIgnoreCase) && startsWithArray(fs, status)) {
        reader = reader.option("multiLine", "true"); // one JSON array of records, not JSON Lines
      }
    }
    reader = reader.options(options);
    if (resolved.equals("csv")) {
      Map<String, String> csvOptions = new LinkedHashMap<>(CSV_DEFAULTS);
      options.forEach((key, value) -> {
        csvOptions.keySet().removeIf(key::equalsIgnoreCase);
        csvOptions.put(key, value);
      });
      Optional<StructType> schema = LocalCsvSchema.infer(spark, fs, status, csvOptions);
      if (schema.isPresent()) {
        reader = reader.schema(schema.get());
      }
    }
    if (version.isPresent()) {
      reader = reader.option("versionAsOf", version.get());
    }
    if (timestamp.isPresent()) {
      reader = reader.option("timestampAsOf", timestamp.get());
    }
    Dataset<Row> data;
    try {
      data = reader.load(location);
      data.schema();
    } catch (Exception e) {
      throw DriftErrors.unreadable(role, location, resolved, SparkErrors.firstLine(e));
    }
    String description = resolved + ":" + location;
    if (delta) {
      description += timestamp.map(ts -> "@" + ts)
          .orElseGet(() -> "@v" + version.orElseGet(() -> latestVersion(DeltaTable.forPath(spark, location))));
    }
    return new Loaded(data, description, false);
  }

  /**
   * Whether the first data file's first non-blank character is {@code [}: a file holding one JSON
   * array (the vega-datasets files, most API dumps), which Spark reads only with {@code multiLine}.
   */
  private static boolean startsWithArray(FileSystem fs, FileStatus status) {
    try {
      FileStatus file = status.isDirectory() ? firstDataFile(fs, status) : status;
      if (file == null) {
        return false;
      }
      try (java.io.InputStream in = fs.open(file.getPath())) {
        byte[] head = in.readNBytes(4096);
        for (char c : new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).toCharArray()) {
          if (!Character.isWhitespace(c) && c != '\u00ef' && c != '\u00bb' && c != '\u00bf') { // UTF-8 BOM bytes
            return c == '[';
          }
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static FileStatus firstDataFile(FileSystem fs, FileStatus dir) throws IOException {
    FileStatus[] children = fs.listStatus(dir.getPath());
    Arrays.sort(children);
    for (FileStatus child : children) {
      String name = child.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      FileStatus found = child.isDirectory() ? firstDataFile(fs, child) : child;
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Loaded readTable(SparkSession spark, String role, String table,
      Optional<Long> version, Optional<String> timestamp) {
    if (!spark.catalog().tableExists(table)) {
      throw DriftErrors.tableNotFound(role, table);
    }
    boolean delta = isDeltaTable(spark, table);
    if ((version.isPresent() || timestamp.isPresent()) && !delta) {
      throw DriftErrors.timeTravelNeedsDelta(table);
    }
    String quoted = Arrays.stream(table.split("\\.")).map(p -> "`" + p + "`").reduce((a, b) -> a + "." + b).orElseThrow();
    String sql = "SELECT * FROM " + quoted
        + version.map(v -> " VERSION AS OF " + v).orElse("")
        + timestamp.map(ts -> " TIMESTAMP AS OF '" + ts.replace("'", "") + "'").orElse("");
    Dataset<Row> data;
    try {
      data = spark.sql(sql);
    } catch (Exception e) {
      throw DriftErrors.unreadable(role, table, delta ? "delta" : "table", SparkErrors.firstLine(e));
    }
    String description = "table:" + table;
    if (delta) {
      description += timestamp.map(ts -> "@" + ts)
          .orElseGet(() -> "@v" + version.orElseGet(() -> latestVersion(DeltaTable.forName(spark, table))));
    }
    return new Loaded(data, description, false);
  }

  private static boolean isDeltaTable(SparkSession spark, String table) {
    try {
      DeltaTable.forName(spark, table);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static long latestVersion(DeltaTable table) {
    return table.history(1).select("version").head().getLong(0);
  }

  /** Delta when {@code _delta_log} is present; else the extension of the file, or of the first data file inside. */
  private static String inferFormat(FileSystem fs, FileStatus status) {
    try {
      if (status.isDirectory()) {
        if (fs.exists(new Path(status.getPath(), "_delta_log"))) {
          return "delta";
        }
        for (FileStatus child : fs.listStatus(status.getPath())) {
          String name = child.getPath().getName();
          if (name.startsWith("_") || name.startsWith(".")) {
            continue;
          }
          Optional<String> byName = formatOfName(name);
          if (byName.isPresent()) {
            return byName.get();
          }
          if (child.isDirectory()) {
            return inferFormat(fs, child); // partitioned layout: col=value/part-*.parquet
          }
        }
        return "parquet";
      }
      return formatOfName(status.getPath().getName()).orElse("parquet");
    } catch (IOException e) {
      return "parquet";
    }
  }

  private static Optional<String> formatOfName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String ext : FILE_EXTENSIONS) {
      if (lower.endsWith("." + ext) || lower.contains("." + ext + ".")) {
        return Optional.of(ext.equals("jsonl") ? "json" : ext);
      }
    }
    return Optional.empty();
  }
}
