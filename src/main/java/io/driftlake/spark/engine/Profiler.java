package io.driftlake.spark.engine;

import io.driftlake.spark.common.Features;
import io.driftlake.spark.engine.builtin.BuiltinProfiler;
import io.driftlake.spark.engine.columnar.ColumnarProfiler;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udaf;

import io.driftlake.core.config.Engine;
import io.driftlake.core.histogram.CategoryCodes;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.FeatureValues;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.histogram.PackedHistograms;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;

/**
 * Profiles a dataset over frozen bins: one {@code agg(...)} holding a typed histogram UDAF per
 * feature and the row count, so every feature is counted in a single scan.
 */
public final class Profiler {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Profiler.class);

  private Profiler() {}

  /** A dataset's histogram states by column, and its row count. */
  public record Profile(long rowCount, Map<String, HistogramState> states) {}

  /** One feature to profile: its frozen bins and the column's type in this dataset. */
  public record Target(FeatureBins bins, DataType type) {}

  /** Profiles the given features of {@code data} in one scan with the given engine ({@code AUTO} resolved first). */
  public static Profile profile(Engine engine, Dataset<Row> data, List<Target> targets) {
    DatasetProfile whole = profile(engine, data, targets, Grouping.none()).getOrDefault(GroupKey.WHOLE, DatasetProfile.empty());
    return new Profile(whole.rowCount(), whole.states());
  }

  /**
   * Profiles {@code data} in one scan, one profile per group of {@code grouping} (window start µs or
   * null, slice key, slice value), as the scan counted them; {@link io.driftlake.core.profile.ProfileSet#fromScan}
   * derives the totals. An empty dataset gives no groups.
   */
  public static Map<GroupKey, DatasetProfile> profile(Engine engine, Dataset<Row> data, List<Target> targets, Grouping grouping) {
    return profile(engine, data, targets, grouping, null);
  }

  /**
   * As {@link #profile(Engine, Dataset, List, Grouping)}; with a {@code label} target (a categorical
   * column and its frozen bins) every state also holds its joint (bin, label bin) counts.
   */
  public static Map<GroupKey, DatasetProfile> profile(Engine engine, Dataset<Row> data, List<Target> targets, Grouping grouping,
      Target label) {
    return profile(engine, data, targets, grouping, label, List.of());
  }

  /**
   * As above; every group's profile also holds the co-moments of the numeric target columns
   * {@code joint} (in that order) over the rows where all of them are finite, from the same scan.
   */
  public static Map<GroupKey, DatasetProfile> profile(Engine engine, Dataset<Row> data, List<Target> targets, Grouping grouping,
      Target label, List<String> joint) {
    return profile(engine, data, targets, grouping, label, joint, "data", false);
  }

  /**
   * As above, for the dataset called {@code role} in the log. The {@code columnar} engine counts the
   * scan's batches where {@link ColumnarProfiler} applies, else the {@code udaf} engine counts rows; the
   * log says which ran and why, at WARN when columnar was {@code requested} by name, else at INFO.
   */
  public static Map<GroupKey, DatasetProfile> profile(Engine engine, Dataset<Row> data, List<Target> targets, Grouping grouping,
      Target label, List<String> joint, String role, boolean requested) {
    return profile(engine, data, targets, grouping, label, joint, role, requested, ran -> {});
  }

  /**
   * As above; {@code ran} is told which engine counted, e.g. {@code columnar engine}, or {@code udaf
   * engine (not columnar: …)} when the columnar engine did not apply.
   */
  public static Map<GroupKey, DatasetProfile> profile(Engine engine, Dataset<Row> data, List<Target> targets, Grouping grouping,
      Target label, List<String> joint, String role, boolean requested, java.util.function.Consumer<String> ran) {
    return switch (engine) {
      case BUILTIN -> {
        ran.accept("builtin engine");
        yield BuiltinProfiler.profile(data, targets, grouping, label, joint);
      }
      case UDAF -> {
        ran.accept("udaf engine");
        yield profileWithAggregator(data, targets, grouping, label, joint);
      }
      case COLUMNAR -> {
        ColumnarProfiler.Result result = ColumnarProfiler.profile(data, targets, grouping, label, joint);
        if (result instanceof ColumnarProfiler.Counted counted) {
          LOG.info("driftlake engine for the {}: columnar (column batches of {})", role, counted.scan());
          ran.accept("columnar engine");
          yield counted.profiles();
        }
        String reason = ((ColumnarProfiler.NotApplicable) result).reason();
        if (requested) {
          LOG.warn("driftlake engine for the {}: udaf, not columnar: {}", role, reason);
        } else {
          LOG.info("driftlake engine for the {}: udaf, not columnar: {}", role, reason);
        }
        ran.accept("udaf engine (not columnar: " + reason + ")");
        yield profileWithAggregator(data, targets, grouping, label, joint);
      }
      case AUTO -> throw new IllegalArgumentException("resolve the AUTO engine first (Profiler.resolve)");
    };
  }

  /**
   * {@code AUTO} becomes {@code BUILTIN} when the session runs the RAPIDS plugin (typed Aggregators
   * never run on the GPU), else {@code COLUMNAR} (which counts rows with the {@code udaf} engine where
   * the input is not a plain columnar scan).
   */
  public static Engine resolve(Engine engine, SparkSession spark) {
    if (engine != Engine.AUTO) {
      return engine;
    }
    String plugins = spark.conf().get("spark.plugins", "");
    boolean rapids = plugins.contains("com.nvidia.spark.SQLPlugin")
        && !"false".equalsIgnoreCase(spark.conf().get("spark.rapids.sql.enabled", "true"));
    return rapids ? Engine.BUILTIN : Engine.COLUMNAR;
  }

  /**
   * Profiles the given features of {@code data} in one scan with the {@code udaf} engine: one
   * aggregation holding the row count and the packed histogram Aggregator over every feature.
   */
  public static Profile profile(Dataset<Row> data, List<Target> targets) {
    return profile(Engine.UDAF, data, targets);
  }

  /**
   * The joint columns for a run: the first {@code limit} numeric ones of {@code targets}, in order;
   * none when fewer than two (one feature has no joint drift) or {@code limit} is 0.
   */
  public static List<String> jointColumns(List<Target> targets, int limit) {
    List<String> numeric = targets.stream().filter(t -> t.bins().kind() == FeatureKind.NUMERIC)
        .map(t -> t.bins().column()).limit(limit).toList();
    return numeric.size() < 2 ? List.of() : numeric;
  }

  private static Map<GroupKey, DatasetProfile> profileWithAggregator(Dataset<Row> data, List<Target> targets,
      Grouping grouping, Target label, List<String> joint) {
    List<FeatureBins> numeric = new ArrayList<>();
    List<FeatureBins> categorical = new ArrayList<>();
    List<Column> numbers = new ArrayList<>();
    List<Column> codes = new ArrayList<>();
    List<CategoryCodes> codeTables = new ArrayList<>();
    for (Target target : targets) {
      FeatureBins bins = target.bins();
      if (bins.kind() == FeatureKind.NUMERIC) {
        numeric.add(bins);
        // null becomes NaN: both are missing, and the double[] then needs no null handling or boxing
        numbers.add(coalesce(Features.numericValue(bins.column(), target.type()), lit(Double.NaN)));
      } else {
        categorical.add(bins);
        CategoryCoding.Coded coded = CategoryCoding.of(Features.categoricalValue(bins.column(), target.type()),
            bins.categories());
        codes.add(coded.code());
        codeTables.add(coded.codes());
      }
    }
    List<FeatureBins> ordered = new ArrayList<>(numeric);
    ordered.addAll(categorical);
    CategoryCodes labelCodes = null;
    if (label != null) {
      CategoryCoding.Coded coded = CategoryCoding.of(Features.categoricalValue(label.bins().column(), label.type()),
          label.bins().categories());
      codes.add(coded.code());
      labelCodes = coded.codes();
    }
    List<String> numericColumns = numeric.stream().map(FeatureBins::column).toList();
    int[] jointAt = joint.stream().mapToInt(column -> {
      int at = numericColumns.indexOf(column);
      if (at < 0) {
        throw new IllegalArgumentException("joint column " + column + " is not a numeric target");
      }
      return at;
    }).toArray();
    HistogramAggregators.Packed packed = new HistogramAggregators.Packed(ordered, codeTables, labelCodes, jointAt);
    Column numberArray = numbers.isEmpty() ? array().cast("array<double>") : array(numbers.toArray(Column[]::new));
    Column codeArray = codes.isEmpty() ? array().cast("array<bigint>") : array(codes.toArray(Column[]::new));
    Column rows = count(lit(1)).as("rows");
    // the bean encoder orders FeatureValues' fields by name: codes, then numbers
    Column histograms = udaf(packed, Encoders.bean(FeatureValues.class)).apply(codeArray, numberArray).as("bins");
    Map<GroupKey, DatasetProfile> groups = new LinkedHashMap<>();
    if (grouping.trivial()) {
      Row row = data.agg(rows, histograms).head();
      groups.put(GroupKey.WHOLE, unpack(packed, targets, joint, row.getLong(0), row.getStruct(1)));
      return groups;
    }
    for (Row row : grouping.apply(data).groupBy(grouping.keys()).agg(rows, histograms).collectAsList()) {
      groups.put(grouping.key(row, 0), unpack(packed, targets, joint, row.getLong(3), row.getStruct(4)));
    }
    return groups;
  }

  private static DatasetProfile unpack(HistogramAggregators.Packed packed, List<Target> targets, List<String> joint,
      long rows, Row struct) {
    return unpack(packed, targets, joint, rows, toPacked(struct));
  }

  /** The profile of {@code rows} rows counted into {@code result} of {@code packed}'s layout, one state per target. */
  public static DatasetProfile unpack(HistogramAggregators.Packed packed, List<Target> targets, List<String> joint,
      long rows, PackedHistograms result) {
    Map<String, HistogramState> states = new LinkedHashMap<>();
    int n = 0;
    int c = 0;
    for (Target target : targets) {
      FeatureBins bins = target.bins();
      states.put(bins.column(), bins.kind() == FeatureKind.NUMERIC
          ? packed.numeric(result, n++) : packed.categorical(result, c++));
    }
    return new DatasetProfile(rows, states, joint.isEmpty() ? null : result.coMomentsOf(joint));
  }

  public static PackedHistograms toPacked(Row struct) {
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
