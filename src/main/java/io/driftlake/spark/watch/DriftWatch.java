package io.driftlake.spark.watch;

import io.driftlake.core.profile.StoredProfile;
import io.delta.tables.DeltaTable;
import io.driftlake.DriftProgress;
import io.driftlake.DriftRun;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.config.Locations;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.spark.DriftJob;
import io.driftlake.spark.WatchBatch;
import io.driftlake.spark.common.SparkErrors;
import io.driftlake.spark.input.OutputSafety;
import io.driftlake.spark.table.DriftTable;
import io.driftlake.spark.table.ProfileTable;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructType;

/**
 * {@code drift watch}: the current data read as a Structured Stream, each micro-batch counted into
 * universal states, added to the watch's stored window states and compared with the stored reference
 * (docs/watch.md).
 *
 * <p><b>State.</b> The profile table holds the watch's whole state under profile id {@code watchId}:
 * the reference (profiled once, by the first micro-batch; later starts never scan it again) and every
 * window, each a universal state that merges by adding. The drift table holds one row per window ×
 * slice × drift type × column under run id {@code watchId}, always the latest.
 *
 * <p><b>Exactly once.</b> A micro-batch commits twice, each commit carrying Delta's idempotent-write
 * pair ({@code txnAppId} = {@code driftlake:watch=ID@QUERYID}, {@code txnVersion} = batch id + 1):
 * first the profile table (the state with the batch added), then the drift table (rows computed from
 * that state alone). Structured Streaming replays a batch whose sink did not finish; a replay finds
 * the profile commit already recorded, so it adds nothing again and compares the stored state as it
 * is, and a drift commit already recorded is skipped. The query id lives in the checkpoint, so a new
 * checkpoint (its batch ids start at 0 again) never collides with an older one's versions.
 *
 * <p><b>Verdicts.</b> Each window (its slices and drift types) is its own Benjamini–Hochberg family,
 * and the whole-data rows another: a window's verdict depends on its own rows, not on how many windows
 * the watch has seen, so the rows of windows a batch did not touch stay valid and are not rewritten.
 * All windows of a feature share one set of edges (frozen from the reference at the coarsest level of
 * the states compared); when a batch moves them, every window is rewritten.
 */
public final class DriftWatch {
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

  private final SparkSession spark;
  private final DriftConfig config;
  private final DriftProgress progress;
  private final PrintStream lines;
  private final String watchId;
  private final String profileTable;
  private final boolean profileTableDefaulted;
  /** Each feature's edges and categories as last written, null until this process wrote once. */
  private Map<String, List<Object>> lastEdges;
  /** Whether a window this process rewrote drifted (a feature row's verdict). */
  private volatile boolean drifted;
  private volatile long batches;
  private StreamingQuery query;

  private DriftWatch(SparkSession spark, DriftConfig config, DriftProgress progress, PrintStream lines) {
    this.spark = spark;
    this.progress = progress;
    this.lines = lines;
    String checkpoint = config.checkpoint().orElseThrow(() -> DriftErrors.input(
        "drift watch needs --checkpoint DIR: where Structured Streaming records what the watch has measured"));
    if (config.currentProfile().isPresent()) {
      throw DriftErrors.input("drift watch reads --current as a stream: drop --current-profile");
    }
    this.watchId = config.runId().orElseGet(() -> "watch-" + UNSAFE.matcher(lastName(checkpoint)).replaceAll("_"));
    this.profileTableDefaulted = config.profileTable().isEmpty();
    this.profileTable = config.profileTable().orElseGet(() -> stripSlash(checkpoint) + "-profiles");
    this.config = config.toBuilder().runId(watchId).profileTable(profileTable).build();
  }

  /**
   * Starts the watch: checks the settings and the stored reference, then starts the streaming query.
   * {@code lines} gets one line per micro-batch (batch id, rows, windows touched, seconds); null for none.
   */
  public static DriftWatch start(SparkSession spark, DriftConfig config, DriftProgress progress, PrintStream lines) {
    DriftWatch watch = new DriftWatch(spark, config, progress, lines);
    watch.query = watch.startQuery();
    return watch;
  }

  public StreamingQuery query() {
    return query;
  }

  /** The watch's id: its run id in the drift table and its profile id in the profile table. */
  public String watchId() {
    return watchId;
  }

  public String profileTable() {
    return profileTable;
  }

  /** Whether the profile table is the default one beside the checkpoint (not {@code --profile-table}). */
  public boolean profileTableDefaulted() {
    return profileTableDefaulted;
  }

