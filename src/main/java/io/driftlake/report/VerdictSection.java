package io.driftlake.report;

import static io.driftlake.report.Html.escape;
import static io.driftlake.report.Rows.notJudged;
import static io.driftlake.report.Rows.place;
import static io.driftlake.report.Rows.tableRow;

import io.driftlake.core.table.DriftRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The badge under the run's header: every drifted row counted, where they are, and what was not judged. */
final class VerdictSection {
  private VerdictSection() {}

  /** The badge: every drifted row counted, by where (whole data, windows, slices), and where they are. */
  static String verdict(List<DriftRecord> features, List<DriftRecord> windows, List<DriftRecord> slices,
      List<DriftRecord> rows, WindowLabels labels) {
    long wholeDrifted = features.stream().filter(Rows::drifted).count();
    long windowDrifted = windows.stream().filter(Rows::drifted).count();
    long sliceDrifted = slices.stream().filter(Rows::drifted).count();
    long total = wholeDrifted + windowDrifted + sliceDrifted;
    List<String> parts = new ArrayList<>();
    parts.add(wholeDrifted + " of " + features.size() + " features on the whole data");
    if (!windows.isEmpty()) {
      parts.add(windowDrifted + " of " + windows.size() + " window rows");
    }
    if (!slices.isEmpty()) {
      parts.add(sliceDrifted + " of " + slices.size() + " slice rows");
    }
    StringBuilder out = new StringBuilder();
    out.append("<div class=\"verdict ").append(total > 0 ? "bad" : "good").append("\" id=\"verdict\"><b>")
        .append(total == 0 ? "No drift" : total + (total == 1 ? " drifted row" : " drifted rows")).append("</b>: ")
        .append(escape(String.join(" · ", parts)));
    List<String> where = new ArrayList<>();
    features.stream().filter(Rows::drifted).forEach(r -> where.add(r.columnName() + " (whole data)"));
    where.addAll(places(windows.stream().filter(Rows::drifted).toList(), labels));
    where.addAll(places(slices.stream().filter(Rows::drifted).toList(), labels));
    if (!where.isEmpty()) {
      out.append("<div class=\"where\">where: ").append(escape(String.join("; ", where))).append("</div>");
    }
    List<DriftRecord> unjudged = rows.stream().filter(r -> !tableRow(r) && notJudged(r)).toList();
    if (!unjudged.isEmpty()) {
      out.append("<div class=\"where\">not judged: ").append(unjudged.size()).append(unjudged.size() == 1 ? " row" : " rows")
          .append(" (").append(escape(reasons(unjudged))).append(")</div>");
    }
    return out.append("</div>\n").toString();
  }

  /**
   * Why rows were not judged, most common first: each message up to its first ':' (the verdict's
   * reason without its counts), with the --min-rows bar when the message names it.
   */
  private static String reasons(List<DriftRecord> unjudged) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (DriftRecord r : unjudged) {
      String message = r.message() == null ? "no verdict" : r.message();
      String reason = message.contains(":") ? message.substring(0, message.indexOf(':')) : message;
      java.util.regex.Matcher bar = java.util.regex.Pattern.compile("--min-rows \\d+").matcher(message);
      if (bar.find()) {
        reason += ", below " + bar.group();
      }
      counts.merge(reason, 1, Integer::sum);
    }
    return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .map(e -> counts.size() == 1 ? e.getKey() : e.getValue() + " " + e.getKey()).collect(Collectors.joining("; "));
  }

  /** "feature in place, place, …" per feature, at most 4 places each and 6 features. */
  private static List<String> places(List<DriftRecord> drifted, WindowLabels labels) {
    Map<String, Set<String>> byFeature = new LinkedHashMap<>();
    drifted.stream().sorted(Comparator.comparing(DriftRecord::columnName).thenComparing(r -> place(r, labels)))
        .forEach(r -> byFeature.computeIfAbsent(r.columnName(), k -> new LinkedHashSet<>()).add(place(r, labels)));
    List<String> out = new ArrayList<>();
    int shown = 0;
    for (Map.Entry<String, Set<String>> e : byFeature.entrySet()) {
      if (shown++ == 6) {
        out.add("… " + (byFeature.size() - 6) + " more features");
        break;
      }
      List<String> p = new ArrayList<>(e.getValue());
      String list = String.join(", ", p.subList(0, Math.min(4, p.size())))
          + (p.size() > 4 ? " and " + (p.size() - 4) + " more" : "");
      out.add(e.getKey() + " in " + list);
    }
    return out;
  }
}
