package io.driftlake.spark;

import io.driftlake.spark.common.SparkErrors;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a filter ({@code --reference-filter}, {@code --current-filter}) reads. A filter shapes
 * the distribution of its own columns (a January-vs-March split makes {@code date} drift by
 * construction), so the default features leave them out ({@link FeaturePlan}).
 */
public final class FilterColumns {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FilterColumns.class);

  private FilterColumns() {}

  /**
   * The top-level columns of {@code schema} that {@code filter} references, as Spark's analyzer
   * resolves them: the filter is applied to an empty local relation of the schema (no job, no data
   * read) and the analyzed {@code Filter} node's references are its columns ({@code s.a} → {@code s}).
   * Empty, with a log line, when Spark cannot analyze it that way (the read itself reports a bad filter).
   */
  public static Set<String> referenced(SparkSession spark, StructType schema, String filter) {
    try {
      var analyzed = spark.createDataFrame(List.of(), schema).where(filter).queryExecution().analyzed();
      Set<String> names = new LinkedHashSet<>();
      for (Attribute attribute : scala.jdk.javaapi.CollectionConverters.asJava(analyzed.references().toSeq())) {
        names.add(attribute.name());
      }
      return names;
    } catch (Exception e) {
      LOG.info("driftlake: could not list the columns of the filter '{}' ({}); no column is left out for it",
          filter, SparkErrors.firstLine(e));
      return Set.of();
    }
  }
}
