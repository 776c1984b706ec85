package io.driftlake.spark.input;

import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession a command-line run uses. An existing session (a notebook's, a test's) is reused as
 * it is. Otherwise the master comes from {@code --master}, else from spark-submit's {@code spark.master},
 * else {@code local[*]}; Delta's extension and catalog are added unless already configured.
 */
public final class DriftSessions {
  private DriftSessions() {}

  /** Whether a new session shows Spark's console progress bar (running stages, on stderr). */
  public enum ProgressBar {
    /** Off ({@code spark.ui.showConsoleProgress=false}), unless spark-submit's settings say otherwise. */
    OFF,
    /** On when the JVM has a terminal ({@code System.console() != null}): the command line's default. */
    WHEN_TERMINAL
  }

  public static SparkSession getOrCreate(String masterOrNull) {
    return getOrCreate(masterOrNull, ProgressBar.OFF);
  }

  /** {@link #getOrCreate(String)}; a new session shows the console progress bar as {@code bar} says. */
  public static SparkSession getOrCreate(String masterOrNull, ProgressBar bar) {
    Optional<SparkSession> existing = active();
    if (existing.isPresent()) {
      return existing.get();
    }
    useMutableContextClassLoader();
    SparkConf submitted = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("driftlake");
    String master = masterOrNull != null ? masterOrNull : submitted.get("spark.master", "local[*]");
    builder.master(master);
    if (!submitted.contains("spark.sql.extensions")) {
      builder.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    }
    if (!submitted.contains("spark.sql.catalog.spark_catalog")) {
      builder.config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    }
    setIfAbsent(builder, submitted, "spark.ui.showConsoleProgress",
        Boolean.toString(bar == ProgressBar.WHEN_TERMINAL && System.console() != null));
    if (master.startsWith("local")) {
      // Local runs: no UI, loopback only, few shuffle partitions and Delta snapshot partitions
      // (spark.databricks.delta.snapshotPartitions=2 cut a local Delta write/read sequence by ~40%).
      setIfAbsent(builder, submitted, "spark.ui.enabled", "false");
      setIfAbsent(builder, submitted, "spark.driver.host", "127.0.0.1");
      setIfAbsent(builder, submitted, "spark.driver.bindAddress", "127.0.0.1");
      setIfAbsent(builder, submitted, "spark.sql.shuffle.partitions",
          Integer.toString(Math.max(2, 2 * Runtime.getRuntime().availableProcessors())));
      setIfAbsent(builder, submitted, "spark.databricks.delta.snapshotPartitions", "2");
    }
    return builder.getOrCreate();
  }

  /**
   * spark-submit runs the main class under a {@code MutableURLClassLoader}; a plain {@code java -cp}
   * launch does not, and Spark plugins loaded from the classpath (the RAPIDS Accelerator) then fail with
   * {@code ClassNotFoundException}. Install the same loader before the session starts.
   */
  private static void useMutableContextClassLoader() {
    Thread thread = Thread.currentThread();
    ClassLoader current = thread.getContextClassLoader();
    if (!(current instanceof org.apache.spark.util.MutableURLClassLoader)) {
      thread.setContextClassLoader(new org.apache.spark.util.MutableURLClassLoader(new java.net.URL[0], current));
    }
  }

  private static Optional<SparkSession> active() {
    scala.Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isDefined()) {
      return Optional.of(active.get());
    }
    scala.Option<SparkSession> fallback = SparkSession.getDefaultSession();
    return fallback.isDefined() ? Optional.of(fallback.get()) : Optional.empty();
  }

  private static void setIfAbsent(SparkSession.Builder builder, SparkConf submitted, String key, String value) {
    if (!submitted.contains(key)) {
      builder.config(key, value);
    }
  }
}
