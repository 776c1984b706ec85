package io.driftlake.spark.engine;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;

import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.UniversalProfile;
import io.driftlake.spark.common.Features;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * Universal states counted from rows, for any input Spark can read: the group keys
 * ({@link Grouping#apply}), each numeric target as the double {@link Features#numericValue} gives
 * (null as NaN), each categorical target and the label as the string {@link Features#categoricalValue}
 * gives, in one projection; each partition counts its rows into {@link GroupCells}, merged by group.
 * The same values, so the same states, as the {@code columnar} engine's loop over column batches.
 */
public final class RowCells {
  private RowCells() {}

  public static Map<GroupKey, UniversalProfile> count(CellsRequest request) {
    List<CellsRequest.Target> numeric = request.numeric();
    List<CellsRequest.Target> categorical = request.categorical();
    List<Column> columns = new ArrayList<>(List.of(request.grouping().keys()));
    numeric.forEach(t -> columns.add(coalesce(Features.numericValue(t.column(), t.type()), lit(Double.NaN))));
    categorical.forEach(t -> columns.add(Features.categoricalValue(t.column(), t.type())));
    String label = request.label();
    if (label != null) {
      DataType type = request.targets().stream().filter(t -> t.column().equals(label)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("label " + label + " is not a target")).type();
      columns.add(Features.categoricalValue(label, type));
    }
    List<String> numericColumns = numeric.stream().map(CellsRequest.Target::column).toList();
    List<String> categoricalColumns = categorical.stream().map(CellsRequest.Target::column).toList();
    List<String> joint = request.joint();
    int[] jointAt = request.jointAt();
    boolean labelled = label != null;
    int n = numeric.size();
    int c = categorical.size();
    JavaRDD<GroupCells.Counted> partitions = request.grouping().apply(request.data())
        .select(columns.toArray(Column[]::new)).javaRDD()
        .mapPartitions(rows -> {
          GroupCells cells = new GroupCells(numericColumns, categoricalColumns, labelled, joint);
          double[] numbers = new double[n];
          while (rows.hasNext()) {
            Row row = rows.next();
            GroupCells.Group group = cells.group(new GroupCells.Slot(row.isNullAt(0) ? null : row.getLong(0),
                row.getString(1), row.getString(2)));
            group.rows++;
            String labelValue = labelled ? row.getString(3 + n + c) : null;
            for (int f = 0; f < n; f++) {
              numbers[f] = row.getDouble(3 + f);
              group.numeric[f].addNumber(numbers[f], labelValue);
            }
            for (int k = 0; k < c; k++) {
              group.categorical[k].addCategory(row.getString(3 + n + k), labelValue);
            }
            if (jointAt.length > 0) {
              group.addJoint(numbers, jointAt);
            }
          }
          return cells.results();
        });
    return GroupCells.merged(partitions, request.grouping(), numericColumns, categoricalColumns, labelled, joint);
  }
}
