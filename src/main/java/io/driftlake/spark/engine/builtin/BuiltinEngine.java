package io.driftlake.spark.engine.builtin;

import io.driftlake.spark.engine.CellsRequest;
import io.driftlake.spark.engine.RowCells;

import io.driftlake.spark.common.Features;
import io.driftlake.spark.engine.Grouping;
import io.driftlake.spark.engine.HistogramEngine;
import io.driftlake.spark.engine.ProfileRequest;
import io.driftlake.spark.engine.ProfileTarget;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.var_pop;

import io.driftlake.core.histogram.CoMoments;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code builtin} engine: histograms from built-in expressions only, so that the RAPIDS
 * Accelerator can run the whole histogram stage on the GPU. Per feature, a balanced comparison tree
 * gives the bin index (no UDF, no {@code width_bucket}, which RAPIDS runs only through its CPU bridge);
 * the features are unpivoted into (feature, bin, value) rows and counted with one grouped aggregation,
 * which also carries count, mean and population variance of the finite values per bin. Still one scan.
 *
 * <p>Joint moments ({@link CoMoments}) ride in the same aggregation, with built-ins only: for rows where
 * every joint feature is finite, the array {@code [1, y_1 … y_d, y_i·y_j (i ≤ j)]} of shifted values
 * {@code y_i = x_i − c_i} is spread over the features' cells ({@link #jointSlots}: each cell carries
 * its share of the elements, null otherwise), and the aggregation sums each slot ({@code sum} over
 * {@code cell.joint[k]}). Per group these sums give {@code n}, {@code μ_i = c_i + S_i/n} and
 * {@code C_ij = S_ij − S_i S_j / n}. Sums of products cancel when the mean is far from zero, so the
 * shift {@code c_i} is the feature's median frozen edge (near its reference median): the sums are then
 * of centred values and lose only a few bits (engine equality to 1e-9 relative in
 * JointDriftSparkTest). Why not Welford per row as the udaf engine does: it needs a per-row
 * state update, which no GPU-placeable built-in expresses; sums are what RAPIDS aggregates natively.
 * {@code --joint-max-features 0} turns them off.
 *
 * <p>The query runs without whole-stage codegen ({@link #withoutWholeStageCodegen}; only CPU operators
 * use it): fused, its methods were far over the 8,000 bytes HotSpot JIT-compiles, so a CPU run (a
 * RAPIDS fallback, or {@code --engine builtin} without a GPU) crawled (docs/performance.md, "The
 * builtin engine on the CPU").
 */
public final class BuiltinEngine implements HistogramEngine {
  private static final String DESCRIPTION = "builtin engine";

  @Override
  public String description() {
    return DESCRIPTION;
  }

  @Override
  public Outcome profile(ProfileRequest request) {
    return new Counted(profile(request.data(), request.targets(), request.grouping(), request.label(), request.joint()),
        DESCRIPTION);
  }

  /** Name of the label's bin column, a grouping key when a label is profiled. */
  private static final String LABEL_BIN = "__driftlake_label_bin";
  /** Spark's switch for whole-stage codegen, off while this engine's query runs ({@link #withoutWholeStageCodegen}). */
  static final String WHOLE_STAGE_CODEGEN = "spark.sql.codegen.wholeStage";
  /** Name of the column that says whether every joint value of the row is finite. */
  private static final String JOINT_FINITE = "__driftlake_joint_finite";
  /** Prefix of the shifted joint values' columns ({@code y_j = x_j − c_j}, null when not finite). */
  private static final String JOINT_VALUE = "__driftlake_joint_";

  private static Map<GroupKey, DatasetProfile> profile(Dataset<Row> data, List<ProfileTarget> targets,
      Grouping grouping, ProfileTarget label, List<String> joint) {
    Map<GroupKey, DatasetProfile> profiles = new LinkedHashMap<>();
    if (targets.isEmpty()) {
      for (Row row : grouping.apply(data).groupBy(grouping.keys()).agg(count(lit(1))).collectAsList()) {
        profiles.put(grouping.key(row, 0), new DatasetProfile(row.getLong(3), Map.of()));
      }
      return profiles;
    }
    List<Row> groups = withoutWholeStageCodegen(data.sparkSession(),
        () -> groups(data, targets, grouping, label, joint).collectAsList());
    Map<GroupKey, List<Row>> byGroup = new LinkedHashMap<>();
    for (Row row : groups) {
      byGroup.computeIfAbsent(grouping.key(row, 0), k -> new ArrayList<>()).add(row);
    }
    Fields fields = Fields.of(groups.get(0), label != null, jointSlots(joint.size(), targets.size()));
    int labelBins = label == null ? 0 : label.bins().binCount();
    double[] shifts = shifts(targets, joint);
    byGroup.forEach((key, rows) -> profiles.put(key, withJoint(assemble(targets, rows, fields, labelBins), joint, shifts,
        rows, fields, targets.size())));
    return profiles;
  }

  /**
   * Runs {@code action} (which plans and runs this engine's query) with whole-stage codegen off in the
   * session, then restores the setting exactly as it was (set to its old value, or unset).
   *
   * <p>Why: whole-stage codegen fuses the scan, the per-feature bin trees, the unpivot ({@code Expand})
   * and the aggregation into one method, and inside it Spark never splits an expression (the bin tree of
   * one 100-category feature alone is over 8,000 bytes of bytecode). HotSpot does not JIT-compile a
   * method over 8,000 bytes ({@code DontCompileHugeMethods}), and Spark only gives up on a stage above
   * {@code spark.sql.codegen.hugeMethodLimit} (65,535): below that the stage runs interpreted, above it
   * Janino first spends seconds failing to compile it (an ERROR with a stack trace in the log), then
   * Spark falls back. Without whole-stage codegen every operator runs its own generated projections,
   * in which Spark splits wide and nested expressions (each {@code CASE WHEN}'s branches, struct and
   * array elements, aggregate updates) into methods of about {@code spark.sql.codegen.methodSplitThreshold}
   * (1,024 characters of source): all JIT-compilable (BuiltinCodegenSparkTest checks every generated method
   * at 25 and 100 features). Under the RAPIDS Accelerator this changes nothing: the plugin replaces the
   * operators before {@code CollapseCodegenStages} runs, and GPU operators are not whole-stage generated
   * ({@code jobs/gpu-explain} checks the placement).
   *
   * <p>The setting is session-wide while the profile runs (with adaptive execution every stage is planned
   * during the action, so it cannot be scoped to one plan): another query run concurrently in the same
   * session meanwhile is planned without whole-stage codegen too, slower but with the same results.
   */
  public static <T> T withoutWholeStageCodegen(SparkSession spark, java.util.function.Supplier<T> action) {
    org.apache.spark.sql.RuntimeConfig conf = spark.conf();
    String before = conf.contains(WHOLE_STAGE_CODEGEN) ? conf.get(WHOLE_STAGE_CODEGEN) : null;
    conf.set(WHOLE_STAGE_CODEGEN, "false");
    try {
      return action.get();
    } finally {
      if (before == null) {
        conf.unset(WHOLE_STAGE_CODEGEN);
      } else {
        conf.set(WHOLE_STAGE_CODEGEN, before);
      }
    }
  }

  /**
   * The one aggregation of a profile (at least one target): per group key (and label bin), feature and
   * bin, the row count, the finite values' count, mean and population variance, and the joint sums.
   */
  public static Dataset<Row> groups(Dataset<Row> data, List<ProfileTarget> targets, Grouping grouping,
      ProfileTarget label, List<String> joint) {
    Dataset<Row> keyed = grouping.apply(data);
    Column[] groupKeys = grouping.keys();
    Column[] keys = groupKeys;
    if (label != null) {
      keyed = keyed.withColumn(LABEL_BIN, BinExpressions.bin(label));
      keys = java.util.Arrays.copyOf(groupKeys, groupKeys.length + 1);
      keys[groupKeys.length] = col(LABEL_BIN);
    }
    Column[] cells = new Column[targets.size()];
    Column[] cellRefs = new Column[targets.size()];
    double[] shifts = shifts(targets, joint);
    // the shifted values as their own columns first: the products then refer to them, instead of
    // repeating each value's expression d times (that exceeds the 64 KB method limit of codegen)
    for (int j = 0; j < joint.size(); j++) {
      String column = joint.get(j);
      ProfileTarget target = targets.stream().filter(t -> t.bins().column().equals(column)).findFirst().orElseThrow();
      keyed = keyed.withColumn(JOINT_VALUE + j,
          Features.finiteOnly(Features.numericValue(column, target.type())).minus(lit(shifts[j])));
    }
    int slots = jointSlots(joint.size(), targets.size());
    List<Column> jointElements = jointElements(joint.size());
    if (!joint.isEmpty()) {
      keyed = keyed.withColumn(JOINT_FINITE, allFinite(joint.size()));
    }
    for (int i = 0; i < targets.size(); i++) {
      ProfileTarget target = targets.get(i);
      FeatureBins bins = target.bins();
      Column value = bins.kind() == FeatureKind.NUMERIC
          ? Features.finiteOnly(Features.numericValue(bins.column(), target.type()))
          : lit(null).cast("double");
      Column jointCell = jointCell(jointElements, slots, i);
      cells[i] = struct(BinExpressions.bin(target).as("bin"), value.as("value"), jointCell.as("joint")).as(cellName(i));
      cellRefs[i] = col(cellName(i));
    }
    List<Column> aggregates = new ArrayList<>(List.of(count(col("cell.value")).as("finite"),
        avg(col("cell.value")).as("mean"), var_pop(col("cell.value")).as("variance")));
    for (int slot = 0; slot < slots; slot++) {
      aggregates.add(sum(col("cell.joint").getItem(slot)).as("j" + slot));
    }
    Column[] selected = new Column[keys.length + cells.length];
    System.arraycopy(keys, 0, selected, 0, keys.length);
    System.arraycopy(cells, 0, selected, keys.length, cells.length);
    Column[] groupBy = new Column[keys.length + 2];
    System.arraycopy(keys, 0, groupBy, 0, keys.length);
    groupBy[keys.length] = col("feature");
    groupBy[keys.length + 1] = col("cell.bin").as("bin");
    return keyed.select(selected)
        .unpivot(keys, cellRefs, "feature", "cell")
        .groupBy(groupBy)
        .agg(count(lit(1)).as("n"), aggregates.toArray(Column[]::new));
  }

  /** The name of target {@code i}'s cell column, and so its {@code feature} value after the unpivot. */
  private static String cellName(int i) {
    return "f" + i;
  }

  /**
   * Where each value of a result row is, found by name in the row's schema: the label's bin (or -1),
   * the feature's cell name, its bin, the count, the finite values' count, mean and variance, and each
   * joint slot's sum.
   */
  private record Fields(int labelBin, int feature, int bin, int count, int finite, int mean, int variance, int[] joint) {
    static Fields of(Row row, boolean label, int slots) {
      int[] joint = new int[slots];
      for (int slot = 0; slot < slots; slot++) {
        joint[slot] = row.fieldIndex("j" + slot);
      }
      return new Fields(label ? row.fieldIndex(LABEL_BIN) : -1, row.fieldIndex("feature"), row.fieldIndex("bin"),
          row.fieldIndex("n"), row.fieldIndex("finite"), row.fieldIndex("mean"), row.fieldIndex("variance"), joint);
    }
  }

  /** Each joint feature's shift: its median frozen edge (a value near the reference's median). */
  private static double[] shifts(List<ProfileTarget> targets, List<String> joint) {
    double[] shifts = new double[joint.size()];
    for (int j = 0; j < joint.size(); j++) {
      String column = joint.get(j);
      double[] edges = targets.stream().filter(t -> t.bins().column().equals(column)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("joint column " + column + " is not a target"))
          .bins().edgeArray();
      shifts[j] = edges.length == 0 ? 0.0 : edges[edges.length / 2];
    }
    return shifts;
  }

  /**
   * How many joint elements each feature's cell carries: the {@code 1 + d + d(d+1)/2} elements spread
   * over the cells, {@code ⌈width / features⌉} each (0 without joint features).
   *
   * <p>Why spread: every cell becomes one aggregated row, and the aggregation updates every sum for
   * every row, null or not. With all elements in the first feature's cell (null in the others) that was
   * {@code features × width} updates per input row (25 × 231 at 20 joint of 25 features); spread, it is
   * {@code features × ⌈width / features⌉ ≈ width}, and the aggregation has {@code ⌈width / features⌉}
   * sums (10 there), not {@code width}. Element {@code e} is then the sum of slot {@code e mod slots}
   * over the groups of feature {@code e div slots}.
   */
  public static int jointSlots(int d, int features) {
    if (d == 0) {
      return 0;
    }
    int width = 1 + d + CoMoments.triangle(d);
    return (width + features - 1) / features;
  }

  /** Whether every joint value of the row is finite (each {@link #JOINT_VALUE} column is null otherwise). */
  private static Column allFinite(int d) {
    Column allFinite = lit(true);
    for (int j = 0; j < d; j++) {
      allFinite = allFinite.and(col(JOINT_VALUE + j).isNotNull());
    }
    return allFinite;
  }

  /**
   * {@code [1, y_1 … y_d, y_i·y_j (i ≤ j)]} over the {@link #JOINT_VALUE} columns; empty without joint
   * features.
   */
  private static List<Column> jointElements(int d) {
    List<Column> elements = new ArrayList<>();
    if (d == 0) {
      return elements;
    }
    Column[] shifted = new Column[d];
    for (int j = 0; j < d; j++) {
      shifted[j] = col(JOINT_VALUE + j);
    }
    elements.add(lit(1.0));
    elements.addAll(List.of(shifted));
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        elements.add(shifted[i].multiply(shifted[j]));
      }
    }
    return elements;
  }

  /**
   * Feature {@code i}'s share of the joint elements, {@code slots} of them from element {@code i · slots}
   * (padded with nulls past the last, so that every cell has the same width and no index is out of
   * range), when every joint value is finite; else null, as without joint features.
   */
  private static Column jointCell(List<Column> elements, int slots, int i) {
    if (slots == 0 || i * slots >= elements.size()) {
      return lit(null).cast("array<double>");
    }
    Column[] share = new Column[slots];
    for (int slot = 0; slot < slots; slot++) {
      int e = i * slots + slot;
      share[slot] = e < elements.size() ? elements.get(e) : lit(null).cast("double");
    }
    return when(col(JOINT_FINITE), org.apache.spark.sql.functions.array(share));
  }

  /** The profile with its joint moments from the groups' sums ({@link #jointSlots}). */
  private static DatasetProfile withJoint(DatasetProfile profile, List<String> joint, double[] shifts, List<Row> groups,
      Fields fields, int features) {
    if (joint.isEmpty()) {
      return profile;
    }
    int d = joint.size();
    double[] sums = new double[1 + d + CoMoments.triangle(d)];
    int slots = jointSlots(d, features);
    Map<String, Integer> featureAt = featureIndexes(features);
    for (Row group : groups) {
      int feature = featureAt.get(group.getString(fields.feature()));
      for (int slot = 0; slot < slots; slot++) {
        int e = feature * slots + slot;
        int at = fields.joint()[slot];
        if (e < sums.length && !group.isNullAt(at)) {
          sums[e] += group.getDouble(at);
        }
      }
    }
    long n = Math.round(sums[0]);
    if (n == 0) {
      return new DatasetProfile(profile.rowCount(), profile.states(), CoMoments.empty(joint));
    }
    double[] means = new double[d];
    for (int i = 0; i < d; i++) {
      means[i] = shifts[i] + sums[1 + i] / n;
    }
    double[] comoments = new double[CoMoments.triangle(d)];
    int e = 0;
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        comoments[e] = sums[1 + d + e] - sums[1 + i] * sums[1 + j] / n;
        e++;
      }
    }
    return new DatasetProfile(profile.rowCount(), profile.states(), CoMoments.of(joint, n, means, comoments));
  }

  /** Target index by cell name ({@link #cellName}). */
  private static Map<String, Integer> featureIndexes(int features) {
    Map<String, Integer> at = new java.util.HashMap<>();
    for (int i = 0; i < features; i++) {
      at.put(cellName(i), i);
    }
    return at;
  }

  /** Folds the (feature, bin) groups into one state per feature, merging the per-bin moments (Chan et al.). */
  private static DatasetProfile assemble(List<ProfileTarget> targets, List<Row> groups, Fields fields, int labelBins) {
    List<Row> sorted = new ArrayList<>(groups);
    sorted.sort(Comparator.comparing((Row r) -> r.getString(fields.feature())).thenComparing(r -> r.getInt(fields.bin()))
        .thenComparing(r -> labelBins == 0 ? 0 : r.getInt(fields.labelBin())));
    Map<String, Integer> featureAt = featureIndexes(targets.size());
    Map<String, HistogramState> states = new LinkedHashMap<>();
    long[] rowsPerFeature = new long[targets.size()];
    for (ProfileTarget target : targets) {
      HistogramState empty = HistogramState.empty(target.bins().binCount());
      if (labelBins > 0) {
        empty.setJointLabelCounts(new long[target.bins().binCount() * labelBins]);
      }
      states.put(target.bins().column(), empty);
    }
    for (Row group : sorted) {
      int feature = featureAt.get(group.getString(fields.feature()));
      FeatureBins bins = targets.get(feature).bins();
      long n = group.getLong(fields.count());
      rowsPerFeature[feature] += n;
      HistogramState part = HistogramState.empty(bins.binCount());
      if (labelBins > 0) {
        part.setJointLabelCounts(new long[bins.binCount() * labelBins]);
      }
      if (group.getInt(fields.bin()) == BinExpressions.MISSING) {
        part.setMissingCount(n);
      } else {
        part.getBinCounts()[group.getInt(fields.bin())] = n;
        if (labelBins > 0 && group.getInt(fields.labelBin()) != BinExpressions.MISSING) {
          part.getJointLabelCounts()[group.getInt(fields.bin()) * labelBins + group.getInt(fields.labelBin())] = n;
        }
        long finite = group.getLong(fields.finite());
        if (finite > 0) {
          part.setFiniteCount(finite);
          part.setFiniteMean(group.getDouble(fields.mean()));
          part.setFiniteSquaredDeviations(group.getDouble(fields.variance()) * finite);
        }
      }
      states.get(bins.column()).merge(part);
    }
    return new DatasetProfile(rowsPerFeature[0], states);
  }


  /**
   * Universal states: for now counted from rows on the CPU ({@link RowCells}), the same states as the
   * other engines; the GPU-placeable cell keys are issue #23's step B (docs/gpu.md).
   */
  @Override
  public Outcome cells(CellsRequest request) {
    return new CountedCells(RowCells.count(request), DESCRIPTION + " (universal cells counted from rows, on the CPU)");
  }
}
