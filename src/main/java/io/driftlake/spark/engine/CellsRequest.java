package io.driftlake.spark.engine;

import io.driftlake.core.histogram.FeatureKind;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * What an engine counts as universal states ({@link io.driftlake.core.profile.UniversalProfile}), in one
 * scan of {@code data}: every target's {@link io.driftlake.core.histogram.FeatureCells} per group of
 * {@code grouping} (a slice whose kept values are null is grouped by every value), the row count of
 * each group; with a {@code label} column (a categorical target, or null) each state's per-label-value
 * states; and the co-moments of the numeric targets named in {@code joint}, over the rows where all of
 * them are finite. No bins: they are chosen afterwards ({@link io.driftlake.core.profile.CellFreeze}).
 */
public record CellsRequest(Dataset<Row> data, List<Target> targets, Grouping grouping, String label, List<String> joint) {

  /** One feature: its column, kind and type in this dataset. */
  public record Target(String column, FeatureKind kind, DataType type) {}

  public CellsRequest {
    targets = List.copyOf(targets);
    joint = List.copyOf(joint);
  }

  /** The whole of {@code data}, no label, no joint moments. */
  public static CellsRequest of(Dataset<Row> data, List<Target> targets) {
    return new CellsRequest(data, targets, Grouping.none(), null, List.of());
  }

  /** The numeric targets, then the categorical ones: the order the counters keep their states in. */
  public List<Target> numeric() {
    return targets.stream().filter(t -> t.kind() == FeatureKind.NUMERIC).toList();
  }

  public List<Target> categorical() {
    return targets.stream().filter(t -> t.kind() == FeatureKind.CATEGORICAL).toList();
  }

  /** Indices of the joint columns among {@link #numeric}. */
  public int[] jointAt() {
    List<String> numeric = numeric().stream().map(Target::column).toList();
    int[] at = joint.stream().mapToInt(numeric::indexOf).toArray();
    for (int i = 0; i < at.length; i++) {
      if (at[i] < 0) {
        throw new IllegalArgumentException("joint column " + joint.get(i) + " is not a numeric target");
      }
    }
    return at;
  }
}
