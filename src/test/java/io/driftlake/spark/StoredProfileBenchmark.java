package io.driftlake.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 23's stored-profile target ({@code jobs/bench --stored-only}): a run that compares two stored
 * profiles against a scan run of the same data, as whole {@code jobs/drift run} processes. One scan run
 * with {@code --profile-table} stores both sides' universal states (its run id names them); then, after
 * one warm-up of each, in turn: a scan run of the same reference and current data (no profile table,
 * a new run id each time: a blind append) and a run with {@code --reference-profile ID
 * --current-profile ID/current --profile-table P} (a new run id each time) that reads no data. Reported:
 * the medians of the wall times, the median of the per-pair ratios (target <= 0.25) and the runs'
 * own time lines.
 */
public final class StoredProfileBenchmark {
  private static final String STORED_ID = "bench-stored";

  private StoredProfileBenchmark() {}

  /** Medians, in seconds, and the median per-pair ratio stored / scan. */
  public record Result(int runs, double storing, double scan, double stored, double ratio,
      Map<String, Double> scanPhases, Map<String, Double> storedPhases) {

    /** The section's lines, also what {@code --stored-only} prints; the last is the target's. */
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add(String.format(Locale.ROOT, "stored profiles (whole process, medians of %d, in turn after a warm-up each):", runs));
      lines.add(String.format(Locale.ROOT, "  the scan run that stored both profiles (--profile-table, once): %.2f s", storing));
      lines.add(String.format(Locale.ROOT, "  scan run: %.2f s %s", scan, scanPhases));
      lines.add(String.format(Locale.ROOT, "  run from two stored profiles: %.2f s %s", stored, storedPhases));
      lines.add(String.format(Locale.ROOT, "stored/scan: %.2f (target <= 0.25)", ratio));
      return lines;
    }
  }

  /** Runs the section over {@code reference} and {@code current} with {@code runs} counted pairs, tables under {@code dir}. */
  public static Result run(Path dir, String reference, String current, int runs, String master, PrintStream out)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path tables = Files.createTempDirectory(dir, "stored");
    String profiles = tables.resolve("profiles").toString();
    FixedCostBenchmark.Timed storing = FixedCostBenchmark.launch(tables.resolve("storing.log"), Map.of(),
        List.of("run", "--reference", reference, "--current", current, "--output", tables.resolve("scan-stored").toString(),
            "--profile-table", profiles, "--run-id", STORED_ID, "--master", master));
    out.printf(Locale.ROOT, "  storing scan run: %.2f s %s%n", storing.seconds(), FixedCostBenchmark.timeLine(storing.log()));
    double[] scan = new double[runs];
    double[] stored = new double[runs];
    double[] ratios = new double[runs];
    List<Map<String, Double>> scanLines = new ArrayList<>();
    List<Map<String, Double>> storedLines = new ArrayList<>();
    for (int i = -1; i < runs; i++) {
      String label = i < 0 ? "warm-up" : "run " + (i + 1);
      FixedCostBenchmark.Timed a = FixedCostBenchmark.launch(tables.resolve("scan.log"), Map.of(),
          List.of("run", "--reference", reference, "--current", current, "--output", tables.resolve("scan").toString(),
              "--run-id", "bench-scan-" + (i + 1), "--master", master));
      FixedCostBenchmark.Timed b = FixedCostBenchmark.launch(tables.resolve("stored.log"), Map.of(),
          List.of("run", "--reference-profile", STORED_ID, "--current-profile", STORED_ID + "/current",
              "--profile-table", profiles, "--output", tables.resolve("from-stored").toString(),
              "--run-id", "bench-from-stored-" + (i + 1), "--master", master));
      Map<String, Double> aLine = FixedCostBenchmark.timeLine(a.log());
      Map<String, Double> bLine = FixedCostBenchmark.timeLine(b.log());
      out.printf(Locale.ROOT, "  stored profiles %s: scan run %.2f s %s, from stored profiles %.2f s %s, ratio %.3f%n",
          label, a.seconds(), aLine, b.seconds(), bLine, b.seconds() / a.seconds());
      if (i >= 0) {
        scan[i] = a.seconds();
        stored[i] = b.seconds();
        ratios[i] = b.seconds() / a.seconds();
        scanLines.add(aLine);
        storedLines.add(bLine);
      }
    }
    return new Result(runs, storing.seconds(), FixedCostBenchmark.median(scan), FixedCostBenchmark.median(stored),
        FixedCostBenchmark.median(ratios), medians(scanLines), medians(storedLines));
  }

  private static Map<String, Double> medians(List<Map<String, Double>> lines) {
    Map<String, Double> out = new java.util.TreeMap<>();
    for (String phase : lines.get(0).keySet()) {
      out.put(phase, FixedCostBenchmark.median(lines.stream().mapToDouble(l -> l.getOrDefault(phase, Double.NaN)).toArray()));
    }
    return out;
  }
}
