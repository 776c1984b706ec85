package io.driftlake.core.table;

import static io.driftlake.core.table.DriftRowsTest.BINS;
import static io.driftlake.core.table.DriftRowsTest.day;
import static io.driftlake.core.table.DriftRowsTest.find;
import static io.driftlake.core.table.DriftRowsTest.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.config.Binning;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.config.Thresholds;
import io.driftlake.core.metrics.ClassifierAuc;
import io.driftlake.core.metrics.DomainClassification;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.Smoothing;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.NewValues;
import io.driftlake.core.profile.ProfileSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The domain classifier on the {@code :table} rows: its columns, its verdict (AUC over the threshold
 * and q-value below alpha in the run's joint family), its summary line, and an untrained model's message.
 */
class ClassifierRowsTest {
  private static DomainClassification trained(double auc, double p) {
    return new DomainClassification(new ClassifierAuc.Score(auc, p, 3_000, 3_000),
        List.of(new DomainClassification.Importance("y", 0.47), new DomainClassification.Importance("x", 0.48),
            new DomainClassification.Importance("z", 0.05)), null);
  }

  private static List<DriftRecord> rows(Map<GroupKey, DomainClassification> classified, double alpha) {
    Map<String, String> types = Map.of("x", "double", "y", "double");
    double[] values = new double[40];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 10;
    }
    ProfileSet reference = new ProfileSet(BINS, types, Binning.QUANTILE, null, List.of(),
        Map.of(GroupKey.WHOLE, profile(values)));
    Map<GroupKey, DatasetProfile> groups = new LinkedHashMap<>();
    double[] all = new double[4 * values.length]; // the four days' rows
    for (int i = 0; i < all.length; i++) {
      all[i] = values[i % values.length];
    }
    groups.put(GroupKey.WHOLE, profile(all));
    for (int d = 1; d <= 4; d++) {
      groups.put(day(d), profile(values));
    }
    ProfileSet current = new ProfileSet(BINS, types, Binning.QUANTILE, Granularity.parse("1 day"), List.of(), groups);
    RunInfo run = new RunInfo("r", Instant.parse("2024-02-01T00:00:00Z"), "ref", "cur", Binning.QUANTILE,
        Smoothing.DEFAULT, LogBase.E, new Thresholds(Threshold.DEFAULT, Map.of()), alpha, 30, 2);
    List<FeatureSpec> features = List.of(new FeatureSpec("x", "double", BINS.get("x"), null),
        new FeatureSpec("y", "double", BINS.get("y"), null));
    return DriftRows.build(run, features, List.of(), reference, current, DriftType.BOTH, NewValues.NONE, false,
        new DriftRows.Classified(classified, 0.55));
  }

  @Test
  void theClassifierIsOneMoreTestOfTheJointFamilyAndNamesItsTopFeatures() {
    Map<GroupKey, DomainClassification> classified = new LinkedHashMap<>();
    classified.put(GroupKey.WHOLE, trained(0.97, 1e-20));
    classified.put(day(1), trained(0.60, 0.008)); // alone below 0.01; q = 0.008 · 3 / 2 = 0.012 in the family
    classified.put(day(2), trained(0.52, 0.3));
    classified.put(day(3), trained(0.54, 1e-9)); // significant, but not over the AUC threshold 0.55
    classified.put(day(4), DomainClassification.untrained("domain classifier: not trained, too few rows"));
    List<DriftRecord> rows = rows(classified, 0.01);

    DriftRecord whole = find(rows, GroupKey.WHOLE, "BASELINE", ":table");
    assertThat(whole.get(DriftColumns.CLASSIFIER_AUC)).isEqualTo(0.97);
    assertThat(whole.get(DriftColumns.CLASSIFIER_PVALUE)).isEqualTo(1e-20);
    assertThat(whole.get(DriftColumns.CLASSIFIER_TOP_FEATURES)).containsExactly(List.of("x", 0.48), List.of("y", 0.47));
    assertThat(whole.drifted()).isTrue();
    assertThat(whole.message()).isEqualTo("0 of 2 measured features drifted; "
        + "a classifier tells current from reference with AUC 0.97 (x 0.48, y 0.47)");
    assertThat(RunSummary.classifierDrift(whole))
        .isEqualTo("a classifier tells current from reference with AUC 0.97 (x 0.48, y 0.47)");

    // the family: 1e-20, 0.008, 0.3 and 1e-9 (four tests) give day 1 a q-value of 0.008 · 4 / 3 > 0.01
    assertThat(find(rows, day(1), "BASELINE", ":table").drifted()).isFalse();
    assertThat(find(rows, day(2), "BASELINE", ":table").drifted()).isFalse();
    assertThat(find(rows, day(3), "BASELINE", ":table").drifted()).isFalse();
    assertThat(find(rows, day(3), "BASELINE", ":table").get(DriftColumns.CLASSIFIER_AUC)).isEqualTo(0.54);
    DriftRecord untrained = find(rows, day(4), "BASELINE", ":table");
    assertThat(untrained.get(DriftColumns.CLASSIFIER_AUC)).isNull();
    assertThat(untrained.get(DriftColumns.CLASSIFIER_TOP_FEATURES)).isNull();
    assertThat(untrained.message()).endsWith("; domain classifier: not trained, too few rows");
    // consecutive comparisons have no classifier
    assertThat(find(rows, day(2), "CONSECUTIVE", ":table").get(DriftColumns.CLASSIFIER_AUC)).isNull();

    // without the other tests in its family, day 1's 0.008 alone would be under alpha
    DriftRecord alone = find(rows(Map.of(day(1), trained(0.60, 0.008)), 0.01), day(1), "BASELINE", ":table");
    assertThat(alone.drifted()).isTrue();
  }
}
