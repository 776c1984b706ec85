package io.driftlake.spark.common;

import io.driftlake.core.config.Locations;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * A run's SparkSession, started the first time something needs it: a run between two stored profiles
 * in local tables, with a new run id, checks its tables, reads both profiles and appends its rows with
 * Delta Kernel, and never starts one (a session's start is most of such a run's time). Anything that
 * needs Spark (a scan, a catalog table, an object store, a write Kernel cannot make) calls {@link #get}.
 */
public final class LazySession implements Supplier<SparkSession> {
  /** Whether this JVM's runs have had a session (a notebook's, or one a run started). */
  private static volatile boolean anyStarted;

  private final Supplier<SparkSession> start;
  /** The Hadoop configuration Spark would see, for local paths before the session starts. */
  private final Supplier<Configuration> localConf;
  private SparkSession session;

  private LazySession(Supplier<SparkSession> start, Supplier<Configuration> localConf, SparkSession session) {
    this.start = start;
    this.localConf = localConf;
    this.session = session;
    if (session != null) {
      anyStarted = true;
    }
  }

  /** A session that is already running. */
  public static LazySession of(SparkSession running) {
    return new LazySession(() -> running, null, running);
  }

  /**
   * A session {@code start} starts on the first {@link #get}; until then local paths are reached with
   * {@code localConf}, the Hadoop configuration Spark would see (the launcher's {@code spark.hadoop.*}).
   */
  public static LazySession starting(Supplier<SparkSession> start, Supplier<Configuration> localConf) {
    return new LazySession(start, localConf, null);
  }

  /** The session, started now if it was not yet. */
  @Override
  public synchronized SparkSession get() {
    if (session == null) {
      session = start.get();
      anyStarted = true;
    }
    return session;
  }

  /** Whether any run in this JVM has had a session, given or started (the command line's time line says so). */
  public static boolean anyStarted() {
    return anyStarted;
  }

  /** The session if it has started; empty otherwise (then no Spark job can have run). */
  public synchronized Optional<SparkSession> started() {
    return Optional.ofNullable(session);
  }

  /**
   * The Hadoop configuration to reach {@code path} with: the session's once it runs; before that, for
   * a local path, the one Spark would see ({@link #starting}'s {@code localConf}); any other path starts
   * the session (its {@code spark.hadoop.*} settings may carry the store's credentials).
   */
  public Configuration hadoopConf(String path) {
    return reachableWithoutSpark(path) ? localConf.get() : get().sessionState().newHadoopConf();
  }

  /**
   * Whether {@code location} is reached without the session: it has not started, and the location is a
   * path on the local file system under {@link #starting}'s configuration (a path without a scheme is
   * on the cluster's file system where that configuration's {@code fs.defaultFS} says so).
   */
  public boolean reachableWithoutSpark(String location) {
    return localConf != null && started().isEmpty() && Locations.local(location).isPresent()
        && onLocalFileSystem(localConf.get(), location);
  }

  /** Whether {@code path} resolves to the local ({@code file:}) file system under {@code hadoopConf}; false when it cannot be resolved. */
  public static boolean onLocalFileSystem(Configuration hadoopConf, String path) {
    try {
      return "file".equals(new org.apache.hadoop.fs.Path(path).getFileSystem(hadoopConf).getScheme());
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }
}
