package io.driftlake.spark.batch;

import io.driftlake.spark.common.Features;
import io.driftlake.spark.common.SparkErrors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The scan's column batches of a dataset, when its physical plan is a plain columnar scan: the
 * columns a run needs, selected from the dataset, plan to a columnar leaf ({@link FileSourceScanExec}
 * of Parquet/Delta/ORC, a DSv2 {@link BatchScanExec}, or a cached table's {@link InMemoryTableScanExec},
 * each with {@code supportsColumnar()}) under nothing but the row conversion and plain column
 * projections. Then {@link SparkPlan#executeColumnar()} of that leaf yields exactly the rows the
 * dataset holds, as batches. Anything else (a CSV or JSON source, a filter the scan cannot apply, a
 * computed column, a vendor plan, an untested Spark version) is reported as a reason, and the caller
 * counts rows instead.
 *
 * <p>{@code executeColumnar()} is a developer API of Spark's; it is used only behind this check, on
 * the Spark release line it was tested with ({@link #TESTED_SPARK_LINE}).
 */
public final class ColumnarScan {
  /** The Spark release line whose plan shapes this check was written and tested against. */
  static final String TESTED_SPARK_LINE = "4.0.";

  private ColumnarScan() {}

  /** What the check found: batches, or why there are none. */
  public sealed interface Outcome permits Batches, NotColumnar {}

  /**
   * The batches of the leaf scan, and for each requested column its position in a batch and its type.
   */
  public record Batches(RDD<ColumnarBatch> rdd, int[] ordinals, DataType[] types, String leaf) implements Outcome {}

  /** Why the dataset cannot be read as batches (one line, for the log). */
  public record NotColumnar(String reason) implements Outcome {}

  /** The batches holding {@code columns} of {@code data}, or why not. */
  public static Outcome of(Dataset<Row> data, List<String> columns) {
    String version = data.sparkSession().version();
    if (!version.startsWith(TESTED_SPARK_LINE)) {
      return new NotColumnar("Spark " + version + " is not a release the columnar engine was tested with ("
          + TESTED_SPARK_LINE + "x)");
    }
    // Spark's vectorized readers give batches only up to spark.sql.codegen.maxFields columns (a limit meant
    // for whole-stage codegen, which this path does not use): raised, if need be, while the plan and the
    // scan's reader are built (both on the driver, here), then restored
    synchronized (ColumnarScan.class) {
      String previous = data.sparkSession().conf().get(MAX_FIELDS, null);
      int limit = previous == null ? DEFAULT_MAX_FIELDS : Integer.parseInt(previous.trim());
      boolean raise = columns.size() >= limit;
      if (raise) {
        data.sparkSession().conf().set(MAX_FIELDS, Integer.toString(columns.size() + 1));
      }
      try {
        return plan(data, columns);
      } finally {
        if (raise) {
          if (previous == null) {
            data.sparkSession().conf().unset(MAX_FIELDS);
          } else {
            data.sparkSession().conf().set(MAX_FIELDS, previous);
          }
        }
      }
    }
  }

  private static final String MAX_FIELDS = "spark.sql.codegen.maxFields";
  private static final int DEFAULT_MAX_FIELDS = 100;

  private static Outcome plan(Dataset<Row> data, List<String> columns) {
    SparkPlan plan;
    try {
      plan = data.select(columns.stream().map(Features::column).toArray(Column[]::new)).queryExecution().executedPlan();
    } catch (RuntimeException e) {
      return new NotColumnar("its plan could not be built: " + SparkErrors.firstLine(e));
    }
    // copied: Scala's List behind plan.output() answers size() and get(i) by walking the list, and the
    // lookup below at 10,000 columns would otherwise be cubic (hours before the first batch)
    List<Attribute> output = new ArrayList<>(CollectionConverters.asJava(plan.output()));
    SparkPlan node = plan;
    while (true) {
      if (node instanceof WholeStageCodegenExec || node instanceof ColumnarToRowExec || node instanceof InputAdapter) {
        node = node.children().head();
      } else if (node instanceof ProjectExec project) {
        for (NamedExpression e : CollectionConverters.asJava(project.projectList())) {
          if (!(e instanceof AttributeReference)) {
            return new NotColumnar("its plan computes a column (" + e.name() + ") between scan and count");
          }
        }
        node = project.child();
      } else {
        break;
      }
    }
    String leaf = node.nodeName();
    boolean knownLeaf = node instanceof FileSourceScanExec || node instanceof BatchScanExec
        || node instanceof InMemoryTableScanExec;
    if (!knownLeaf) {
      return new NotColumnar(node.children().isEmpty()
          ? "its scan (" + leaf + ") is not one the columnar engine knows"
          : "its plan has " + leaf + " between scan and count" + (leaf.contains("Filter")
              ? " (a filter the scan cannot apply by itself)" : ""));
    }
    if (!node.supportsColumnar()) {
      return new NotColumnar("its scan (" + leaf + ") reads rows, not column batches (a CSV or JSON source, "
          + "a type Spark's vectorized reader does not read, or its vectorized reader is turned off)");
    }
    Map<ExprId, Integer> leafAt = new HashMap<>();
    List<Attribute> leafOutput = new ArrayList<>(CollectionConverters.asJava(node.output()));
    for (int j = 0; j < leafOutput.size(); j++) {
      leafAt.put(leafOutput.get(j).exprId(), j); // the last of equal ids, as the scan over all of them chose
    }
    int[] ordinals = new int[output.size()];
    DataType[] types = new DataType[output.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < output.size(); i++) {
      Integer j = leafAt.get(output.get(i).exprId());
      ordinals[i] = j == null ? -1 : j;
      if (j == null) {
        missing.add(output.get(i).name());
      } else {
        types[i] = leafOutput.get(j).dataType();
      }
    }
    if (!missing.isEmpty()) {
      return new NotColumnar("its scan does not hold the columns " + missing + " itself");
    }
    try {
      return new Batches(node.executeColumnar(), ordinals, types, leaf);
    } catch (RuntimeException e) {
      return new NotColumnar("its scan could not be prepared as batches: " + SparkErrors.firstLine(e));
    }
  }
}
