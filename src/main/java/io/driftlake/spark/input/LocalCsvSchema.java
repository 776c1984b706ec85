package io.driftlake.spark.input;

import com.univocity.parsers.csv.CsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.csv.CSVInferSchema;
import org.apache.spark.sql.catalyst.csv.CSVOptions;
import org.apache.spark.sql.execution.datasources.csv.CSVUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark's own CSV schema inference, run on the driver over one small local file instead of as two
 * Spark jobs (the first line, then every line): the steps of Spark's {@code TextInputCSVDataSource}
 * with its classes ({@link CSVOptions}, {@link CSVUtils}, {@link CSVInferSchema}, univocity's
 * parser), so the schema is the one {@code spark.read().option("inferSchema", "true").csv(path)}
 * infers (pinned by {@code LocalCsvSchemaSparkTest} against it). A small CSV's plan then runs no Spark
 * job: in a fresh JVM those two jobs per side were most of the plan phase (issue 24).
 *
 * <p>Internal Spark classes: any failure (a class or method that a later Spark release changed
 * included) returns empty, and the caller lets Spark infer as before. Used only for one local file of at
 * most {@value #MAX_BYTES} bytes, uncompressed, without {@code multiLine}, {@code lineSep} or a
 * sampling ratio; anything else is Spark's.
 */
final class LocalCsvSchema {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCsvSchema.class);
  static final long MAX_BYTES = 32L << 20;
  private static final List<String> COMPRESSED = List.of(".gz", ".bz2", ".deflate", ".zst", ".lz4", ".snappy", ".xz",
      ".zip", ".br");

  private LocalCsvSchema() {}

  /**
   * The schema Spark would infer for the CSV file {@code status} read with {@code options} (Driftlake's
   * CSV defaults, then the user's), or empty when this file is not one this class handles or anything fails.
   */
  static Optional<StructType> infer(SparkSession spark, FileSystem fs, FileStatus status, Map<String, String> options) {
    Map<String, String> lower = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    lower.putAll(options);
    String name = status.getPath().getName().toLowerCase(Locale.ROOT);
    if (!status.isFile() || status.getLen() > MAX_BYTES || !"file".equals(fs.getScheme())
        || COMPRESSED.stream().anyMatch(name::endsWith)
        || !"true".equalsIgnoreCase(lower.get("inferSchema")) || "true".equalsIgnoreCase(lower.get("multiLine"))
        || lower.containsKey("lineSep") || (lower.containsKey("samplingRatio") && !isOne(lower.get("samplingRatio")))) {
      return Optional.empty();
    }
    try {
      SparkSession.setActiveSession(spark); // the inference reads the session's SQL settings (time parser policy, ...)
      CSVOptions csv = new CSVOptions(scalaMap(options),
          Boolean.parseBoolean(spark.conf().get("spark.sql.csv.parser.columnPruning.enabled", "true")),
          spark.conf().get("spark.sql.session.timeZone"));
      List<String> lines = new ArrayList<>();
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(status.getPath()),
          Charset.forName(csv.charset())))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.add(line); // \n, \r and \r\n end a line, as Hadoop's line reader splits them
        }
      }
      List<String> kept = new ArrayList<>();
      CollectionConverters.asJava(CSVUtils.filterCommentAndEmpty(CollectionConverters.asScala(lines.iterator()), csv))
          .forEachRemaining(kept::add);
      if (kept.isEmpty()) {
        return Optional.empty(); // Spark's answer for an empty file (an empty schema) is Spark's to give
      }
      String firstLine = kept.get(0);
      CsvParser parser = new CsvParser(csv.asParserSettings());
      String[] firstRow = parser.parseLine(firstLine);
      if (firstRow == null) {
        return Optional.empty();
      }
      boolean caseSensitive = Boolean.parseBoolean(spark.conf().get("spark.sql.caseSensitive", "false"));
      String[] header = CSVUtils.makeSafeHeader(firstRow, caseSensitive, csv);
      CSVInferSchema inference = new CSVInferSchema(csv);
      DataType[] start = new DataType[header.length];
      Arrays.fill(start, DataTypes.NullType);
      DataType[] types = start.clone();
      scala.collection.Iterator<String> rows = CSVUtils.filterHeaderLine(CollectionConverters.asScala(kept.iterator()),
          firstLine, csv);
      while (rows.hasNext()) {
        types = inference.inferRowType(types, parser.parseLine(rows.next()));
      }
      types = inference.mergeRowTypes(start, types); // RDD.aggregate's combine of the one partition with the zero
      return Optional.of(new StructType(inference.toStructFields(types, header)));
    } catch (IOException | RuntimeException | LinkageError e) {
      LOG.info("driftlake: Spark infers the schema of {} ({})", status.getPath(), e.toString());
      return Optional.empty();
    }
  }

  private static boolean isOne(String ratio) {
    try {
      return Double.parseDouble(ratio) == 1.0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> options) {
    return (scala.collection.immutable.Map<String, String>) scala.collection.immutable.Map$.MODULE$.from(
        CollectionConverters.asScala(new LinkedHashMap<>(options)));
  }
}
