package io.driftlake.spark.classifier;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;

import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.metrics.ClassifierAuc;
import io.driftlake.core.metrics.DomainClassification;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.spark.common.SparkErrors;
import io.driftlake.spark.engine.Grouping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The domain classifier (docs/semantics.md, "Domain classifier"): a random forest trained to tell
 * current rows (label 1) from reference rows (label 0), scored on held-out rows only. Drift that no
 * histogram or joint moment sees (which combinations of values occur) shows as an AUC above 0.5.
 *
 * <p>The sample is its own read of each side (the profile scans count into mergeable states and keep
 * no rows): one seeded {@code rand(SEED) < fraction} filter per side, the fraction from the row counts
 * the profiles already have, so that about {@code 1.1 · N + 1000} rows a group come back; the rows
 * with the smallest {@code rand} values are kept, N at most. The same input read the same way gives the
 * same sample, split and forest. The current side's one read serves the whole data and every window.
 *
 * <p>Per comparison (the whole data, then each classified window against the whole reference):
 * <ul>
 *   <li><b>balanced</b>: {@code n = min(N, reference sample, current sample)} rows of each side;</li>
 *   <li><b>held out</b>: of each side's {@code n} rows in random order, positions {@code i mod 10 < 3}
 *       (30%) are scored, the rest train;</li>
 *   <li><b>encoded</b>: a numeric value as it is, {@code −∞}/{@code +∞} as values beyond the sample's
 *       finite range on their side, a missing value (null, NaN) as a value below all of them, so a tree
 *       can split missing values off on their own; a categorical value as its index among the
 *       reference's top-K categories (the run's frozen bins), K for any other value and K + 1 for
 *       null, a nominal feature of K + 2 values;</li>
 *   <li>features constant over the comparison's sample are left out (named in the note); fewer than
 *       two left, or fewer than {@link #MIN_ROWS} rows a side, and no model is trained: the result
 *       says why.</li>
 * </ul>
 * A failure to train becomes a result with a message, never a failed run.
 */
public final class DomainClassifier {
  /** The seed of the sample's {@code rand}, and of the forest. Any fixed value would do. */
  public static final long SEED = 27L;
  /** Fewest sampled rows a side for a model: 30% of them (30) is {@code --min-rows}' default. */
  public static final int MIN_ROWS = 100;
  /** Windows classified at most: the latest ones with at least {@link #MIN_ROWS} rows (a cost cap). */
  public static final int MAX_WINDOWS = 12;
  /** Held out of every 10 rows of a side: 30%. */
  static final int HELD_OUT_PER_TEN = 3;
  /** The forest: 50 trees of depth at most 10 (deep enough for a 4 × 4 checkerboard's interaction). */
  static final int TREES = 50;
  static final int MAX_DEPTH = 10;

  private static final String KEY = "__driftlake_sample_key";

  private DomainClassifier() {}

  /**
   * One feature: its value on each side (a double for numeric features, a string for categorical
   * ones) and, for a categorical feature, the reference's top-K categories.
   */
  public record Feature(String name, Column referenceValue, Column currentValue, CategoryBins categories) {
    boolean categorical() {
      return categories != null;
    }
  }

  /**
   * The current data's windows ({@code windowColumn} null: none) and the row counts of its groups:
   * the whole data ({@link GroupKey#WHOLE}) and each window.
   */
  public record Current(Dataset<Row> data, String windowColumn, DataType windowType, Granularity granularity,
      Map<GroupKey, Long> rows) {}

  /**
   * Classifies the whole data and the classified windows of {@code current} against {@code reference}
   * ({@code referenceRows} rows); every group of {@code current.rows()} gets a result.
   */
  /** Every group's result, and what it cost: the sample's read of both sides and the forests, in seconds. */
  public record Result(Map<GroupKey, DomainClassification> byGroup, String cost) {}

  public static Result classify(SparkSession spark, Dataset<Row> reference,
      long referenceRows, Current current, List<Feature> features, int sampleRows) {
    Map<GroupKey, DomainClassification> out = new LinkedHashMap<>();
    if (features.size() < 2) {
      String why = "domain classifier: not trained, it needs at least two features (" + features.size()
          + " measured; one feature's drift is its own row's)";
      current.rows().keySet().forEach(key -> out.put(key, DomainClassification.untrained(why)));
      return new Result(out, null);
    }
    long start = System.nanoTime();
    Map<GroupKey, Double> fractions = new LinkedHashMap<>();
    List<GroupKey> windows = current.rows().keySet().stream().filter(GroupKey::windowed)
        .filter(k -> current.rows().get(k) >= MIN_ROWS)
        .sorted(Comparator.comparing(GroupKey::windowStart).reversed()).limit(MAX_WINDOWS).toList();
    for (GroupKey key : current.rows().keySet()) {
      if (!key.windowed() || windows.contains(key)) {
        fractions.put(key, fraction(current.rows().get(key), sampleRows));
      } else {
        out.put(key, DomainClassification.untrained("domain classifier: window not classified (only the latest "
            + MAX_WINDOWS + " windows with at least " + MIN_ROWS + " rows are)"));
      }
    }
    List<Object[]> referenceSample = sample(reference.select(values(features, true, rand(SEED).as(KEY), null))
        .where(Features.key().lt(lit(fraction(referenceRows, sampleRows)))), features.size(), sampleRows);
    Map<GroupKey, List<Object[]>> currentSamples = currentSamples(current, features, fractions, sampleRows);
    long sampled = System.nanoTime();
    int forests = 0;
    for (Map.Entry<GroupKey, List<Object[]>> group : currentSamples.entrySet()) {
      DomainClassification result;
      try {
        result = classifyOne(spark, features, referenceSample, group.getValue(), sampleRows);
      } catch (RuntimeException e) {
        result = DomainClassification.untrained("domain classifier: could not be trained: " + SparkErrors.firstLine(e));
      }
      out.put(group.getKey(), result);
      forests += result.trained() ? 1 : 0;
    }
    long done = System.nanoTime();
    String cost = String.format(java.util.Locale.ROOT, "sample read %.1f s (%d reference rows, %d current), %d %s %.1f s",
        (sampled - start) / 1e9, referenceSample.size(), currentSamples.values().stream().mapToInt(List::size).sum(),
        forests, forests == 1 ? "forest" : "forests", (done - sampled) / 1e9);
    LOG.info("driftlake domain classifier: {}", cost);
    return new Result(out, cost);
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DomainClassifier.class);

  /** The share of {@code rows} to keep for about {@code 1.1 · n + 1000} rows, at most 1. */
  static double fraction(long rows, int n) {
    return rows <= 0 ? 1.0 : Math.min(1.0, (1.1 * n + 1000) / rows);
  }

  /** The key column and the features' value expressions, in that order (then the window, when given). */
  private static Column[] values(List<Feature> features, boolean reference, Column key, Column window) {
    List<Column> columns = new ArrayList<>();
    columns.add(key);
    for (int i = 0; i < features.size(); i++) {
      Feature f = features.get(i);
      columns.add((reference ? f.referenceValue() : f.currentValue()).as("f" + i));
    }
    if (window != null) {
      columns.add(window);
    }
    return columns.toArray(Column[]::new);
  }

  /** Collects {@code data} (key, values...) as arrays sorted by key, the first {@code limit} kept. */
  private static List<Object[]> sample(Dataset<Row> data, int featureCount, int limit) {
    List<Object[]> rows = new ArrayList<>();
    for (Row row : data.collectAsList()) {
      Object[] values = new Object[featureCount + 1];
      for (int i = 0; i <= featureCount; i++) {
        values[i] = row.get(i);
      }
      rows.add(values);
    }
    rows.sort(Comparator.comparingDouble(r -> (Double) r[0]));
    return rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
  }

  /** One read of the current data: each group's rows under its fraction, by key, the first {@code limit}. */
  private static Map<GroupKey, List<Object[]>> currentSamples(Current current, List<Feature> features,
      Map<GroupKey, Double> fractions, int limit) {
    Grouping grouping = new Grouping(current.windowColumn(), current.windowType(), current.granularity(), List.of());
    Dataset<Row> data = current.windowColumn() == null ? current.data() : grouping.apply(current.data());
    Column window = current.windowColumn() == null ? lit(null).cast("long") : Features.column(Grouping.WINDOW);
    double whole = fractions.getOrDefault(GroupKey.WHOLE, 0.0);
    Column w = Features.column("w");
    Column windowFraction = lit(0.0);
    for (Map.Entry<GroupKey, Double> entry : fractions.entrySet()) {
      if (entry.getKey().windowed()) {
        windowFraction = when(w.equalTo(lit(Granularity.toMicros(entry.getKey().windowStart()))),
            lit(entry.getValue())).otherwise(windowFraction);
      }
    }
    Dataset<Row> sampled = data.select(values(features, false, rand(SEED).as(KEY), window.as("w")))
        .where(Features.key().lt(lit(whole)).or(w.isNotNull().and(Features.key().lt(windowFraction))));
    Map<GroupKey, List<Object[]>> out = new LinkedHashMap<>();
    fractions.keySet().forEach(key -> out.put(key, new ArrayList<>()));
    int n = features.size();
    for (Row row : sampled.collectAsList()) {
      double key = row.getDouble(0);
      Object[] values = new Object[n + 1];
      for (int i = 0; i <= n; i++) {
        values[i] = row.get(i);
      }
      if (key < whole && out.containsKey(GroupKey.WHOLE)) {
        out.get(GroupKey.WHOLE).add(values);
      }
      if (!row.isNullAt(n + 1)) {
        GroupKey window1 = grouping.key(row.getLong(n + 1), null, null);
        Double f = fractions.get(window1);
        if (f != null && key < f) {
          out.get(window1).add(values);
        }
      }
    }
    out.values().forEach(rows -> {
      rows.sort(Comparator.comparingDouble(r -> (Double) r[0]));
      if (rows.size() > limit) {
        rows.subList(limit, rows.size()).clear();
      }
    });
    return out;
  }

  /** One comparison: balanced, encoded, split, trained and scored. */
  static DomainClassification classifyOne(SparkSession spark, List<Feature> features, List<Object[]> reference,
      List<Object[]> current, int sampleRows) {
    int n = Math.min(sampleRows, Math.min(reference.size(), current.size()));
    if (n < MIN_ROWS) {
      return DomainClassification.untrained("domain classifier: not trained, too few rows (" + reference.size()
          + " reference / " + current.size() + " current sampled, it needs " + MIN_ROWS + " a side)");
    }
    List<Object[]> ref = reference.subList(0, n);
    List<Object[]> cur = current.subList(0, n);
    int d = features.size();
    double[][] x = new double[2 * n][d];
    List<Integer> kept = new ArrayList<>();
    List<String> constant = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      Feature f = features.get(j);
      encode(f, j, ref, cur, x);
      boolean varies = false;
      for (int i = 1; i < 2 * n && !varies; i++) {
        varies = Double.compare(x[i][j], x[0][j]) != 0;
      }
      if (varies) {
        kept.add(j);
      } else {
        constant.add(f.name());
      }
    }
    String note = constant.isEmpty() ? null : "domain classifier: left out, constant in its sample: " + String.join(", ", constant);
    if (kept.size() < 2) {
      return DomainClassification.untrained("domain classifier: not trained, fewer than two features vary in its sample"
          + (constant.isEmpty() ? "" : " (constant: " + String.join(", ", constant) + ")"));
    }
    Attribute[] attributes = new Attribute[kept.size()];
    int maxBins = 32;
    for (int k = 0; k < kept.size(); k++) {
      Feature f = features.get(kept.get(k));
      if (f.categorical()) {
        int values = f.categories().binCount() + 1; // the top-K, other, null
        attributes[k] = NominalAttribute.defaultAttr().withName("f" + k).withNumValues(values);
        maxBins = Math.max(maxBins, values);
      } else {
        attributes[k] = NumericAttribute.defaultAttr().withName("f" + k);
      }
    }
    List<Row> train = new ArrayList<>();
    List<Vector> heldOutReference = new ArrayList<>();
    List<Vector> heldOutCurrent = new ArrayList<>();
    for (int i = 0; i < 2 * n; i++) {
      double[] v = new double[kept.size()];
      for (int k = 0; k < kept.size(); k++) {
        v[k] = x[i][kept.get(k)];
      }
      Vector vector = Vectors.dense(v);
      boolean isCurrent = i >= n;
      if ((isCurrent ? i - n : i) % 10 < HELD_OUT_PER_TEN) {
        (isCurrent ? heldOutCurrent : heldOutReference).add(vector);
      } else {
        train.add(RowFactory.create(isCurrent ? 1.0 : 0.0, vector));
      }
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add(new AttributeGroup("features", attributes).toStructField());
    Dataset<Row> training = spark.createDataFrame(train, schema);
    RandomForestClassificationModel model = new RandomForestClassifier().setNumTrees(TREES).setMaxDepth(MAX_DEPTH)
        .setMaxBins(maxBins).setSeed(SEED).setLabelCol("label").setFeaturesCol("features").fit(training);
    double[] curScores = heldOutCurrent.stream().mapToDouble(v -> model.predictProbability(v).apply(1)).toArray();
    double[] refScores = heldOutReference.stream().mapToDouble(v -> model.predictProbability(v).apply(1)).toArray();
    ClassifierAuc.Score score = ClassifierAuc.score(curScores, refScores);
    double[] importance = model.featureImportances().toArray();
    List<DomainClassification.Importance> importances = new ArrayList<>();
    for (int k = 0; k < kept.size(); k++) {
      importances.add(new DomainClassification.Importance(features.get(kept.get(k)).name(), importance[k]));
    }
    return new DomainClassification(score, importances, note);
  }

  /**
   * Column {@code j} of {@code x} (reference rows first, then current): numeric values as they are,
   * ±∞ beyond the finite range, missing below everything; categorical values as their bin index, null
   * as K + 1.
   */
  private static void encode(Feature f, int j, List<Object[]> ref, List<Object[]> cur, double[][] x) {
    int n = ref.size();
    if (f.categorical()) {
      CategoryBins bins = f.categories();
      for (int i = 0; i < 2 * n; i++) {
        Object value = (i < n ? ref.get(i) : cur.get(i - n))[j + 1];
        x[i][j] = value == null ? bins.binCount() : bins.binOf(value.toString());
      }
      return;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < 2 * n; i++) {
      Object value = (i < n ? ref.get(i) : cur.get(i - n))[j + 1];
      if (value != null && Double.isFinite(((Number) value).doubleValue())) {
        min = Math.min(min, ((Number) value).doubleValue());
        max = Math.max(max, ((Number) value).doubleValue());
      }
    }
    if (min > max) { // no finite value
      min = 0;
      max = 0;
    }
    double span = max - min + 1;
    for (int i = 0; i < 2 * n; i++) {
      Object value = (i < n ? ref.get(i) : cur.get(i - n))[j + 1];
      double v = value == null ? Double.NaN : ((Number) value).doubleValue();
      x[i][j] = Double.isNaN(v) ? min - 2 * span : v == Double.NEGATIVE_INFINITY ? min - span
          : v == Double.POSITIVE_INFINITY ? max + span : v;
    }
  }

  /** Column names in this class's selects. */
  private static final class Features {
    static Column key() {
      return io.driftlake.spark.common.Features.column(KEY);
    }

    static Column column(String name) {
      return io.driftlake.spark.common.Features.column(name);
    }
  }
}
