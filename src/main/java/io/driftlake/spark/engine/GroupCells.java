package io.driftlake.spark.engine;

import io.driftlake.core.histogram.CoMoments;
import io.driftlake.core.histogram.FeatureCells;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.NumericCells;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.UniversalProfile;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * One partition's universal states, one per group (window start, slice key, slice value), shared by
 * the engines that count universal states: each group holds a {@link FeatureCells} per numeric then
 * categorical target, its row count and the joint features' co-moments (Welford, one row at a time).
 * A partition's groups leave as bytes ({@link UniversalProfile#toBytes}) and are merged across
 * partitions by key ({@link #merged}): ungrouped, on the driver as each task ends; grouped, by one
 * shuffle of at most partitions × groups states.
 */
public final class GroupCells {

  /** A group's key as the scan sees it: window start in µs (null: none), slice key and value (null: none). */
  public record Slot(Long window, String sliceKey, String sliceValue) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** One group's state as one partition counted it: its slot and {@link UniversalProfile#toBytes}. */
  public record Counted(Slot slot, byte[] bytes) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** One group's running state. */
  public static final class Group {
    public final FeatureCells[] numeric;
    public final FeatureCells[] categorical;
    public long rows;
    long coCount;
    final double[] coMeans;
    final double[] coMoments;

    Group(int numericCount, int categoricalCount, boolean labelled, int joint) {
      numeric = new FeatureCells[numericCount];
      int maxCells = NumericCells.boundFor(numericCount); // a wide table's group keeps its cells bounded too
      for (int f = 0; f < numericCount; f++) {
        numeric[f] = FeatureCells.empty(FeatureKind.NUMERIC, labelled, maxCells);
      }
      categorical = new FeatureCells[categoricalCount];
      for (int c = 0; c < categoricalCount; c++) {
        categorical[c] = FeatureCells.empty(FeatureKind.CATEGORICAL, labelled);
      }
      coMeans = new double[joint];
      coMoments = new double[CoMoments.triangle(joint)];
    }

    /** Adds one row to the co-moments when the joint values {@code values[at[k]]} are all finite. */
    public void addJoint(double[] values, int[] at) {
      for (int k : at) {
        double v = values[k];
        if (!(v - v == 0)) {
          return;
        }
      }
      CoMoments.add(coCount, coMeans, coMoments, values, at);
      coCount++;
    }

    /** Adds rows {@code rows[0..m)} of the joint columns (all finite) as one block ({@link CoMoments#addBlock}). */
    public void addJointBlock(double[][] columns, int[] rows, int m, double[][] scratch) {
      CoMoments.addBlock(coCount, coMeans, coMoments, columns, rows, m, scratch);
      coCount += m;
    }
  }

  private final List<String> numericColumns;
  private final List<String> categoricalColumns;
  private final boolean labelled;
  private final List<String> joint;
  private final Map<Slot, Group> groups = new LinkedHashMap<>();

  public GroupCells(List<String> numericColumns, List<String> categoricalColumns, boolean labelled, List<String> joint) {
    this.numericColumns = numericColumns;
    this.categoricalColumns = categoricalColumns;
    this.labelled = labelled;
    this.joint = joint;
  }

  /** The group of {@code slot}, created empty on first use. */
  public Group group(Slot slot) {
    return groups.computeIfAbsent(slot,
        s -> new Group(numericColumns.size(), categoricalColumns.size(), labelled, joint.size()));
  }

  /** The partition's non-empty groups as (slot, bytes of its {@link UniversalProfile}). */
  public Iterator<Counted> results() {
    List<Counted> out = new ArrayList<>();
    groups.forEach((slot, group) -> {
      if (group.rows > 0) {
        out.add(new Counted(slot, profile(group).toBytes()));
      }
    });
    return out.iterator();
  }

  private UniversalProfile profile(Group group) {
    Map<String, FeatureCells> states = new LinkedHashMap<>();
    for (int f = 0; f < numericColumns.size(); f++) {
      states.put(numericColumns.get(f), group.numeric[f]);
    }
    for (int c = 0; c < categoricalColumns.size(); c++) {
      states.put(categoricalColumns.get(c), group.categorical[c]);
    }
    CoMoments co = joint.isEmpty() ? null : CoMoments.of(joint, group.coCount, group.coMeans, group.coMoments);
    return new UniversalProfile(group.rows, states, co);
  }

  /**
   * Merges the partitions' states by group across the cluster and collects them, keyed as
   * {@code grouping} keys groups; an ungrouped empty dataset gives {@link GroupKey#WHOLE} with empty
   * states. One Spark job: ungrouped, and while the tasks' states stay small ({@link #driverMerges}), one
   * stage whose task results the driver merges as each task ends ({@link Received}; one state per task,
   * so no shuffle); else a {@code reduceByKey} (merges spread over the cluster: partitions × groups states).
   */
  public static Map<GroupKey, UniversalProfile> merged(JavaRDD<Counted> partitions, Grouping grouping,
      List<String> numericColumns, List<String> categoricalColumns, boolean labelled, List<String> joint) {
    Map<Slot, UniversalProfile> bySlot = new LinkedHashMap<>();
    if (grouping.trivial() && driverMerges(partitions, numericColumns.size(), categoricalColumns.size())) {
      bySlot = partitions.aggregate(new Received(), Received::add, Received::absorb).merged();
    } else {
      List<Tuple2<Slot, byte[]>> rows = partitions
          .mapToPair(counted -> new Tuple2<>(counted.slot(), counted.bytes()))
          .reduceByKey((a, b) -> UniversalProfile.fromBytes(a).merge(UniversalProfile.fromBytes(b)).toBytes())
          .collect();
      for (Tuple2<Slot, byte[]> row : rows) {
        bySlot.put(row._1(), UniversalProfile.fromBytes(row._2()));
      }
    }
    Map<GroupKey, UniversalProfile> profiles = new LinkedHashMap<>();
    bySlot.forEach((slot, profile) -> profiles.put(grouping.key(slot.window(), slot.sliceKey(), slot.sliceValue()), profile));
    if (grouping.trivial() && profiles.isEmpty()) {
      GroupCells empty = new GroupCells(numericColumns, categoricalColumns, labelled, joint);
      profiles.put(GroupKey.WHOLE, empty.profile(empty.group(new Slot(null, null, null))));
    }
    return profiles;
  }

  /**
   * Whether an ungrouped scan's task states go to the driver as task results: their estimated size in
   * all (per numeric feature its bound's cells at 4 bytes and a 4 KiB sketch, per categorical 64 KiB,
   * times the partitions) stays within 64 MiB and a quarter of {@code spark.driver.maxResultSize}, which
   * Spark checks against the sum of a job's task results. Wider or longer scans shuffle instead.
   */
  static boolean driverMerges(JavaRDD<?> partitions, int numericFeatures, int categoricalFeatures) {
    long perTask = numericFeatures * (NumericCells.boundFor(numericFeatures) * 4L + 4096) + categoricalFeatures * 65_536L + 4096;
    long limit = partitions.context().getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
    long budget = Math.min(64L << 20, limit > 0 ? limit / 4 : Long.MAX_VALUE);
    return partitions.getNumPartitions() * perTask <= budget;
  }

  /**
   * One task's states on their way to the driver ({@code counted}), and on the driver the states merged
   * so far: {@code RDD.aggregate} folds a task's states into a fresh {@code Received} there and hands it
   * to {@link #absorb} on the driver as the task ends, so merging overlaps the scan of later tasks.
   */
  static final class Received implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ArrayList<Counted> counted = new ArrayList<>();
    private transient Map<Slot, UniversalProfile> merged;

    Received add(Counted state) {
      counted.add(state);
      return this;
    }

    Received absorb(Received task) {
      for (Counted state : task.counted) {
        UniversalProfile profile = UniversalProfile.fromBytes(state.bytes());
        merged().merge(state.slot(), profile, UniversalProfile::merge);
      }
      return this;
    }

    Map<Slot, UniversalProfile> merged() {
      if (merged == null) {
        merged = new LinkedHashMap<>();
      }
      return merged;
    }
  }
}
