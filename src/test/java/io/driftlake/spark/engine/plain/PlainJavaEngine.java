package io.driftlake.spark.engine.plain;

import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.spark.common.Features;
import io.driftlake.spark.engine.HistogramEngine;
import io.driftlake.spark.engine.ProfileRequest;
import io.driftlake.spark.engine.ProfileTarget;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * A fourth engine, in test scope, to show what adding one takes: it implements {@link HistogramEngine}
 * in its own package, reads the features' values with the shared expressions ({@link Features}) and
 * counts them on the driver with plain Java ({@link HistogramState#addNumeric}, a map of states). It
 * touches no class of src/main; a shipped engine would add a constant to {@code core.config.Engine}
 * and a case to {@code spark.Engines.of}. Whole datasets only: a request with windows, slices, a label
 * or joint moments is not applicable, and says so.
 */
public final class PlainJavaEngine implements HistogramEngine {

  @Override
  public String description() {
    return "plain Java engine";
  }

  @Override
  public Outcome profile(ProfileRequest request) {
    if (!request.grouping().trivial() || request.label() != null || !request.joint().isEmpty()) {
      return new NotApplicable("the plain Java engine counts whole datasets only");
    }
    List<ProfileTarget> targets = request.targets();
    Column[] values = targets.stream().map(t -> t.bins().kind() == FeatureKind.NUMERIC
        ? Features.numericValue(t.bins().column(), t.type()) : Features.categoricalValue(t.bins().column(), t.type()))
        .toArray(Column[]::new);
    Map<String, HistogramState> states = new LinkedHashMap<>();
    targets.forEach(t -> states.put(t.bins().column(), HistogramState.empty(t.bins().binCount())));
    long rows = 0;
    Iterator<Row> it = values.length == 0 ? request.data().toLocalIterator()
        : request.data().select(values).toLocalIterator();
    while (it.hasNext()) {
      Row row = it.next();
      rows++;
      for (int i = 0; i < targets.size(); i++) {
        FeatureBins bins = targets.get(i).bins();
        HistogramState state = states.get(bins.column());
        if (row.isNullAt(i)) {
          state.addMissing();
        } else if (bins.kind() == FeatureKind.NUMERIC) {
          state.addNumeric(bins.edges(), ((Number) row.get(i)).doubleValue());
        } else {
          state.addCategory(bins.categories(), row.get(i).toString());
        }
      }
    }
    Map<GroupKey, DatasetProfile> profiles = new LinkedHashMap<>();
    profiles.put(GroupKey.WHOLE, new DatasetProfile(rows, states));
    return new Counted(profiles, description());
  }
}