  /** Whether any window this process rewrote has a drifted feature row. */
  public boolean drifted() {
    return drifted;
  }

  /** Micro-batches this process measured. */
  public long batches() {
    return batches;
  }

  private StreamingQuery startQuery() {
    OutputSafety.check(spark, config);
    checkReference();
    String trigger = config.trigger().orElse("available-now").trim();
    Trigger parsed;
    if (trigger.equalsIgnoreCase("available-now")) {
      parsed = Trigger.AvailableNow();
    } else {
      try {
        parsed = Trigger.ProcessingTime(trigger);
      } catch (IllegalArgumentException e) {
        throw DriftErrors.badOptionValue("--trigger", trigger, "expected available-now or an interval such as \"5 minutes\"");
      }
    }
    Dataset<Row> stream = readStream();
    VoidFunction2<Dataset<Row>, Long> each = this::measure;
    try {
      return stream.writeStream().queryName("driftlake-" + watchId)
          .option("checkpointLocation", config.checkpoint().orElseThrow())
          .trigger(parsed).foreachBatch(each).start();
    } catch (TimeoutException e) {
      throw DriftErrors.input("drift watch: the streaming query did not start: " + SparkErrors.firstLine(e));
    }
  }

  /**
   * The current data as a stream: a Delta table (path or name) with Delta's streaming source; a folder
   * of Parquet, JSON or CSV files with the file source, its schema taken from a batch read of the folder.
   */
  private Dataset<Row> readStream() {
    String location = config.current();
    Map<String, String> options = new LinkedHashMap<>(config.readOption());
    options.putAll(config.currentReadOption());
    DataStreamReader reader = spark.readStream().options(options);
    try {
      if (!Locations.isPath(location)) {
        return reader.table(location);
      }
      String format = config.currentFormat().orElse(DeltaTable.isDeltaTable(spark, location) ? "delta" : null);
      if ("delta".equals(format)) {
        return reader.format("delta").load(location);
      }
      var batch = io.driftlake.spark.input.DatasetReader.read(spark, "current", location, config.currentFormat(),
          java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), options);
      StructType schema = batch.data().schema();
      String resolved = batch.description().substring(0, batch.description().indexOf(':'));
      reader = reader.format(resolved).schema(schema);
      if (resolved.equals("csv")) {
        reader = reader.option("header", "true");
      }
      return reader.options(options).load(location);
    } catch (io.driftlake.core.DriftException e) {
      throw e;
    } catch (Exception e) {
      throw DriftErrors.input("drift watch: cannot stream --current " + location + ": " + SparkErrors.firstLine(e)
          + ". A Delta table, or a folder of Parquet, JSON or CSV files, can be watched");
    }
  }

  /**
   * A later start compares with the reference the first start stored: a different {@code --reference}
   * is a usage error that names the checkpoint.
   */
  private void checkReference() {
    if (config.referenceProfile().isPresent() || config.reference() == null) {
      return;
    }
    String stored = storedSources().get(ProfileTable.REFERENCE);
    if (stored != null && !Pattern.compile("[A-Za-z]+:" + Pattern.quote(config.reference()) + "(@.*| where .*)?").matcher(stored).matches()) {
      throw DriftErrors.input("drift watch: --reference " + config.reference() + " is not the reference this watch stored"
          + " at its first start (" + stored + "), and a watch compares with one reference. Pass that reference again,"
          + " or start a new watch with another --checkpoint (this one is " + config.checkpoint().orElseThrow() + ")");
    }
  }

  /**
   * What the profile table holds under the watch's id: each stored role ({@code reference},
   * {@code current}) with its source (what was read); empty before the first micro-batch stored them.
   */
  private Map<String, String> storedSources() {
    Map<String, String> sources = new HashMap<>();
    if (profileTableExists()) {
      ProfileTable.readTable(spark, profileTable).where("profile_id = '" + watchId + "'")
          .select("role", "source").distinct().collectAsList().forEach(r -> sources.put(r.getString(0), r.getString(1)));
    }
    return sources;
  }

  private boolean profileTableExists() {
    return Locations.isPath(profileTable) ? DeltaTable.isDeltaTable(spark, profileTable)
        : spark.catalog().tableExists(profileTable);
  }

  /** One micro-batch: merge, compare, write the touched windows' rows (see the class comment). */
  private void measure(Dataset<Row> batch, Long batchId) {
    long start = System.nanoTime();
    String queryId = batch.sparkSession().sparkContext().getLocalProperty("sql.streaming.queryId");
    String appId = "driftlake:watch=" + watchId + "@" + (queryId != null ? queryId : query.id().toString());
    boolean merged = DriftTable.recordedVersion(spark, profileTable, appId) >= batchId + 1;
    Map<String, String> stored = storedSources();
    String referenceSource = stored.get(ProfileTable.REFERENCE);
    StoredProfile previous = !merged && stored.containsKey(ProfileTable.CURRENT)
        ? ProfileTable.readStored(spark, profileTable, watchId + "/current", "--profile-table") : null;
    DriftConfig.Builder settings = config.toBuilder().checkpoint(null).trigger(null);
    if (referenceSource != null && config.referenceProfile().isEmpty()) {
      settings.put(DriftConfig.REFERENCE, null).put(DriftConfig.REFERENCE_VERSION, null)
          .put(DriftConfig.REFERENCE_TIMESTAMP, null).put(DriftConfig.REFERENCE_FILTER, null)
          .referenceProfile(watchId + "/reference");
    }
    if (merged) { // a replay: the batch is in the stored state already
      settings.put(DriftConfig.CURRENT, null).put(DriftConfig.CURRENT_FILTER, null).windowColumn(null).granularity(null)
          .currentProfile(watchId + "/current");
    }
    Set<Instant> touched = new TreeSet<>();
    java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
    DriftRun run = DriftJob.watchBatch(spark, settings.build(),
        new WatchBatch(merged ? null : batch, batchId, appId, previous, touched, rows, referenceSource), progress);
    Map<String, List<Object>> edges = edges(run.records());
    boolean all = merged || lastEdges == null || !lastEdges.equals(edges);
    Set<Instant> windows = all ? null : withNextWindows(touched);
    List<DriftRecord> written = windows == null ? run.records() : run.records().stream()
        .filter(r -> r.windowStart() == null || windows.contains(r.windowStart())).toList();
    DriftTable.writeWatch(spark, config.output(), watchId, written, windows, appId, batchId + 1);
    lastEdges = edges;
    if (new DriftRun(watchId, config.output(), written, true, run.info(), List.of()).driftDetected()) {
      drifted = true;
    }
    batches++;
    if (lines != null) {
      lines.printf(Locale.ROOT, "drift watch: batch %d: %,d rows, %d window(s) touched%s, %d drift rows %s, %.1f s%n",
          batchId, rows.get(), touched.size(), named(touched), written.size(),
          merged ? "rewritten (a replay: the batch was stored already)" : all ? "rewritten (every window)" : "rewritten",
          (System.nanoTime() - start) / 1e9);
      lines.flush();
    }
  }

  /** The touched windows and, for consecutive rows, the window after each (whose row compares with it). */
  private Set<Instant> withNextWindows(Set<Instant> touched) {
    Set<Instant> windows = new TreeSet<>(touched);
    Granularity granularity = config.granularity().orElse(null);
    if (granularity != null && config.driftType().consecutive()) {
      touched.forEach(w -> windows.add(Granularity.toInstant(granularity.windowEnd(Granularity.toMicros(w)))));
    }
    return windows;
  }

  /** Each feature's edges and categories (every window and slice of a feature shares them). */
  private static Map<String, List<Object>> edges(List<DriftRecord> records) {
    Map<String, List<Object>> edges = new LinkedHashMap<>();
    for (DriftRecord record : records) {
      double[] edgeArray = record.get(io.driftlake.core.table.DriftColumns.BIN_EDGES);
      Object binEdges = edgeArray == null ? null : java.util.Arrays.stream(edgeArray).boxed().toList();
      Object categories = record.get(io.driftlake.core.table.DriftColumns.CATEGORIES);
      if (binEdges != null || categories != null) {
        List<Object> pair = new ArrayList<>();
        pair.add(binEdges);
        pair.add(categories);
        edges.putIfAbsent(record.columnName(), pair);
      }
    }
    return edges;
  }

  private static String named(Set<Instant> windows) {
    if (windows.isEmpty()) {
      return "";
    }
    List<String> days = windows.stream().limit(4).map(w -> w.toString().replace("T00:00:00Z", "")).toList();
    return " (" + String.join(", ", days) + (windows.size() > 4 ? ", …" : "") + ")";
  }

  private static String stripSlash(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  private static String lastName(String location) {
    String stripped = stripSlash(location);
    return stripped.substring(stripped.lastIndexOf('/') + 1);
  }
}
