package io.driftlake.spark.table;

import io.delta.kernel.Table;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of the Delta table at a path, read from its log by Delta Kernel: no Spark job and no
 * snapshot-state reconstruction, which is what Spark's {@code DeltaTable.forPath(...).toDF()} costs
 * before the first data is read. Used by the output-safety check, once per written table.
 */
public final class LogSchema {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LogSchema.class);

  private LogSchema() {}

  /**
   * The latest snapshot's schema as Spark's type (Kernel and Spark share the Delta log's JSON schema
   * format, so the conversion is the log's own text); empty when there is no table at the path or
   * Kernel cannot read its log (a table feature it does not know, a file system it has no client
   * for): the caller then asks Spark, which decides.
   */
  public static Optional<StructType> of(org.apache.hadoop.conf.Configuration hadoopConf, String path) {
    try {
      Engine engine = KeyedRows.engine(hadoopConf);
      String json = Table.forPath(engine, path).getLatestSnapshot(engine).getSchema().toJson();
      return Optional.of((StructType) DataType.fromJson(json));
    } catch (TableNotFoundException e) {
      return Optional.empty();
    } catch (Exception | LinkageError e) {
      LOG.info("driftlake: cannot read the schema of {} with Delta Kernel ({}); asking Spark", path, e.toString());
      return Optional.empty();
    }
  }
}
