package io.driftlake.spark;

import io.driftlake.DriftProgress;
import io.driftlake.Driftlake;
import io.driftlake.core.DriftException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code drift run} with a pause before the write phase, for AtomicWriteProcessTest, which kills this
 * JVM while it sleeps: {@code PausingDriftCli MILLIS run ARGS... [--master M]} runs the job through the
 * public API ({@link Driftlake#runCommandLine(SparkSession, List, DriftProgress)}) with a progress
 * listener that, when the compare phase ends (the write phase begins next, on the same thread), prints
 * {@code driftlake paused before write} and sleeps {@code MILLIS} ms (none when 0). {@code @FILE}
 * instead prints the same line and waits until FILE exists, so that a test can release several paused
 * JVMs into their writes at the same moment (the same-run-id race of AtomicWriteProcessTest). Exits 0
 * after a run, 2 with the one-line message after a {@link DriftException}.
 */
public final class PausingDriftCli {
  private PausingDriftCli() {}

  public static void main(String[] args) throws Exception {
    Runnable pause = pause(args[0]);
    List<String> runArgs = new ArrayList<>(Arrays.asList(args).subList(2, args.length)); // args[1] is "run"
    String master = null;
    int at = runArgs.indexOf("--master");
    if (at >= 0) {
      master = runArgs.get(at + 1);
      runArgs.subList(at, at + 2).clear();
    }
    SparkSession spark = Driftlake.session(master);
    int code = 0;
    try {
      Driftlake.runCommandLine(spark, runArgs, phase -> {
        if (phase.phase().equals(DriftJob.PHASE_COMPARE)) {
          pause.run();
        }
      });
    } catch (DriftException e) {
      System.err.println(e.getMessage());
      code = 2;
    }
    spark.stop();
    System.exit(code);
  }

  private static Runnable pause(String how) {
    if (how.startsWith("@")) {
      java.nio.file.Path gate = java.nio.file.Path.of(how.substring(1));
      return () -> {
        System.out.println("driftlake paused before write (until " + gate + " exists)");
        System.out.flush();
        long giveUp = System.currentTimeMillis() + 600_000; // a test that died never opens it: go on
        while (!java.nio.file.Files.exists(gate) && System.currentTimeMillis() < giveUp) {
          sleep(1);
        }
      };
    }
    long millis = Long.parseLong(how);
    return () -> {
      if (millis > 0) {
        System.out.println("driftlake paused before write (" + millis + " ms)");
        System.out.flush();
        sleep(millis);
      }
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
