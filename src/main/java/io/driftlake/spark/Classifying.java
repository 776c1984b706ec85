package io.driftlake.spark;

import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.metrics.DomainClassification;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.ProfileSet;
import io.driftlake.core.table.DriftRows;
import io.driftlake.spark.classifier.DomainClassifier;
import io.driftlake.spark.common.SparkErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;

/**
 * The run's domain classifier ({@code --domain-classifier}): which comparisons it classifies (the
 * whole data and each window, against the whole reference; not slices, not consecutive windows),
 * with which features (every comparable one), and what it says when it cannot run. Never fails the
 * run: a failure becomes a message on the {@code :table} row.
 */
final class Classifying {
  private Classifying() {}

  static DriftRows.Classified classify(SparkSession spark, DriftConfig config, Sides.Side reference, Sides.Side current,
      FeaturePlan features, ProfileSet referenceProfiles, ProfileSet currentProfiles, DataType windowType) {
    Map<GroupKey, Long> rows = new LinkedHashMap<>();
    currentProfiles.groups().forEach((key, profile) -> {
      if (!key.sliced()) {
        rows.put(key, profile.rowCount());
      }
    });
    double threshold = config.classifierAucThreshold();
    if (!(reference instanceof Sides.Scanned scannedReference) || !(current instanceof Sides.Scanned scannedCurrent)) {
      return untrained(rows, "domain classifier: not trained, it reads rows of both sides and a stored profile "
          + "(--reference-profile, --current-profile) keeps none", threshold);
    }
    List<DomainClassifier.Feature> inputs = features.comparable().stream().map(f -> new DomainClassifier.Feature(
        f.column(), f.value(f.referenceType()), f.value(f.currentType()),
        f.kind() == FeatureKind.CATEGORICAL ? f.bins().categories() : null)).toList();
    try {
      DomainClassifier.Result result = DomainClassifier.classify(spark, scannedReference.dataset().data(),
          referenceProfiles.whole().rowCount(), new DomainClassifier.Current(scannedCurrent.dataset().data(),
              config.windowColumn().orElse(null), windowType, config.granularity().orElse(null), rows),
          inputs, config.classifierSampleRows());
      return new DriftRows.Classified(result.byGroup(), threshold, result.cost());
    } catch (RuntimeException e) {
      return untrained(rows, "domain classifier: could not sample the data: " + SparkErrors.firstLine(e), threshold);
    }
  }

  private static DriftRows.Classified untrained(Map<GroupKey, Long> rows, String why, double threshold) {
    Map<GroupKey, DomainClassification> out = new LinkedHashMap<>();
    rows.keySet().forEach(key -> out.put(key, DomainClassification.untrained(why)));
    return new DriftRows.Classified(out, threshold);
  }
}
