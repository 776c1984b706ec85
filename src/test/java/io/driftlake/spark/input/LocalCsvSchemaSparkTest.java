package io.driftlake.spark.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.testing.JobCounter;
import io.driftlake.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalCsvSchema} gives exactly the schema Spark's own inference gives
 * ({@code spark.read().options(...).csv(path).schema()}), on files that exercise each inference rule,
 * and a small local CSV is read without a Spark job.
 */
class LocalCsvSchemaSparkTest {
  private final SparkSession spark = SharedSpark.session();
  @TempDir Path dir;

  private static final String MIXED = String.join("\n",
      "int,long,decimal,double,date,timestamp,bool,empty,text,later double,\"quoted, name\",dup,dup,",
      "1,3000000000,1.50,1e10,2020-01-05,2020-01-05 10:11:12,true,,a,1,x,1,2,3",
      "2,4000000000,2.25,-0.5,2020-02-29,2021-12-31 23:59:59,false,,\"b, with comma\",2,y,1,2,3",
      "",
      "int,long,decimal,double,date,timestamp,bool,empty,text,later double,\"quoted, name\",dup,dup,",
      "3,5000000000,3.75,NaN,2020-03-01,2022-01-01 00:00:00,TRUE,,\"c \"\"quoted\"\"\",2.5,z,1,2,3",
      "  ",
      "4,,,,,,,,,,,,,") + "\r\n";

  private static final String WITH_COMMENTS_AND_NULLS = String.join("\n",
      "# a comment line",
      "x;y;when",
      "1;NA;01/02/2020",
      "# another",
      "NA;2.5;13/02/2020",
      "3;4;NA");

  @Test
  void theInferredSchemaIsSparksOnFilesThatExerciseEachRule() throws Exception {
    assertSame(write("mixed.csv", MIXED), Map.of());
    assertSame(write("comments.csv", WITH_COMMENTS_AND_NULLS),
        Map.of("comment", "#", "sep", ";", "nullValue", "NA", "dateFormat", "dd/MM/yyyy"));
    assertSame(write("no-header.csv", "1,a\n2,b\n"), Map.of("header", "false"));
    assertSame(write("prefer-no-date.csv", "d\n2020-01-05\n2020-01-06\n"), Map.of("preferDate", "false"));
    assertSame(Path.of("src/main/resources/demo/seattle-weather.csv").toAbsolutePath().toString(), Map.of());
  }

  @Test
  void filesItDoesNotHandleAreLeftToSpark() throws Exception {
    String path = write("multi.csv", "a,b\n1,\"two\nlines\"\n");
    assertThat(infer(path, Map.of("multiLine", "true"))).isEmpty();
    assertThat(infer(path, Map.of("samplingRatio", "0.5"))).isEmpty();
    assertThat(infer(write("empty.csv", "\n\n"), Map.of())).isEmpty();
    assertThat(infer(dir.toString(), Map.of())).isEmpty(); // a folder
  }

  @Test
  void aSmallLocalCsvIsReadWithoutASparkJob() throws Exception {
    String path = write("small.csv", MIXED);
    JobCounter counter = new JobCounter();
    spark.sparkContext().addSparkListener(counter);
    StructType schema;
    try {
      schema = DatasetReader.read(spark, "reference", path, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Map.of()).data().schema();
      counter.settle(spark);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    assertThat(counter.jobs()).isEmpty();
    assertThat(schema).isEqualTo(sparkSchema(path, Map.of()));
  }

  private void assertSame(String path, Map<String, String> userOptions) throws Exception {
    Optional<StructType> local = infer(path, userOptions);
    assertThat(local).as(path).isPresent();
    assertThat(local.get().treeString()).as(path).isEqualTo(sparkSchema(path, userOptions).treeString());
    assertThat(local.get()).isEqualTo(sparkSchema(path, userOptions));
  }

  private Optional<StructType> infer(String path, Map<String, String> userOptions) throws Exception {
    org.apache.hadoop.fs.Path hadoopPath = new org.apache.hadoop.fs.Path(path);
    FileSystem fs = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
    return LocalCsvSchema.infer(spark, fs, fs.getFileStatus(hadoopPath), options(userOptions));
  }

  private StructType sparkSchema(String path, Map<String, String> userOptions) {
    return spark.read().options(options(userOptions)).csv(path).schema(); // Spark's own inference: two jobs
  }

  private static Map<String, String> options(Map<String, String> userOptions) {
    Map<String, String> options = new LinkedHashMap<>(Map.of("header", "true", "inferSchema", "true", "mode", "FAILFAST"));
    options.putAll(userOptions);
    return options;
  }

  private String write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file.toString();
  }
}
