package io.driftlake.spark.engine.builtin;

import io.driftlake.spark.engine.ProfileTarget;
import io.driftlake.spark.engine.ProfileRequest;

import io.driftlake.spark.engine.Grouping;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.codegen.ByteCodeStats;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeAndComment;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The builtin engine's generated code stays JIT-compilable on the CPU: HotSpot never compiles a method
 * over 8,000 bytes of bytecode ({@code DontCompileHugeMethods}, {@code HugeMethodLimit}), and Spark only
 * gives up generating one above {@code spark.sql.codegen.hugeMethodLimit} (65,535), so a huge method
 * silently runs interpreted (a RAPIDS fallback, or {@code --engine builtin} on a CPU cluster, then crawls).
 *
 * <p>How: Spark's codegen debug output. While one profile runs, the {@code CodeGenerator} logger is at
 * DEBUG with {@code spark.sql.codegen.logging.maxLines=-1}, so every class Spark compiles for the query
 * (whole-stage stages and the operators' own projections alike) is logged in full; each is compiled
 * again with {@link CodeGenerator#compile}, whose {@link ByteCodeStats#maxMethodCodeSize} is the largest
 * method's bytecode size. A class that does not compile at all (a method over 64 KB) fails the test too.
 * The plan is the real one: the bench's feature mix (every 5th categorical, with the default 100
 * categories), the default joint moments ({@link DriftConfig#JOINT_MAX_FEATURES_DEFAULT}), tiny data.
 */
class BuiltinCodegenSparkTest {
  /** HotSpot's {@code HugeMethodLimit}: methods with more bytecode are never JIT-compiled. */
  private static final int HUGE_METHOD_BYTES = 8_000;
  private static final String CODE_GENERATOR = "org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator";
  private static final String LOGGING_MAX_LINES = "spark.sql.codegen.logging.maxLines";
  private static final int ROWS = 200;

  private final SparkSession spark = SharedSpark.session();

  @ParameterizedTest(name = "{0} features, {1} bins")
  @CsvSource({"25, 20", "100, 100"})
  void everyGeneratedMethodIsSmallEnoughToJitCompile(int features, int bins, @TempDir Path dir) {
    List<ProfileTarget> targets = new ArrayList<>();
    Dataset<Row> data = data(features, bins, dir, targets);
    List<String> joint = ProfileRequest.jointColumns(targets, DriftConfig.JOINT_MAX_FEATURES_DEFAULT);

    Set<String> sources = new LinkedHashSet<>();
    Map<GroupKey, DatasetProfile> profiles = whileLoggingGeneratedCode(sources,
        () -> new BuiltinEngine().profiles(new ProfileRequest(data, targets, Grouping.none(), null, joint)));

    assertThat(profiles.get(GroupKey.WHOLE).rowCount()).isEqualTo(ROWS);
    assertThat(profiles.get(GroupKey.WHOLE).joint()).isNotNull();
    assertThat(sources).as("generated classes logged while the profile ran").isNotEmpty();
    List<String> tooLarge = new ArrayList<>();
    int largest = 0;
    for (String source : sources) {
      int size;
      try {
        ByteCodeStats stats = CodeGenerator.compile(new CodeAndComment(source,
            scala.collection.immutable.Map$.MODULE$.empty()))._2();
        size = stats.maxMethodCodeSize();
      } catch (RuntimeException e) {
        tooLarge.add("does not compile (" + firstLine(e.getMessage()) + "): " + head(source));
        continue;
      }
      largest = Math.max(largest, size);
      if (size > HUGE_METHOD_BYTES) {
        tooLarge.add(size + " bytes: " + head(source));
      }
    }
    System.out.printf("builtin engine, %d features, %d bins, %d joint: %d generated classes, largest method %,d bytes%n",
        features, bins, joint.size(), sources.size(), largest);
    assertThat(tooLarge).as("generated classes with a method over %,d bytes (largest that compiled: %,d bytes, of %d classes)",
        HUGE_METHOD_BYTES, largest, sources.size()).isEmpty();
  }

  /** {@code features} columns as in the bench (every 5th a string), written as Parquet; their targets into {@code targets}. */
  private Dataset<Row> data(int features, int bins, Path dir, List<ProfileTarget> targets) {
    List<String> categories = new ArrayList<>();
    for (int c = 0; c < DriftConfig.MAX_CATEGORIES_DEFAULT; c++) {
      categories.add("v" + c);
    }
    double[] cuts = new double[bins - 1];
    for (int c = 0; c < cuts.length; c++) {
      cuts[c] = -3 + 6.0 * c / cuts.length;
    }
    List<Column> columns = new ArrayList<>();
    for (int j = 0; j < features; j++) {
      String name = "f" + j;
      if (j % 5 == 4) {
        columns.add(concat(lit("v"), floor(rand(j).multiply(150)).cast("string")).as(name));
        targets.add(new ProfileTarget(FeatureBins.categorical(name, CategoryBins.of(categories)), DataTypes.StringType));
      } else if (j % 5 == 3) {
        columns.add(floor(randn(j).multiply(2)).cast("int").as(name));
        targets.add(new ProfileTarget(FeatureBins.numeric(name, BinEdges.fromCutPoints(cuts)), DataTypes.IntegerType));
      } else {
        columns.add(randn(j).as(name));
        targets.add(new ProfileTarget(FeatureBins.numeric(name, BinEdges.fromCutPoints(cuts)), DataTypes.DoubleType));
      }
    }
    String path = dir.resolve("data").toString();
    spark.range(ROWS).select(columns.toArray(Column[]::new)).write().parquet(path);
    return spark.read().parquet(path);
  }

  /** Runs {@code action} with every class that Spark's CodeGenerator compiles meanwhile logged, in full, into {@code sources}. */
  private <T> T whileLoggingGeneratedCode(Set<String> sources, java.util.function.Supplier<T> action) {
    Set<String> captured = Collections.synchronizedSet(sources);
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration configuration = context.getConfiguration();
    AbstractAppender appender = new AbstractAppender("driftlake-codegen-capture", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        if (message.contains("/* 001 */")) { // CodeFormatter's numbered lines: the source of one generated class
          captured.add(message);
        }
      }
    };
    appender.start();
    LoggerConfig logger = new LoggerConfig(CODE_GENERATOR, Level.DEBUG, false);
    logger.addAppender(appender, Level.DEBUG, null);
    configuration.addLogger(CODE_GENERATOR, logger);
    context.updateLoggers();
    spark.conf().set(LOGGING_MAX_LINES, "-1");
    try {
      return action.get();
    } finally {
      spark.conf().unset(LOGGING_MAX_LINES);
      configuration.removeLogger(CODE_GENERATOR);
      context.updateLoggers();
      appender.stop();
    }
  }

  private static String firstLine(String text) {
    String line = text == null ? "" : text.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** The class's opening lines (the generated class's name and the operator's comment), for the message. */
  private static String head(String source) {
    return String.join(" ", source.strip().lines().limit(12).map(String::strip).toList());
  }
}
