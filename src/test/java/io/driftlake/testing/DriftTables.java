package io.driftlake.testing;

import io.driftlake.Driftlake;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Granularity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A drift table written by the real job, once per test JVM: run {@code k-whole} (whole data only),
 * then run {@code k-windows} (weekly windows over {@code ts}, baseline and consecutive, sliced by
 * {@code b}), so it has every kind of row: whole-data, windowed, sliced, {@code :table}.
 */
public final class DriftTables {
  public static final String WHOLE_RUN = "k-whole";
  public static final String WINDOWED_RUN = "k-windows";
  private static String table;

  private DriftTables() {}

  public static synchronized String windowedAndSliced(SparkSession spark) {
    if (table == null) {
      try {
        Path dir = Files.createTempDirectory("driftlake-kernel");
        String ref = dir.resolve("ref.parquet").toString();
        String cur = dir.resolve("cur.parquet").toString();
        TestData.frame(spark, TestData.reference(400, 3), TestData.REFERENCE_SCHEMA).write().parquet(ref);
        TestData.frame(spark, TestData.current(300, 4), TestData.CURRENT_SCHEMA).write().parquet(cur);
        String output = dir.resolve("drift").toString();
        DriftConfig base = DriftConfig.builder().reference(ref).current(cur).output(output)
            .features(List.of("i", "d", "s")).build();
        Driftlake.run(spark, base.toBuilder().runId(WHOLE_RUN).build());
        Driftlake.run(spark, base.toBuilder().runId(WINDOWED_RUN).windowColumn("ts")
            .granularity(Granularity.parse("1 week")).driftType(DriftType.BOTH).sliceBy(List.of("b")).build());
        table = output;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return table;
  }
}
