package io.driftlake.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the log of a drift run made under the RAPIDS Accelerator's explain-only mode
 * ({@code spark.rapids.sql.mode=explainOnly}, {@code spark.rapids.sql.explain=ALL}) and decides
 * whether the histogram stage ran entirely on the GPU. The stage is every query plan logged between
 * Driftlake's {@code driftlake phase begin/end: profile-reference|profile-current} markers. In RAPIDS'
 * notation each operator line starts with {@code *} (will run on GPU), {@code !} (cannot),
 * {@code ^} (only via the CPU bridge), {@code @} (could, but its parent will not) or {@code #}
 * (will not, for another reason). Entirely on GPU means: at least one operator, all of them {@code *}.
 */
public final class GpuExplainVerdict {
  /** {@code <marker><kind> <Class> text}; kind is Exec, Partitioning, Expression, or empty for some aggregates. */
  private static final Pattern ENTRY = Pattern.compile("^\\s*([*!^@#$])(\\w*)\\s+<([^>]+)>(.*)$");
  private static final Set<String> OPERATOR_KINDS = Set.of("Exec", "Partitioning");
  private static final Pattern PHASE = Pattern.compile("driftlake phase (begin|end): (\\S+)");
  private static final Set<String> HISTOGRAM_PHASES = Set.of("profile-reference", "profile-current");

  /** The decision and the evidence: every distinct operator of the stage, and those not on the GPU. */
  public record Verdict(boolean entirelyOnGpu, Set<String> operators, Set<String> offGpu) {

    public String line(String engine) {
      if (operators.isEmpty()) {
        return engine + ": NO VERDICT: no histogram-stage plan found in the log (was explain-only mode on?)";
      }
      return entirelyOnGpu
          ? engine + ": histogram stage entirely on GPU (" + String.join(", ", operators) + ")"
          : engine + ": histogram stage NOT entirely on GPU; not on GPU: " + String.join(" | ", offGpu);
    }
  }

  private GpuExplainVerdict() {}

  public static Verdict judge(List<String> logLines) {
    Set<String> operators = new LinkedHashSet<>();
    Set<String> offGpu = new LinkedHashSet<>();
    String phase = null;
    for (String line : logLines) {
      Matcher marker = PHASE.matcher(line);
      if (marker.find()) {
        phase = marker.group(1).equals("begin") ? marker.group(2) : null;
        continue;
      }
      if (phase == null || !HISTOGRAM_PHASES.contains(phase)) {
        continue;
      }
      Matcher entry = ENTRY.matcher(line);
      if (!entry.matches()) {
        continue;
      }
      String symbol = entry.group(1);
      String evidence = symbol + entry.group(2) + " <" + entry.group(3) + ">" + shorten(entry.group(4));
      if (OPERATOR_KINDS.contains(entry.group(2))) {
        operators.add(entry.group(3));
        if (!symbol.equals("*")) {
          offGpu.add(evidence);
        }
      } else if (symbol.equals("!") || symbol.equals("^")) {
        offGpu.add(evidence); // an expression that keeps its operator off the GPU
      }
    }
    return new Verdict(!operators.isEmpty() && offGpu.isEmpty(), operators, offGpu);
  }

  private static String shorten(String text) {
    return text.length() > 160 ? text.substring(0, 157) + "..." : text;
  }

  /**
   * {@code GpuExplainVerdict ENGINE=LOG ... [--require-gpu ENGINE]}: prints one verdict line per engine;
   * exits 1 when a required engine is not entirely on the GPU.
   */
  public static void main(String[] args) throws IOException {
    List<String> required = new ArrayList<>();
    List<String[]> logs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--require-gpu")) {
        required.add(args[++i]);
      } else {
        logs.add(args[i].split("=", 2));
      }
    }
    int exit = 0;
    for (String[] log : logs) {
      Verdict verdict = judge(Files.readAllLines(Path.of(log[1])));
      System.out.println(verdict.line(log[0]));
      if (required.contains(log[0]) && !verdict.entirelyOnGpu()) {
        exit = 1;
      }
    }
    System.exit(exit);
  }
}
