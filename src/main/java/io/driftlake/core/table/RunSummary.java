package io.driftlake.core.table;

import io.driftlake.core.config.DriftType;
import io.driftlake.core.NumberText;
import io.driftlake.core.config.Metric;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.config.Thresholds;
import io.driftlake.core.metrics.NoiseFloor;
import io.driftlake.core.verdict.BinContribution;
import io.driftlake.core.verdict.DriftDecision;
import io.driftlake.core.verdict.DriftVerdict.Reason;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The story of one run in plain text, from its drift rows: what was compared (row counts of both
 * sides), how it was judged (the threshold metric and value, alpha), each drifted feature with its
 * judged metric against the threshold, its noise floor, its q-value and the bin that moved most, the
 * features that did not drift or could not be judged and why, the windows and slices that drifted
 * (most drifted first), the notices of the plan (columns left out) and why the run exits with its code.
 *
 * <p>Noise is shown in the judged metric's units: {@code √js_noise_floor} for {@code js_distance},
 * {@code js_noise_floor} for {@code js_divergence}; for other metrics, next to the JS distance in its units.
 */
public final class RunSummary {
  /** Windows and slices listed by name; the rest are counted, and {@code show --drifted} lists them all. */
  public static final int GROUPS_LISTED = 5;
  /** Features listed per section (drifted, not drifted, ...); the rest are counted. */
  public static final int FEATURES_LISTED = 20;

  private final String runId;
  private final String output;
  private final List<DriftRecord> records;
  private final boolean failOnDrift;
  private final RunInfo info;
  private final List<String> notices;

  /**
   * @param info the run's settings (thresholds, alpha, min-rows); null when unknown, then the header
   *     reads them from the rows
   * @param notices lines about the plan (columns left out), printed as they are
   */
  public RunSummary(String runId, String output, List<DriftRecord> records, boolean failOnDrift, RunInfo info,
      List<String> notices) {
    this.runId = runId;
    this.output = output;
    this.records = List.copyOf(records);
    this.failOnDrift = failOnDrift;
    this.info = info;
    this.notices = List.copyOf(notices);
  }

  /** One comparison: a window and/or slice of the current data against its base, with its rows. */
  private record Group(Instant windowStart, Instant windowEnd, String sliceKey, String sliceValue, DriftType driftType,
      DriftRecord table, List<DriftRecord> features) {
    boolean whole() {
      return windowStart == null && sliceKey == null;
    }

    String category() {
      String slices = sliceKey == null ? null : "slices by " + sliceKey;
      if (windowStart == null) {
        return slices;
      }
      String windows = driftType == DriftType.CONSECUTIVE ? "windows vs the previous window" : "windows vs the reference";
      return slices == null ? windows : windows + ", " + slices;
    }

    /** e.g. {@code 2015-07}, {@code weather=rain}, {@code 2015-07 weather=rain vs the previous window}. */
    String label() {
      List<String> parts = new ArrayList<>();
      if (windowStart != null) {
        parts.add(windowLabel(windowStart, windowEnd));
      }
      if (sliceKey != null) {
        parts.add(sliceKey + "=" + sliceValue);
      }
      String label = String.join(" ", parts);
      return driftType == DriftType.CONSECUTIVE ? label + " vs the previous window" : label;
    }

    /** The label without the drift type: the same window (and slice) judged both ways is one place. */
    String place() {
      return label().replace(" vs the previous window", "");
    }

    List<DriftRecord> drifted() {
      return features.stream().filter(r -> Boolean.TRUE.equals(r.drifted())).sorted(BY_DRIFT).toList();
    }

    Boolean verdict() {
      return table == null ? null : table.drifted();
    }
  }

  /** Most drifted first: the largest JS distance (every measured row has one), then by name. */
  private static final Comparator<DriftRecord> BY_DRIFT = Comparator
      .comparing((DriftRecord r) -> r.jsDistance() == null ? -1.0 : r.jsDistance()).reversed()
      .thenComparing(DriftRecord::columnName);

