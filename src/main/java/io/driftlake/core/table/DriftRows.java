package io.driftlake.core.table;

import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.metrics.ClassifierAuc;
import io.driftlake.core.metrics.DomainClassification;
import io.driftlake.core.metrics.FalseDiscovery;
import io.driftlake.core.metrics.FeatureComparison;
import io.driftlake.core.metrics.JointComparison;
import io.driftlake.core.verdict.DriftDecision;
import io.driftlake.core.verdict.DriftVerdict;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.NewValues;
import io.driftlake.core.profile.ProfileSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Map;

/**
 * Turns two profile sets over the same frozen bins into drift rows: for every group of the current
 * data (whole data, each slice, each window, each window×slice), one row per feature and one
 * {@code ':table'} row per comparison. A group is compared with the reference's group of the same
 * slice ({@code BASELINE}; always for whole-data rows) and, for windows under
 * {@link DriftType#consecutive()}, with the same slice's previous window ({@code CONSECUTIVE}; the
 * first window of a slice has none, a window after a gap gets SKIPPED rows).
 */
public final class DriftRows {
  private DriftRows() {}

  /**
   * A probability vector column ({@code --probability-col}) and the features its elements became
   * (in element order): its row compares the mean class distributions.
   */
  public record ProbabilityColumn(String column, List<String> elements) {}

  /**
   * The domain classifier's findings per compared group ({@code --domain-classifier}; baseline
   * comparisons only), the AUC it must exceed to drift the {@code :table} row, and what it cost (for
   * the progress line: the sample's read, the forests), or null.
   */
  public record Classified(Map<GroupKey, DomainClassification> byGroup, double aucThreshold, String cost) {
    /** No classifier ran. */
    public static final Classified NONE = new Classified(Map.of(),
        io.driftlake.core.config.DriftConfig.CLASSIFIER_AUC_THRESHOLD_DEFAULT);

    /** Without a word on its cost. */
    public Classified(Map<GroupKey, DomainClassification> byGroup, double aucThreshold) {
      this(byGroup, aucThreshold, null);
    }
  }

  public static List<DriftRecord> build(RunInfo run, List<FeatureSpec> features, ProfileSet reference,
      ProfileSet current, DriftType driftType) {
    return build(run, features, List.of(), reference, current, driftType);
  }

  public static List<DriftRecord> build(RunInfo run, List<FeatureSpec> features, List<ProbabilityColumn> probabilities,
      ProfileSet reference, ProfileSet current, DriftType driftType) {
    return build(run, features, probabilities, reference, current, driftType, NewValues.NONE);
  }

  /** {@link #build}, naming each categorical row's new values ({@code top_new_values}) from {@code newValues}. */
  public static List<DriftRecord> build(RunInfo run, List<FeatureSpec> features, List<ProbabilityColumn> probabilities,
      ProfileSet reference, ProfileSet current, DriftType driftType, NewValues newValues) {
    return build(run, features, probabilities, reference, current, driftType, newValues, false, Classified.NONE);
  }

