package io.driftlake.cli;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.DriftConfig;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of {@code drift run}, shared by the command line and {@link io.driftlake.Driftlake#run(
 * org.apache.spark.sql.SparkSession, String...)}. Precedence: command line &gt; {@code --config} file
 * &gt; defaults.
 */
public final class RunOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "HOCON settings file (see conf/driftlake.conf); flags override it.")
  File configFile;

  @Option(names = "--reference", paramLabel = "PATH|TABLE", description = "Reference data: Parquet, CSV (header), JSON, ORC or Delta path, or a table name db.table.")
  String reference;

  @Option(names = "--current", paramLabel = "PATH|TABLE", description = "Current (new) data, same forms as --reference.")
  String current;

  @Option(names = "--reference-format", paramLabel = "FORMAT", description = "parquet, csv, json, orc or delta (default: inferred).")
  String referenceFormat;

  @Option(names = "--current-format", paramLabel = "FORMAT", description = "parquet, csv, json, orc or delta (default: inferred).")
  String currentFormat;

  @Option(names = "--reference-version", paramLabel = "N", description = "Delta time travel: read the reference at version N.")
  String referenceVersion;

  @Option(names = "--reference-timestamp", paramLabel = "TS", description = "Delta time travel: read the reference as of TS.")
  String referenceTimestamp;

  @Option(names = "--reference-filter", paramLabel = "SQL", description = "Spark SQL predicate applied to the reference after reading.")
  String referenceFilter;

  @Option(names = "--current-filter", paramLabel = "SQL", description = "Spark SQL predicate applied to the current data after reading.")
  String currentFilter;

  @Option(names = "--features", paramLabel = "a,b,c", description = "Columns to measure (default: every numeric, boolean, string, date and timestamp column).")
  String features;

  @Option(names = "--exclude", paramLabel = "a,b", description = "Columns not to measure.")
  String exclude;

  @Option(names = "--categorical", paramLabel = "a,b", description = "Columns to treat as categorical whatever their type.")
  String categorical;

  @Option(names = "--bins", paramLabel = "N", description = "Numeric bins inside the reference range (default: 20).")
  String bins;

  @Option(names = "--binning", paramLabel = "MODE", description = "quantile or equal-width (default: quantile).")
  String binning;

  @Option(names = "--max-categories", paramLabel = "K", description = "Top-K reference categories kept; the rest is 'other' (default: 100).")
  String maxCategories;

  @Option(names = "--smoothing", paramLabel = "MODE", description = "epsilon[:EPS], additive[:ALPHA] or none, for KL and PSI (default: epsilon:1e-4).")
  String smoothing;

  @Option(names = "--log-base", paramLabel = "BASE", description = "e (nats) or 2 (bits) for KL and gaussian_kl (default: e).")
  String logBase;

  @Option(names = "--threshold", paramLabel = "METRIC=VALUE", description = "When a feature counts as drifted (default: js_distance=0.1).")
  String threshold;

  @Option(names = "--output", paramLabel = "PATH|TABLE", description = "The Delta drift table.")
  String output;

  @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: generated); re-running an id replaces its rows.")
  String runId;

  @Option(names = "--engine", paramLabel = "ENGINE", description = "Histogram engine: udaf, builtin or auto (default: auto = builtin when the RAPIDS plugin is enabled).")
  String engine;

  @Option(names = "--window-column", paramLabel = "COL", description = "Date or timestamp column of the current data that splits it into time windows.")
  String windowColumn;

  @Option(names = "--granularity", paramLabel = "\"N UNIT\"", description = "Window width: N minute(s), hour(s), day(s), week(s) (from Monday), month(s) or year(s), UTC.")
  String granularity;

  @Option(names = "--drift-type", paramLabel = "TYPE", description = "baseline (each window vs the reference), consecutive (vs the previous window) or both (default: baseline).")
  String driftType;

  @Option(names = "--slice-by", paramLabel = "a,b", description = "Columns whose values slice both datasets: drift rows per value.")
  String sliceBy;

  @Option(names = "--slice-expr", paramLabel = "SQL", description = "A Spark SQL expression whose value slices both datasets, e.g. \"amount > 100\".")
  String sliceExpr;

  @Option(names = "--max-slices", paramLabel = "N", description = "Most frequent reference values kept per slice key; the rest is __other__ (default: 100).")
  String maxSlices;

  @Option(names = "--profile-table", paramLabel = "PATH|TABLE", description = "Delta table storing every profiled histogram state with its frozen bins.")
  String profileTable;

  @Option(names = "--reference-profile", paramLabel = "ID[/ROLE]", description = "Use a stored profile (a run id; ID/current for that run's current data) as the reference instead of --reference.")
  String referenceProfile;

  @Option(names = "--fail-on-drift", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Exit with code 3 after writing when any feature drifted.")
  String failOnDrift;

  @Option(names = "--column-thresholds", paramLabel = "COL:METRIC=VALUE,...", description = "Per-column thresholds overriding --threshold.")
  String columnThresholds;

  @Option(names = "--vector-max-dims", paramLabel = "N", description = "Most elements an MLlib vector column expands into, one feature each (default: 256).")
  String vectorMaxDims;

  @Option(names = "--prediction-col", paramLabel = "COL", description = "A model's prediction column: measured as categorical.")
  String predictionCol;

  @Option(names = "--probability-col", paramLabel = "COL", description = "A model's probability vector: per-class features and a mean-class-distribution row.")
  String probabilityCol;

  @Option(names = "--label-col", paramLabel = "COL", description = "Label column: mutual information of each feature with it (ref_mutual_info, cur_mutual_info).")
  String labelCol;

  /** Command line over config file over defaults. */
  public DriftConfig toConfig() {
    DriftConfig.Builder builder = DriftConfig.builder();
    if (configFile != null) {
      ConfigFile.applyTo(builder, configFile);
    }
    flags().forEach((key, value) -> {
      if (value != null) {
        builder.set(key, value);
      }
    });
    return builder.build();
  }

  private Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(DriftConfig.REFERENCE, reference);
    flags.put(DriftConfig.CURRENT, current);
    flags.put(DriftConfig.REFERENCE_FORMAT, referenceFormat);
    flags.put(DriftConfig.CURRENT_FORMAT, currentFormat);
    flags.put(DriftConfig.REFERENCE_VERSION, referenceVersion);
    flags.put(DriftConfig.REFERENCE_TIMESTAMP, referenceTimestamp);
    flags.put(DriftConfig.REFERENCE_FILTER, referenceFilter);
    flags.put(DriftConfig.CURRENT_FILTER, currentFilter);
    flags.put(DriftConfig.FEATURES, features);
    flags.put(DriftConfig.EXCLUDE, exclude);
    flags.put(DriftConfig.CATEGORICAL, categorical);
    flags.put(DriftConfig.BINS, bins);
    flags.put(DriftConfig.BINNING, binning);
    flags.put(DriftConfig.MAX_CATEGORIES, maxCategories);
    flags.put(DriftConfig.SMOOTHING, smoothing);
    flags.put(DriftConfig.LOG_BASE, logBase);
    flags.put(DriftConfig.THRESHOLD, threshold);
    flags.put(DriftConfig.OUTPUT, output);
    flags.put(DriftConfig.RUN_ID, runId);
    flags.put(DriftConfig.ENGINE, engine);
    flags.put(DriftConfig.WINDOW_COLUMN, windowColumn);
    flags.put(DriftConfig.GRANULARITY, granularity);
    flags.put(DriftConfig.DRIFT_TYPE, driftType);
    flags.put(DriftConfig.SLICE_BY, sliceBy);
    flags.put(DriftConfig.SLICE_EXPR, sliceExpr);
    flags.put(DriftConfig.MAX_SLICES, maxSlices);
    flags.put(DriftConfig.PROFILE_TABLE, profileTable);
    flags.put(DriftConfig.REFERENCE_PROFILE, referenceProfile);
    flags.put(DriftConfig.FAIL_ON_DRIFT, failOnDrift);
    flags.put(DriftConfig.COLUMN_THRESHOLDS, columnThresholds);
    flags.put(DriftConfig.VECTOR_MAX_DIMS, vectorMaxDims);
    flags.put(DriftConfig.PREDICTION_COL, predictionCol);
    flags.put(DriftConfig.PROBABILITY_COL, probabilityCol);
    flags.put(DriftConfig.LABEL_COL, labelCol);
    return flags;
  }

  /** Parses {@code drift run} arguments (no session options) into a config. */
  public static DriftConfig parse(String... args) {
    RunOptions options = new RunOptions();
    try {
      new CommandLine(options).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw DriftErrors.input(e.getMessage() + ". See 'drift run --help'");
    }
    return options.toConfig();
  }
}
