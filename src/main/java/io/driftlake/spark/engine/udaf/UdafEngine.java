package io.driftlake.spark.engine.udaf;

import io.driftlake.spark.engine.CellsRequest;
import io.driftlake.spark.engine.RowCells;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udaf;

import io.driftlake.core.histogram.CategoryCodes;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.FeatureKind;
import io.driftlake.core.histogram.FeatureValues;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.spark.common.Features;
import io.driftlake.spark.engine.CategoryCoding;
import io.driftlake.spark.engine.Grouping;
import io.driftlake.spark.engine.HistogramEngine;
import io.driftlake.spark.engine.PackedLayout;
import io.driftlake.spark.engine.ProfileRequest;
import io.driftlake.spark.engine.ProfileTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The {@code udaf} engine: one aggregation over rows holding the row count and the typed
 * {@link PackedAggregator} over every feature (numeric values as a {@code double[]}, categorical ones as
 * codes from built-in expressions), grouped by window and slice where the request has them. It counts
 * any input Spark can read, so it is the fallback of the {@code columnar} engine.
 */
public final class UdafEngine implements HistogramEngine {
  private static final String DESCRIPTION = "udaf engine";

  @Override
  public String description() {
    return DESCRIPTION;
  }

  @Override
  public Outcome profile(ProfileRequest request) {
    Dataset<Row> data = request.data();
    List<ProfileTarget> targets = request.targets();
    Grouping grouping = request.grouping();
    ProfileTarget label = request.label();
    List<String> joint = request.joint();
    List<FeatureBins> numeric = new ArrayList<>();
    List<FeatureBins> categorical = new ArrayList<>();
    List<Column> numbers = new ArrayList<>();
    List<Column> codes = new ArrayList<>();
    List<CategoryCodes> codeTables = new ArrayList<>();
    for (ProfileTarget target : targets) {
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
    PackedLayout layout = new PackedLayout(ordered, codeTables, labelCodes, jointAt);
    Column numberArray = numbers.isEmpty() ? array().cast("array<double>") : array(numbers.toArray(Column[]::new));
    Column codeArray = codes.isEmpty() ? array().cast("array<bigint>") : array(codes.toArray(Column[]::new));
    Column rows = count(lit(1)).as("rows");
    // the bean encoder orders FeatureValues' fields by name: codes, then numbers
    Column histograms = udaf(new PackedAggregator(layout), Encoders.bean(FeatureValues.class)).apply(codeArray, numberArray).as("bins");
    Map<GroupKey, DatasetProfile> groups = new LinkedHashMap<>();
    if (grouping.trivial()) {
      Row row = data.agg(rows, histograms).head();
      groups.put(GroupKey.WHOLE, layout.unpack(targets, joint, row.getLong(0), PackedLayout.fromStruct(row.getStruct(1))));
      return new Counted(groups, DESCRIPTION);
    }
    for (Row row : grouping.apply(data).groupBy(grouping.keys()).agg(rows, histograms).collectAsList()) {
      groups.put(grouping.key(row, 0), layout.unpack(targets, joint, row.getLong(3), PackedLayout.fromStruct(row.getStruct(4))));
    }
    return new Counted(groups, DESCRIPTION);
  }

  /** Universal states from rows ({@link RowCells}), for any input. */
  @Override
  public Outcome cells(CellsRequest request) {
    return new CountedCells(RowCells.count(request), DESCRIPTION);
  }
}