  /**
   * {@link #build(RunInfo, List, List, ProfileSet, ProfileSet, DriftType, NewValues)}, with each baseline
   * comparison's domain classifier ({@code classified}) on its {@code :table} row; with
   * {@code familyPerWindow} each window (its slices and drift types, the whole-data rows apart) is a
   * Benjamini–Hochberg family of its own, as {@code drift watch} judges them: a window's verdicts
   * then depend only on its own rows, not on how many other windows the watch has seen.
   */
  public static List<DriftRecord> build(RunInfo run, List<FeatureSpec> features, List<ProbabilityColumn> probabilities,
      ProfileSet reference, ProfileSet current, DriftType driftType, NewValues newValues, boolean familyPerWindow,
      Classified classified) {
    List<Comparison> comparisons = new ArrayList<>();
    Map<GroupKey, DatasetProfile> groups = current.groups();
    String wholeDataNote = windowNote(current);
    // groups come ordered by window start, so the first window met per slice is its earliest
    Map<GroupKey, java.time.Instant> firstWindow = new java.util.HashMap<>();
    groups.keySet().stream().filter(GroupKey::windowed)
        .forEach(key -> firstWindow.putIfAbsent(key.withoutWindow(), key.windowStart()));
    for (Map.Entry<GroupKey, DatasetProfile> entry : groups.entrySet()) {
      GroupKey key = entry.getKey();
      if (!key.windowed() || driftType.baseline()) {
        DatasetProfile base = reference.groups().get(key.withoutWindow());
        String missing = base == null
            ? "slice value not present in the reference (a value outside its top slices): nothing to compare" : null;
        String note = key.windowed() ? null : wholeDataNote;
        compare(comparisons, run, features, probabilities, key, DriftType.BASELINE, base, entry.getValue(),
            missing, "reference", note, (column, limit) -> newValues.top(key.withoutWindow(), true, key, column, limit),
            classified.byGroup().get(key));
      }
      if (key.windowed() && driftType.consecutive()) {
        Granularity granularity = current.granularity();
        long start = Granularity.toMicros(key.windowStart());
        GroupKey previousKey = key.withWindow(Granularity.toInstant(granularity.previousWindowStart(start)), key.windowStart());
        DatasetProfile previous = groups.get(previousKey);
        if (previous == null && key.windowStart().equals(firstWindow.get(key.withoutWindow()))) {
          continue; // the first window of this slice has nothing before it
        }
        String missing = previous == null
            ? "no rows in the previous window (from " + previousKey.windowStart() + "): nothing to compare" : null;
        compare(comparisons, run, features, probabilities, key, DriftType.CONSECUTIVE, previous,
            entry.getValue(), missing, "previous window", null,
            (column, limit) -> newValues.top(previousKey, false, key, column, limit), null);
      }
    }
    return decide(run, comparisons, familyPerWindow, classified.aucThreshold());
  }

  /**
   * One comparison's feature rows (provisional {@code drifted}: the threshold alone) and what its
   * {@code ':table'} row needs.
   */
  private record Comparison(GroupKey key, DriftType driftType, List<DriftRecord> rows, long baseRows, long currentRows,
      String note, JointComparison joint, DomainClassification classifier) {
    /** The classifier's p-value when it is a test of the joint family, else null. */
    Double classifierPValue() {
      return classifier == null || !classifier.trained() || Double.isNaN(classifier.score().pValue()) ? null
          : classifier.score().pValue();
    }
  }

