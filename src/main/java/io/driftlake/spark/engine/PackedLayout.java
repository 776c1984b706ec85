package io.driftlake.spark.engine;

import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryCodes;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.histogram.PackedHistograms;
import io.driftlake.core.profile.DatasetProfile;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The slot layout of a dataset's {@link PackedHistograms}, shared by the engines that count into one
 * flat state per group ({@code udaf} and {@code columnar}): every numeric feature's bins then its
 * missing slot, every categorical feature's categories, "other" and missing, then the joint (bin, label
 * bin) slots per feature and the joint features' co-moments. {@link #numeric} and {@link #categorical}
 * turn a result back into each feature's {@link HistogramState}.
 */
public final class PackedLayout implements Serializable {
  private static final long serialVersionUID = 1L;
  private final BinEdges[] edges;
  private final CategoryCodes[] categories;
  /** Slot offsets of the numeric features, then of the categorical ones (and the total). */
  private final int[] offsets;
  /** The label's codes when joint (feature bin, label bin) counts are kept, else null. */
  private final CategoryCodes label;
  /** Joint-count offsets per feature (and the total); each feature owns {@code bins × labelBins} slots. */
  private final int[] jointOffsets;
  /** Numeric indices of the joint features, whose co-moments are kept (empty: none). */
  private final int[] jointAt;

  /**
   * For {@code features} (numeric ones read from the numbers, categorical ones from the codes, each in
   * list order) with the code tables the input expressions were built with ({@link CategoryCoding.Coded#codes}),
   * one per categorical feature in order, and the label's (or null: then no joint label counts), also
   * keeping the co-moments ({@link io.driftlake.core.histogram.CoMoments}) of the numeric features at
   * {@code jointAt} (indices among the numeric features) over rows where all are finite.
   */
  public PackedLayout(List<FeatureBins> features, List<CategoryCodes> categoryCodes, CategoryCodes label, int[] jointAt) {
    this.jointAt = jointAt.clone();
    this.edges = features.stream().filter(f -> f.kind() == FeatureKind.NUMERIC).map(FeatureBins::edges)
        .toArray(BinEdges[]::new);
    this.categories = categoryCodes.toArray(CategoryCodes[]::new);
    int[] binCounts = new int[edges.length + categories.length];
    for (int n = 0; n < edges.length; n++) {
      binCounts[n] = edges[n].binCount();
    }
    for (int c = 0; c < categories.length; c++) {
      binCounts[edges.length + c] = categories[c].binCount();
    }
    this.offsets = PackedHistograms.offsets(binCounts);
    this.label = label;
    this.jointOffsets = new int[binCounts.length + 1];
    for (int f = 0; f < binCounts.length; f++) {
      jointOffsets[f + 1] = jointOffsets[f] + (label == null ? 0 : binCounts[f] * label.binCount());
    }
  }

  /** An empty state of this layout. */
  public PackedHistograms zero() {
    return PackedHistograms.empty(offsets[offsets.length - 1], edges.length, jointOffsets[jointOffsets.length - 1],
        jointAt.length);
  }

  /** The categorical features' code tables, in categorical order. */
  public CategoryCodes[] categories() {
    return categories.clone();
  }

  /** The label's code table, or null without a label. */
  public CategoryCodes label() {
    return label;
  }

  /** The numeric features' edges, in numeric order. */
  public BinEdges[] edges() {
    return edges.clone();
  }

  /** Where each feature's slots start (numeric, then categorical), and the total. */
  public int[] offsets() {
    return offsets.clone();
  }

  /** Where each feature's joint (bin, label bin) slots start, and the total; all 0 without a label. */
  public int[] jointOffsets() {
    return jointOffsets.clone();
  }

  /** The label's bins (its categories and "other"), 0 without a label. */
  public int labelBins() {
    return label == null ? 0 : label.binCount();
  }

  /** Numeric indices of the joint features. */
  public int[] jointAt() {
    return jointAt.clone();
  }

  /** The state of the {@code n}-th numeric feature. */
  public HistogramState numeric(PackedHistograms result, int n) {
    HistogramState state = result.unpack(offsets[n], offsets[n + 1], n);
    if (label != null) {
      result.unpackJoint(state, jointOffsets[n], jointOffsets[n + 1]);
    }
    return state;
  }

  /** The state of the {@code c}-th categorical feature. */
  public HistogramState categorical(PackedHistograms result, int c) {
    int f = edges.length + c;
    HistogramState state = result.unpack(offsets[f], offsets[f + 1], -1);
    if (label != null) {
      result.unpackJoint(state, jointOffsets[f], jointOffsets[f + 1]);
    }
    return state;
  }

  /** The profile of {@code rows} rows counted into {@code result} of this layout, one state per target. */
  public DatasetProfile unpack(List<ProfileTarget> targets, List<String> joint, long rows, PackedHistograms result) {
    Map<String, HistogramState> states = new LinkedHashMap<>();
    int n = 0;
    int c = 0;
    for (ProfileTarget target : targets) {
      FeatureBins bins = target.bins();
      states.put(bins.column(), bins.kind() == FeatureKind.NUMERIC ? numeric(result, n++) : categorical(result, c++));
    }
    return new DatasetProfile(rows, states, joint.isEmpty() ? null : result.coMomentsOf(joint));
  }

  /** A {@link PackedHistograms} read back from the struct Spark's bean encoder made of it. */
  public static PackedHistograms fromStruct(Row struct) {
    PackedHistograms packed = new PackedHistograms();
    packed.setCounts(struct.<Long>getList(struct.fieldIndex("counts")).stream().mapToLong(Long::longValue).toArray());
    packed.setFiniteCounts(struct.<Long>getList(struct.fieldIndex("finiteCounts")).stream().mapToLong(Long::longValue).toArray());
    packed.setMeans(struct.<Double>getList(struct.fieldIndex("means")).stream().mapToDouble(Double::doubleValue).toArray());
    packed.setSquaredDeviations(struct.<Double>getList(struct.fieldIndex("squaredDeviations")).stream()
        .mapToDouble(Double::doubleValue).toArray());
    packed.setJointCounts(struct.<Long>getList(struct.fieldIndex("jointCounts")).stream().mapToLong(Long::longValue).toArray());
    packed.setCoMomentCount(struct.getLong(struct.fieldIndex("coMomentCount")));
    packed.setCoMomentMeans(struct.<Double>getList(struct.fieldIndex("coMomentMeans")).stream()
        .mapToDouble(Double::doubleValue).toArray());
    packed.setCoMoments(struct.<Double>getList(struct.fieldIndex("coMoments")).stream()
        .mapToDouble(Double::doubleValue).toArray());
    return packed;
  }
}
