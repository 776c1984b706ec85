package io.driftlake.spark.engine;

import io.driftlake.core.histogram.FeatureKind;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What every engine is asked to count, in one scan of {@code data}: a state per target and group of
 * {@code grouping} (window, slice key and value), the row count of each group; with a {@code label}
 * (a categorical column and its frozen bins, or null) each state's joint (bin, label bin) counts; and
 * the co-moments of the numeric targets named in {@code joint} (in that order; empty for none) over the
 * rows where all of them are finite.
 */
public record ProfileRequest(Dataset<Row> data, List<ProfileTarget> targets, Grouping grouping, ProfileTarget label,
    List<String> joint) {

  public ProfileRequest {
    targets = List.copyOf(targets);
    joint = List.copyOf(joint);
  }

  /** The whole of {@code data}, no label, no joint moments. */
  public static ProfileRequest of(Dataset<Row> data, List<ProfileTarget> targets) {
    return new ProfileRequest(data, targets, Grouping.none(), null, List.of());
  }

  /**
   * The joint columns for a run: the first {@code limit} numeric ones of {@code targets}, in order;
   * none when fewer than two (one feature has no joint drift) or {@code limit} is 0.
   */
  public static List<String> jointColumns(List<ProfileTarget> targets, int limit) {
    List<String> numeric = targets.stream().filter(t -> t.bins().kind() == FeatureKind.NUMERIC)
        .map(t -> t.bins().column()).limit(limit).toList();
    return numeric.size() < 2 ? List.of() : numeric;
  }
}