  /**
   * The drift decision over the whole run (docs/semantics.md, "Drift decision"), with two
   * Benjamini–Hochberg families of its own. The <b>feature family</b> is every row with a
   * {@code chi2_pvalue} (all features, windows, slices and drift types); its adjusted p-values become
   * {@code q_value}, and each row then gets {@link DriftDecision#decide}'s verdict (significant at
   * {@code alpha} and over the threshold, and at least {@code minRows} values on both sides);
   * mean-distribution rows have no test and are judged by the threshold and the row bar only. Rows
   * whose threshold metric does not apply keep their null verdict and message. The <b>pair family</b>
   * is every testable correlation pair of every comparison's joint features; its q-values decide only
   * the {@code ':table'} rows' joint verdicts. Kept apart, d joint features' d(d−1)/2 pair tests do not
   * dilute the features' q-values (42 features add 861 pairs: every feature's q-value would be ~20×
   * larger). The domain classifier's p-value ({@code --domain-classifier}) is one more test of the
   * pair family, the <b>joint family</b>: both claim the features' joint distribution changed. Then
   * each comparison's {@code ':table'} row counts the verdicts.
   */
  private static List<DriftRecord> decide(RunInfo run, List<Comparison> comparisons, boolean familyPerWindow,
      double aucThreshold) {
    Function<Comparison, Object> family = familyPerWindow
        ? comparison -> java.util.Objects.requireNonNullElse((Object) comparison.key().windowStart(), "whole")
        : comparison -> "run";
    Map<Object, List<Double>> pValues = new java.util.HashMap<>();
    // every testable pair of joint features and every classifier, in comparison order: the joint family
    // (per window too)
    Map<Object, List<Double>> pairPValues = new java.util.HashMap<>();
    for (Comparison comparison : comparisons) {
      for (DriftRecord row : comparison.rows()) {
        if (row.chi2Pvalue() != null) {
          pValues.computeIfAbsent(family.apply(comparison), k -> new ArrayList<>()).add(row.chi2Pvalue());
        }
      }
      if (comparison.joint() != null) {
        comparison.joint().pairs().stream().filter(pair -> !Double.isNaN(pair.pValue()))
            .forEach(pair -> pairPValues.computeIfAbsent(family.apply(comparison), k -> new ArrayList<>()).add(pair.pValue()));
      }
      if (comparison.classifierPValue() != null) {
        pairPValues.computeIfAbsent(family.apply(comparison), k -> new ArrayList<>()).add(comparison.classifierPValue());
      }
    }
    Map<Object, java.util.Iterator<Double>> qValueFamilies = new java.util.HashMap<>();
    pValues.forEach((key, values) -> qValueFamilies.put(key, FalseDiscovery.benjaminiHochberg(values).iterator()));
    Map<Object, java.util.Iterator<Double>> pairQValueFamilies = new java.util.HashMap<>();
    pairPValues.forEach((key, values) -> pairQValueFamilies.put(key, FalseDiscovery.benjaminiHochberg(values).iterator()));
    List<DriftRecord> out = new ArrayList<>();
    List<Integer> tableRows = new ArrayList<>();
    for (Comparison comparison : comparisons) {
      int measured = 0;
      int drifted = 0;
      for (DriftRecord row : comparison.rows()) {
        if (row.chi2Pvalue() != null) {
          row = row.with(DriftColumns.Q_VALUE, qValueFamilies.get(family.apply(comparison)).next());
        }
        if (row.drifted() != null) {
          row = judged(run, row);
        }
        if (row.drifted() != null) {
          measured++;
          drifted += row.drifted() ? 1 : 0;
        }
        out.add(row);
      }
      tableRows.add(out.size());
      out.add(DriftRecord.tableSummary(run, comparison.key(), comparison.driftType(), comparison.baseRows(),
          comparison.currentRows(), measured, drifted, comparison.note()));
    }
    // the pairs' and classifiers' q-values, in comparison order
    for (int c = 0; c < comparisons.size(); c++) {
      Comparison comparison = comparisons.get(c);
      int at = tableRows.get(c);
      java.util.Iterator<Double> pairQValues = pairQValueFamilies.getOrDefault(family.apply(comparison),
          java.util.Collections.emptyIterator());
      if (comparison.joint() != null) {
        List<DriftRecord> rows = out.subList(at - comparison.rows().size(), at);
        out.set(at, withJoint(run, out.get(at), comparison.joint(), rows, pairQValues));
      }
      if (comparison.classifier() != null) {
        Double q = comparison.classifierPValue() == null ? null : pairQValues.next();
        out.set(at, withClassifier(run, out.get(at), comparison.classifier(), q, aucThreshold));
      }
    }
    return out;
  }

  /** The start of a {@code :table} row's message part that says a domain classifier told the sides apart. */
  public static final String CLASSIFIER_DRIFT = "a classifier tells current from reference with AUC ";