  private List<Group> groups() {
    Map<List<Object>, List<DriftRecord>> byKey = new LinkedHashMap<>();
    for (DriftRecord r : records) {
      byKey.computeIfAbsent(java.util.Arrays.asList(r.windowStart(), r.windowEnd(), r.sliceKey(), r.sliceValue(),
          r.driftType()), k -> new ArrayList<>()).add(r);
    }
    List<Group> groups = new ArrayList<>();
    for (List<DriftRecord> rows : byKey.values()) {
      DriftRecord first = rows.get(0);
      DriftRecord table = rows.stream().filter(r -> DriftRecord.TABLE_ROW.equals(r.columnName())).findFirst().orElse(null);
      List<DriftRecord> features = rows.stream().filter(r -> !DriftRecord.TABLE_ROW.equals(r.columnName())).toList();
      groups.add(new Group(first.windowStart(), first.windowEnd(), first.sliceKey(), first.sliceValue(),
          first.driftTypeValue(), table, features));
    }
    return groups;
  }

  private Group whole() {
    return groups().stream().filter(Group::whole).findFirst()
        .orElse(new Group(null, null, null, null, DriftType.BASELINE, null, List.of()));
  }

  /** The summary: several lines, each ending with a newline. */
  public String text() {
    StringBuilder out = new StringBuilder();
    Group whole = whole();
    List<DriftRecord> features = whole.features();
    List<DriftRecord> drifted = features.stream().filter(r -> Boolean.TRUE.equals(r.drifted())).sorted(BY_DRIFT).toList();
    List<DriftRecord> notDrifted = features.stream().filter(r -> Boolean.FALSE.equals(r.drifted())).sorted(BY_DRIFT).toList();
    List<DriftRecord> notJudged = features.stream()
        .filter(r -> r.drifted() == null && r.driftStatus() == DriftStatus.OK).toList();
    List<DriftRecord> unmeasured = features.stream().filter(r -> r.driftStatus() != DriftStatus.OK).toList();
    List<Group> others = groups().stream().filter(g -> !g.whole()).toList();

    out.append(String.format(Locale.ROOT, "run %s: %d features, %d drifted; %d window/slice rows; written to %s%n",
        runId, features.size(), drifted.size(), records.stream().filter(r -> r.windowStart() != null || r.sliceKey() != null)
            .count(), output));
    if (whole.table() != null) {
      DriftRecord t = whole.table();
      out.append(String.format(Locale.ROOT, "rows: reference %s (%s), current %s (%s)%n",
          count(t.refCount()), t.reference(), count(t.curCount()), t.current()));
    }
    out.append(header(features)).append('\n');
    int width = Math.max(12, features.stream().mapToInt(r -> r.columnName().length()).max().orElse(0));
    section(out, "drifted", drifted, width);
    section(out, "not drifted", notDrifted, width);
    section(out, "not judged", notJudged, width);
    section(out, "not measured", unmeasured, width);
    String joint = jointDrift(whole.table());
    if (joint != null) {
      out.append("joint drift (the features move together differently): ").append(joint).append('\n');
    }
    String classifier = classifierDrift(whole.table());
    if (classifier != null) {
      out.append("joint drift: ").append(classifier).append('\n');
    }
    groupsSection(out, others);
    notices.forEach(n -> out.append(n).append('\n'));
    out.append(exitReason()).append('\n');
    return out.toString();
  }

