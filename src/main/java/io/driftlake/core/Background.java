package io.driftlake.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Work started on a daemon thread of its own, with the caller's context class loader (on a cluster the
 * application's classes come from it), whose result or failure the caller takes later with
 * {@link #join}: how a run reads one input while it reads another or starts its session.
 */
public final class Background<T> {
  private final FutureTask<T> task;
  private final String name;

  private Background(FutureTask<T> task, String name) {
    this.task = task;
    this.name = name;
  }

  /** Starts {@code work} now on a daemon thread named {@code name}. */
  public static <T> Background<T> start(String name, Supplier<T> work) {
    FutureTask<T> task = new FutureTask<>(work::get);
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
    thread.start();
    return new Background<>(task, name);
  }

  /** What the work returned, or the exception or error it threw, unwrapped (a one-line {@link DriftException} stays one). */
  public T join() {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.cancel(true);
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }
}