  /**
   * The {@code :table} row with its comparison's domain classifier (docs/semantics.md, "Domain
   * classifier"): {@code classifier_auc}, {@code classifier_pvalue}, {@code classifier_top_features};
   * drifted also when the AUC exceeds {@code aucThreshold} with a q-value (in the run's joint family)
   * below alpha (the threshold alone with {@code --alpha none}) and at least {@code --min-rows}
   * held-out rows a side, and then its message names the AUC and the top features:
   * {@code a classifier tells current from reference with AUC 0.97 (x 0.48, y 0.47)}. A classifier
   * that could not be trained leaves the columns null and says why in the message.
   */
  private static DriftRecord withClassifier(RunInfo run, DriftRecord table, DomainClassification classifier, Double q,
      double aucThreshold) {
    String message = table.message();
    if (!classifier.trained()) {
      return table.with(DriftColumns.MESSAGE, message + "; " + classifier.note());
    }
    ClassifierAuc.Score score = classifier.score();
    List<DomainClassification.Importance> top = classifier.top(run.explainTop());
    List<List<Object>> topFeatures = new ArrayList<>();
    top.forEach(i -> topFeatures.add(List.of(i.feature(), i.importance())));
    boolean drifted = score.auc() > aucThreshold
        && !DriftDecision.tooFewRows(score.referenceRows(), score.currentRows(), run.minRows())
        && (run.alpha() == null || (q != null && q < run.alpha()));
    Boolean verdict = table.drifted();
    if (drifted) {
      verdict = true;
      StringBuilder part = new StringBuilder(CLASSIFIER_DRIFT)
          .append(String.format(java.util.Locale.ROOT, "%.2f", score.auc()));
      if (!top.isEmpty()) {
        part.append(" (").append(String.join(", ", top.stream().map(i -> i.feature() + " "
            + String.format(java.util.Locale.ROOT, "%.2f", i.importance())).toList())).append(')');
      }
      message += "; " + part;
    }
    if (classifier.note() != null) {
      message += "; " + classifier.note();
    }
    return table.toBuilder()
        .set(DriftColumns.CLASSIFIER_AUC, score.auc()).set(DriftColumns.CLASSIFIER_PVALUE, score.pValue())
        .set(DriftColumns.CLASSIFIER_TOP_FEATURES, topFeatures)
        .set(DriftColumns.DRIFTED, verdict).set(DriftColumns.MESSAGE, message)
        .build();
  }

  /**
   * The {@code :table} row with its comparison's joint drift (docs/semantics.md, "Joint drift"): the
   * multivariate and diagonal Gaussian KL, the largest correlation shift and its top pairs; drifted
   * also when a pair's shift exceeds {@code --correlation-threshold} with a q-value (in the run's family
   * of pair tests) below alpha (and
   * {@code --min-rows} joint rows each side), and then its message names the pair.
   */
  private static DriftRecord withJoint(RunInfo run, DriftRecord table, JointComparison joint, List<DriftRecord> rows,
      java.util.Iterator<Double> qValues) {
    java.util.Set<String> columns = new java.util.HashSet<>();
    joint.pairs().forEach(pair -> {
      columns.add(pair.a());
      columns.add(pair.b());
    });
    Double diagonal = diagonalKl(joint, rows);
    JointComparison.Pair strongest = null;
    Double strongestQ = null;
    int drifting = 0;
    for (JointComparison.Pair pair : joint.pairs()) {
      Double q = Double.isNaN(pair.pValue()) ? null : qValues.next();
      if (DriftDecision.pairDrifted(pair.shift(), run.correlationThreshold(), q, run.alpha(), joint.referenceRows(),
          joint.currentRows(), run.minRows())) {
        drifting++;
        if (strongest == null || pair.shift() > strongest.shift()) {
          strongest = pair;
          strongestQ = q;
        }
      }
    }
    List<List<Object>> top = new ArrayList<>();
    for (JointComparison.Pair pair : joint.topPairs(TOP_PAIRS)) {
      top.add(java.util.Arrays.asList(pair.a(), pair.b(), pair.referenceCorrelation(), pair.currentCorrelation(),
          Double.isNaN(pair.pValue()) ? null : pair.pValue()));
    }
    String message = table.message();
    Boolean drifted = table.drifted();
    if (strongest != null) {
      drifted = true;
      message += String.format(java.util.Locale.ROOT, "; %s ~ %s: correlation %.2f → %.2f%s%s", strongest.a(),
          strongest.b(), strongest.referenceCorrelation(), strongest.currentCorrelation(),
          strongestQ == null ? "" : String.format(java.util.Locale.ROOT, " (q %.3g)", strongestQ),
          drifting > 1 ? " and " + (drifting - 1) + " more pair" + (drifting > 2 ? "s" : "") + " shifted" : "");
    }
    if (joint.note() != null) {
      message += "; " + joint.note();
    }
    return table.toBuilder()
        .set(DriftColumns.GAUSSIAN_KL_MULTIVARIATE, joint.klNats() == null ? null : run.logBase().fromNats(joint.klNats()))
        .set(DriftColumns.GAUSSIAN_KL_DIAGONAL, diagonal)
        .set(DriftColumns.CORRELATION_SHIFT, joint.correlationShift())
        .set(DriftColumns.TOP_PAIRS, joint.pairs().isEmpty() ? null : top)
        .set(DriftColumns.JOINT_ROWS_REF, joint.referenceRows()).set(DriftColumns.JOINT_ROWS_CUR, joint.currentRows())
        .set(DriftColumns.DRIFTED, drifted).set(DriftColumns.MESSAGE, message)
        .build();
  }