  private String header(List<DriftRecord> features) {
    Thresholds thresholds = info != null ? info.thresholds() : null;
    Threshold threshold = thresholds != null ? thresholds.defaultThreshold()
        : features.stream().filter(r -> r.thresholdMetric() != null).findFirst()
            .map(r -> new Threshold(Metric.parse(r.thresholdMetric()), r.threshold())).orElse(Threshold.DEFAULT);
    Double alpha = info != null ? info.alpha()
        : features.stream().map(DriftRecord::alpha).filter(Objects::nonNull).findFirst().orElse(null);
    StringBuilder h = new StringBuilder("judged by ").append(threshold.metric().column())
        .append(' ').append(threshold.metric().comparisonSymbol()).append(' ').append(number(threshold.value()));
    if (alpha != null && !threshold.metric().isPValue()) {
      h.append(" and q_value < alpha ").append(number(alpha)).append(" (Benjamini-Hochberg over the run)");
    } else if (alpha == null) {
      h.append(" alone (--alpha none)");
    }
    if (thresholds != null && !thresholds.perColumn().isEmpty()) {
      h.append("; own thresholds: ");
      List<String> own = new ArrayList<>();
      thresholds.perColumn().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> own.add(e.getKey()
          + " " + e.getValue().metric().column() + " " + e.getValue().metric().comparisonSymbol() + " "
          + number(e.getValue().value())));
      h.append(String.join(", ", own));
    }
    if (info != null && info.minRows() > 0) {
      h.append("; at least ").append(info.minRows()).append(" values a side (--min-rows)");
    }
    return h.toString();
  }

  private static void section(StringBuilder out, String title, List<DriftRecord> rows, int width) {
    if (rows.isEmpty()) {
      return;
    }
    out.append(title).append(" (").append(rows.size()).append("):\n");
    rows.stream().limit(FEATURES_LISTED).forEach(r -> out.append("  ")
        .append(String.format(Locale.ROOT, "%-" + width + "s  ", r.columnName())).append(explain(r)).append('\n'));
    if (rows.size() > FEATURES_LISTED) {
      out.append("  and ").append(rows.size() - FEATURES_LISTED).append(" more\n");
    }
  }

  /**
   * One feature's verdict, e.g. {@code js_distance 0.22 > 0.1 (noise 0.05, q 3e-6)  [30.6, ∞): 1.2% → 9.8%}.
   */
  static String explain(DriftRecord r) {
    if (r.driftStatus() != DriftStatus.OK) {
      return r.status() + ": " + r.message();
    }
    Metric metric = r.thresholdMetric() == null ? null : Metric.parse(r.thresholdMetric());
    Double value = metric == null ? null : r.get(DriftColumns.metric(metric));
    if (r.drifted() == null || value == null) {
      return r.message() == null ? "not judged" : r.message();
    }
    boolean crosses = metric.crosses(value, r.threshold());
    String judged = metric.column() + " " + beside(value, r.threshold()) + " " + metric.relation(value, r.threshold())
        + " " + number(r.threshold());
    List<String> details = new ArrayList<>();
    String noise = noise(r, metric);
    if (noise != null) {
      details.add(noise);
    }
    boolean insignificant = !r.drifted() && crosses && r.alpha() != null && r.qValue() != null && r.qValue() >= r.alpha();
    if (r.qValue() != null && !insignificant) {
      details.add("q " + number(r.qValue()));
    }
    String text = judged;
    if (insignificant) {
      // three digits: a q-value just above alpha must not read as alpha itself
      text += " but q " + number(r.qValue(), 3) + " ≥ alpha " + number(r.alpha()) + ": within sampling noise";
    }
    if (!details.isEmpty()) {
      text += " (" + String.join(", ", details) + ")";
    }
    if (r.drifted()) {
      List<BinContribution> top = r.topBins();
      if (!top.isEmpty()) {
        BinContribution bin = top.get(0);
        text += "  " + bin.label() + ": " + percent(bin.refShare()) + " → " + percent(bin.curShare());
        String named = r.newValuesNamed(2);
        if (named != null) {
          text += " (" + named + ")";
        }
      }
    }
    return text;
  }

  /**
   * The noise floor in the judged metric's units ({@link NoiseFloor#inUnitsOf}): {@code noise 0.13} next
   * to a JS distance or divergence; for any other metric, whose noise the floor does not give, the JS
   * distance with its own noise ({@code js_distance 0.2 vs noise 0.13}), so a number is never read
   * against a floor in another unit.
   */
  private static String noise(DriftRecord r, Metric metric) {
    Double floor = r.jsNoiseFloor();
    if (floor == null || floor.isNaN()) {
      return null;
    }
    double inUnits = NoiseFloor.inUnitsOf(metric, floor);
    if (!Double.isNaN(inUnits)) {
      return "noise " + number(inUnits);
    }
    return r.jsDistance() == null ? null
        : "js_distance " + number(r.jsDistance()) + " vs noise " + number(NoiseFloor.inUnitsOf(Metric.JS_DISTANCE, floor));
  }

  private void groupsSection(StringBuilder out, List<Group> others) {
    if (others.isEmpty()) {
      return;
    }
    Map<String, List<Group>> byCategory = new LinkedHashMap<>();
    others.forEach(g -> byCategory.computeIfAbsent(g.category(), k -> new ArrayList<>()).add(g));
    for (Map.Entry<String, List<Group>> category : byCategory.entrySet()) {
      List<Group> groups = category.getValue();
      long judged = groups.stream().filter(g -> g.verdict() != null).count();
      long drifted = groups.stream().filter(g -> Boolean.TRUE.equals(g.verdict())).count();
      StringBuilder line = new StringBuilder(category.getKey()).append(": ");
      List<Group> unjudged = groups.stream().filter(g -> g.verdict() == null).toList();
      if (judged > 0) {
        line.append(drifted).append(" of ").append(judged).append(" drifted");
      }
      if (!unjudged.isEmpty()) {
        long fewRows = unjudged.stream().filter(this::hasTooFewRows).count();
        line.append(judged > 0 ? "; " + unjudged.size() + " not judged" : "none of " + unjudged.size() + " judged");
        if (fewRows == unjudged.size()) {
          line.append(" (too few rows: below --min-rows").append(info != null ? " " + info.minRows() : "").append(")");
        } else if (fewRows > 0) {
          line.append(" (").append(fewRows).append(" with too few rows, ").append(unjudged.size() - fewRows)
              .append(" skipped)");
        } else {
          line.append(" (skipped)");
        }
      }
      out.append(line).append('\n');
    }
    List<Group> drifted = others.stream().filter(g -> Boolean.TRUE.equals(g.verdict()))
        .sorted(Comparator.comparing((Group g) -> g.drifted().size()).reversed()
            .thenComparing(Comparator.comparing((Group g) -> maxDistance(g)).reversed())
            .thenComparing(Group::label))
        .toList();
    if (drifted.isEmpty()) {
      return;
    }
    out.append("drifted windows and slices, most drifted first:\n");
    int width = drifted.stream().limit(GROUPS_LISTED).mapToInt(g -> g.label().length()).max().orElse(0);
    for (Group g : drifted.stream().limit(GROUPS_LISTED).toList()) {
      List<DriftRecord> rows = g.drifted();
      List<String> names = new ArrayList<>();
      rows.stream().limit(3).forEach(r -> names.add(r.columnName() + " " + judgedValue(r)));
      out.append(String.format(Locale.ROOT, "  %-" + width + "s  %d of %d features drifted: %s%s%n", g.label(),
          rows.size(), g.features().size(), String.join(", ", names), rows.size() > 3 ? ", ..." : ""));
    }
    if (drifted.size() > GROUPS_LISTED) {
      out.append("  and ").append(drifted.size() - GROUPS_LISTED).append(" more\n");
    }
    out.append("list every drifted row: ").append(showCommand()).append('\n');
  }

  /** {@code jobs/drift show --table T --run-id ID --drifted}, quoted for a shell where needed. */
  public String showCommand() {
    return "jobs/drift show --table " + shellWord(output) + " --run-id " + shellWord(runId) + " --drifted";
  }

  private static String shellWord(String word) {
    return word.matches("[A-Za-z0-9_./:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  private boolean hasTooFewRows(Group g) {
    return g.features().stream().anyMatch(this::tooFewRows);
  }

  /**
   * Whether a row has no verdict because a side had too few values ({@link Reason#TOO_FEW_ROWS}): its
   * verdict decided again from its own columns under the run's {@code --min-rows}, so rows read back
   * from the table answer the same (the default bar when the run's settings are unknown).
   */
  private boolean tooFewRows(DriftRecord r) {
    Metric metric = Metric.fromColumn(r.thresholdMetric());
    if (r.driftStatus() != DriftStatus.OK || r.drifted() != null || metric == null || r.threshold() == null
        || r.refCount() == null || r.curCount() == null) {
      return false;
    }
    int minRows = info != null ? info.minRows() : DriftDecision.MIN_ROWS_DEFAULT;
    return DriftRows.verdict(r, new Threshold(metric, r.threshold()), r.alpha(), minRows).reason()
        == Reason.TOO_FEW_ROWS;
  }

  private static double maxDistance(Group g) {
    return g.drifted().stream().map(DriftRecord::jsDistance).filter(Objects::nonNull).mapToDouble(d -> d).max().orElse(0);
  }

  /** e.g. {@code js_distance 0.41}: the judged metric's value. */
  private static String judgedValue(DriftRecord r) {
    Metric metric = Metric.parse(r.thresholdMetric());
    Double value = r.get(DriftColumns.metric(metric));
    return metric.column() + " " + (value == null ? "-" : beside(value, r.threshold()));
  }

  /**
   * {@code value} with enough digits (2 to 6) not to print as its {@code threshold}: 0.1004 against 0.1
   * reads "0.1004", not "0.1", so a drifted value never looks equal to the bar it crossed.
   */
  static String beside(double value, Double threshold) {
    String text = number(value);
    for (int digits = 3; threshold != null && value != threshold && digits <= 6
        && text.equals(number(threshold)); digits++) {
      text = number(value, digits);
    }
    return text;
  }

  /**
   * Why the run exits with its code: {@code exit 3: drift found under --fail-on-drift in ...}, or
   * {@code exit 0: ...} saying whether drift was found and whether {@code --fail-on-drift} was on.
   */
  public String exitReason() {
    List<String> where = where();
    if (where.isEmpty()) {
      return failOnDrift ? "exit 0: no drift found (--fail-on-drift)" : "exit 0: no drift found";
    }
    String places = join(where);
    return failOnDrift ? "exit 3: drift found under --fail-on-drift in " + places
        : "exit 0: drift found in " + places + "; --fail-on-drift would make it exit 3";
  }

  /** Where drift was found: the whole data (its drifted features), then windows, slices, windows × slices. */
  private List<String> where() {
    List<String> where = new ArrayList<>();
    List<DriftRecord> wholeDrifted = whole().drifted();
    if (!wholeDrifted.isEmpty()) {
      where.add("the whole data (" + names(wholeDrifted.stream().map(DriftRecord::columnName).toList()) + ")");
    }
    List<String> joint = new ArrayList<>();
    java.util.stream.Stream.of(jointDrift(whole().table()), classifierDrift(whole().table())).filter(Objects::nonNull)
        .forEach(joint::add);
    if (!joint.isEmpty()) {
      where.add("the joint distribution (" + String.join("; ", joint) + ")");
    }
    Map<String, Set<String>> places = new LinkedHashMap<>();
    for (Group g : groups()) {
      if (!g.whole() && Boolean.TRUE.equals(g.verdict())) {
        String kind = g.windowStart() == null ? "slice" : g.sliceKey() == null ? "window" : "window slice";
        places.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(g.place());
      }
    }
    for (String kind : List.of("window", "slice", "window slice")) {
      Set<String> found = places.get(kind);
      if (found != null) {
        where.add(found.size() + " " + kind + (found.size() == 1 ? "" : "s") + " (" + names(List.copyOf(found)) + ")");
      }
    }
    return where;
  }

  /**
   * The drifted correlation pair a {@code ':table'} row names ({@code x ~ y: correlation 0.80 → -0.80
   * (q 0)}, see {@link DriftRows}), or null when its row did not drift for a pair.
   */
  static String jointDrift(DriftRecord table) {
    if (table == null || !Boolean.TRUE.equals(table.drifted()) || table.message() == null) {
      return null;
    }
    for (String part : table.message().split("; ")) {
      if (part.contains(" ~ ") && part.contains(": correlation ")) {
        return part;
      }
    }
    return null;
  }

  /**
   * The domain classifier's part of a drifted {@code ':table'} row's message ({@code a classifier tells
   * current from reference with AUC 0.97 (x 0.48, y 0.47)}, see {@link DriftRows}), or null.
   */
  static String classifierDrift(DriftRecord table) {
    if (table == null || !Boolean.TRUE.equals(table.drifted()) || table.message() == null) {
      return null;
    }
    for (String part : table.message().split("; ")) {
      if (part.startsWith(DriftRows.CLASSIFIER_DRIFT)) {
        return part;
      }
    }
    return null;
  }

  private static String names(List<String> names) {
    return names.size() <= 3 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
  }

  private static String join(List<String> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
  }

  /** A window: {@code 2015-07} (a month), {@code 2015-07-04} (a day), {@code 2015} (a year), else {@code [start, end)}. */
  static String windowLabel(Instant start, Instant end) {
    if (end != null && start.atOffset(ZoneOffset.UTC).toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
        && end.atOffset(ZoneOffset.UTC).toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
      LocalDate from = LocalDate.ofInstant(start, ZoneOffset.UTC);
      LocalDate to = LocalDate.ofInstant(end, ZoneOffset.UTC);
      if (from.plusDays(1).equals(to)) {
        return from.toString();
      }
      if (from.getDayOfMonth() == 1 && from.plusMonths(1).equals(to)) {
        return from.toString().substring(0, 7);
      }
      if (from.getDayOfYear() == 1 && from.plusYears(1).equals(to)) {
        return Integer.toString(from.getYear());
      }
      return "[" + from + ", " + to + ")";
    }
    return "[" + start + ", " + end + ")";
  }

  private static String count(Long n) {
    return n == null ? "-" : n + (n == 1 ? " row" : " rows");
  }

  private static String percent(double share) {
    return NumberText.percent(share);
  }

  /** Two significant digits, trailing zeros dropped; scientific below 0.001 ({@code 3e-6}): {@link NumberText#compact}. */
  static String number(double value) {
    return number(value, 2);
  }

  /** {@code digits} significant digits, trailing zeros dropped; scientific below 0.001. */
  static String number(double value, int digits) {
    return NumberText.compact(value, digits);
  }
}
