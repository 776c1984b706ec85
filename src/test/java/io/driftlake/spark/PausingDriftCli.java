package io.driftlake.spark;

import io.driftlake.cli.DriftCli;
import java.util.Arrays;

/**
 * {@code drift} with a pause before the write phase, for AtomicWriteProcessTest, which kills this JVM
 * while it sleeps: {@code PausingDriftCli MILLIS ARGS...} installs {@link DriftJob#beforePhase} (a
 * package-private test seam, not API), prints {@code driftlake paused before write} when the write
 * phase is about to begin, sleeps {@code MILLIS} ms (none when 0), then carries on as {@code drift ARGS...}.
 * {@code @FILE} instead prints the same line and waits until FILE exists, so that a test can release
 * several paused JVMs into their writes at the same moment (the same-run-id race of AtomicWriteProcessTest).
 * Test scope: the shipped jar has no such hook.
 */
public final class PausingDriftCli {
  private PausingDriftCli() {}

  public static void main(String[] args) throws Exception {
    if (args[0].startsWith("@")) {
      java.nio.file.Path gate = java.nio.file.Path.of(args[0].substring(1));
      DriftJob.beforePhase = phase -> {
        if (phase.equals(DriftJob.PHASE_WRITE)) {
          System.out.println("driftlake paused before write (until " + gate + " exists)");
          System.out.flush();
          try {
            long giveUp = System.currentTimeMillis() + 600_000; // a test that died never opens it: go on
            while (!java.nio.file.Files.exists(gate) && System.currentTimeMillis() < giveUp) {
              Thread.sleep(1);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };
      DriftCli.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    long millis = Long.parseLong(args[0]);
    DriftJob.beforePhase = phase -> {
      if (millis > 0 && phase.equals(DriftJob.PHASE_WRITE)) {
        System.out.println("driftlake paused before write (" + millis + " ms)");
        System.out.flush();
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    DriftCli.main(Arrays.copyOfRange(args, 1, args.length));
  }
}
