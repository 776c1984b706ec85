package io.driftlake.spark;

import io.driftlake.cli.DriftCli;
import java.util.Arrays;

/**
 * {@code drift} with a pause before the write phase, for AtomicWriteProcessTest, which kills this JVM
 * while it sleeps: {@code PausingDriftCli MILLIS ARGS...} installs {@link DriftJob#beforePhase} (a
 * package-private test seam, not API), prints {@code driftlake paused before write} when the write
 * phase is about to begin, sleeps {@code MILLIS} ms (none when 0), then carries on as {@code drift ARGS...}.
 * Test scope: the shipped jar has no such hook.
 */
public final class PausingDriftCli {
  private PausingDriftCli() {}

  public static void main(String[] args) throws Exception {
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