  /** How many pairs {@code top_pairs} names. */
  static final int TOP_PAIRS = 3;

  /** The sum of the joint features' own {@code gaussian_kl} (already in the run's log base); null if one has none. */
  private static Double diagonalKl(JointComparison joint, List<DriftRecord> rows) {
    if (joint.columns().isEmpty()) {
      return null;
    }
    double sum = 0;
    for (String column : joint.columns()) {
      DriftRecord row = rows.stream().filter(r -> column.equals(r.columnName())).findFirst().orElse(null);
      if (row == null || row.gaussianKl() == null) {
        return null;
      }
      sum += row.gaussianKl();
    }
    return sum;
  }

  /** A measured row with the run's verdict in place of the threshold-only one. */
  private static DriftRecord judged(RunInfo run, DriftRecord row) {
    DriftVerdict verdict = verdict(row, run.thresholds().forColumn(row.columnName()), run.alpha(), run.minRows());
    return row.toBuilder().set(DriftColumns.DRIFTED, verdict.drifted()).set(DriftColumns.MESSAGE, verdict.message())
        .build();
  }

  /**
   * The verdict of a measured row (counts set) under {@code threshold}, {@code alpha} and
   * {@code minRows}, from its own columns: the metric value, the q-value and the counts. A
   * mean-distribution row has no significance test. The same verdict for a row read back from the
   * table, so its {@link DriftVerdict#reason()} needs no column of its own.
   */
  static DriftVerdict verdict(DriftRecord row, Threshold threshold, Double alpha, int minRows) {
    boolean testable = !DriftRecord.MEAN_DISTRIBUTION_KIND.equals(row.kind());
    return DriftDecision.decide(threshold, row.get(DriftColumns.metric(threshold.metric())), row.qValue(),
        testable ? alpha : null, row.refCount(), row.curCount(), minRows);
  }

  /** A comparison's new values of a column: up to {@code limit}, or null when unknown. */
  private interface NewValuesOf {
    List<NewValues.Value> top(String column, int limit);
  }

  /** From this many features a comparison's rows are computed in parallel (the common fork-join pool). */
  static final int PARALLEL_FEATURES = 32;

  private static void compare(List<Comparison> comparisons, RunInfo run, List<FeatureSpec> features,
      List<ProbabilityColumn> probabilities, GroupKey key, DriftType driftType,
      DatasetProfile base, DatasetProfile current, String missing, String baseName, String note, NewValuesOf newValues,
      DomainClassification classifier) {
    List<DriftRecord> rows = new ArrayList<>();
    // a wide table's comparisons run on every core: each reads only its feature's two states, and a Monte
    // Carlo p-value is seeded from its counts alone, so the rows are the same whichever thread computes them
    java.util.stream.Stream<FeatureSpec> each = features.size() >= PARALLEL_FEATURES ? features.parallelStream()
        : features.stream();
    List<DriftRecord> measured = each.map(feature -> feature(run, feature, key, driftType,
        base == null ? null : base.states().get(feature.column()), current.states().get(feature.column()),
        missing, baseName)).toList();
    for (int f = 0; f < features.size(); f++) {
      FeatureSpec feature = features.get(f);
      DriftRecord row = measured.get(f);
      if (row.driftStatus() == DriftStatus.OK && feature.bins() != null
          && feature.bins().kind() == io.driftlake.core.histogram.FeatureKind.CATEGORICAL) {
        List<NewValues.Value> top = newValues.top(feature.column(), run.explainTop());
        if (top != null) {
          List<List<Object>> values = new ArrayList<>();
          top.forEach(v -> values.add(List.of(v.value(), v.currentShare())));
          row = row.with(DriftColumns.TOP_NEW_VALUES, values);
        }
      }
      rows.add(row);
    }
    for (ProbabilityColumn probability : probabilities) {
      rows.add(meanDistribution(run, probability, key, driftType, base, current, missing, baseName));
    }
    JointComparison joint = missing == null && base != null && base.joint() != null && current.joint() != null
        ? JointComparison.compare(base.joint(), current.joint()) : null;
    comparisons.add(new Comparison(key, driftType, rows, base == null ? 0 : base.rowCount(), current.rowCount(),
        missing != null ? missing : note, joint, classifier));
  }

