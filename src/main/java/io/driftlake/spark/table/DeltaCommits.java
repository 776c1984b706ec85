package io.driftlake.spark.table;

import java.util.ConcurrentModificationException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delta's optimistic concurrency, from the writer's side: a commit that loses a race to another
 * writer fails with a {@code DeltaConcurrentModificationException} (a
 * {@link ConcurrentModificationException}) and changes nothing, so the whole write is simply tried
 * again against the new table version. A Delta Kernel commit loses the same way with Kernel's
 * {@code ConcurrentWriteException} (a concurrent commit of the same application id, a concurrent
 * creation or metadata change; Kernel itself retries a commit that only lost to appends). Two first writers racing to create a table are the same case
 * (one of them sees {@code ProtocolChangedException} or "already exists").
 */
public final class DeltaCommits {
  /** Attempts before giving up; each waits a little longer, with jitter, so racing writers spread out. */
  static final int MAX_ATTEMPTS = 10;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeltaCommits.class);

  private DeltaCommits() {}

  /** Runs {@code write} (one Delta transaction) until it commits, retrying lost races. */
  public static void withRetry(String table, Runnable write) {
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        return;
      } catch (RuntimeException e) {
        if (!lostRace(e) || attempt == MAX_ATTEMPTS) {
          throw e;
        }
        long wait = Math.min(2000, 50L << attempt) + ThreadLocalRandom.current().nextLong(100);
        LOG.warn("driftlake: concurrent commit to {} ({}); retrying in {} ms (attempt {} of {})", table,
            e.getClass().getSimpleName(), wait, attempt + 1, MAX_ATTEMPTS);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static boolean lostRace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConcurrentModificationException || t instanceof io.delta.kernel.exceptions.ConcurrentWriteException) {
        return true;
      }
      String message = String.valueOf(t.getMessage());
      if (message.contains("TABLE_OR_VIEW_ALREADY_EXISTS") || message.contains("already exists")) {
        return true;
      }
    }
    return false;
  }
}