  private static DriftRecord feature(RunInfo run, FeatureSpec feature, GroupKey key,
      DriftType driftType, HistogramState base, HistogramState current, String missing, String baseName) {
    String column = feature.column();
    FeatureBins bins = feature.bins();
    if (!feature.binnable()) {
      return DriftRecord.unmeasured(run, key, driftType, column, feature.dataType(), null, null, null,
          DriftStatus.FAILED, feature.problem());
    }
    if (feature.problem() != null) {
      return DriftRecord.unmeasured(run, key, driftType, column, feature.dataType(), bins, base, null,
          DriftStatus.FAILED, feature.problem());
    }
    if (missing != null || base == null || current == null) {
      return DriftRecord.unmeasured(run, key, driftType, column, feature.dataType(), bins, base, current,
          DriftStatus.SKIPPED, missing != null ? missing : "no histogram for this feature: nothing to compare");
    }
    if (base.valueCount() == 0 || current.valueCount() == 0) {
      String side = base.valueCount() == 0 ? baseName : "current data";
      return DriftRecord.unmeasured(run, key, driftType, column, feature.dataType(), bins, base, current,
          DriftStatus.SKIPPED, "every value is null or NaN in the " + side + ": nothing to compare");
    }
    return DriftRecord.measured(run, key, driftType, feature.dataType(), bins, base, current,
        FeatureComparison.compare(bins, base, current, run.smoothing(), run.logBase()));
  }

  private static DriftRecord meanDistribution(RunInfo run, ProbabilityColumn probability, GroupKey key,
      DriftType driftType, DatasetProfile base, DatasetProfile current, String missing, String baseName) {
    int k = probability.elements().size();
    double[] baseMean = new double[k];
    double[] currentMean = new double[k];
    long baseRows = Long.MAX_VALUE;
    long currentRows = Long.MAX_VALUE;
    String problem = missing;
    for (int i = 0; i < k && problem == null; i++) {
      String element = probability.elements().get(i);
      HistogramState b = base == null ? null : base.states().get(element);
      HistogramState c = current.states().get(element);
      if (b == null || c == null || b.getFiniteCount() == 0 || c.getFiniteCount() == 0) {
        problem = "no finite values of " + element + " in the " + (b == null || b.getFiniteCount() == 0 ? baseName : "current data")
            + ": no mean class distribution to compare";
        break;
      }
      baseMean[i] = b.getFiniteMean();
      currentMean[i] = c.getFiniteMean();
      baseRows = Math.min(baseRows, b.getFiniteCount());
      currentRows = Math.min(currentRows, c.getFiniteCount());
    }
    if (problem != null) {
      return DriftRecord.unmeasured(run, key, driftType, probability.column(), "vector", null, null, null,
          io.driftlake.core.table.DriftStatus.SKIPPED, problem);
    }
    return DriftRecord.meanDistribution(run, key, driftType, probability.column(), probability.elements(), baseMean,
        currentMean, baseRows, currentRows);
  }

  private static String windowNote(ProfileSet current) {
    long outside = current.rowsWithoutWindow();
    return outside == 0 ? null
        : outside + " rows had a null window column: they count in whole-data rows only";
  }
}
