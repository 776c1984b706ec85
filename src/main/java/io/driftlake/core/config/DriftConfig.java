package io.driftlake.core.config;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.Smoothing;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable settings of one drift run. Each setting is defined once, below, as a {@link Setting}:
 * its key (the long command-line option without its dashes, and the key of the same name in a
 * {@code --config} HOCON file), how its value is parsed, its default and its help line; the command
 * line, config files, the builder and the docs follow from {@link #SETTINGS}. Precedence is
 * command line &gt; config file &gt; the default of each setting.
 *
 * <p>Adding a setting: define it here (the key constant, a {@code _DEFAULT} beside it when it has
 * one), add its accessor and its typed builder setter, then a line in conf/driftlake.conf and a row
 * in README's options table (SettingsDocsTest fails until both exist).
 */
public final class DriftConfig {
  private static final Setting.Registry REGISTRY = new Setting.Registry();

  /** Reference data: a path (Parquet, CSV with header, JSON, Delta directory) or a table name. */
  public static final Setting<String> REFERENCE = REGISTRY.required("reference", "PATH|TABLE",
      "Reference data: Parquet, CSV (header), JSON, ORC or Delta path, or a table name db.table");
  /** Current (new) data, same forms as {@link #REFERENCE}. */
  public static final Setting<String> CURRENT = REGISTRY.required("current", "PATH|TABLE",
      "Current (new) data, same forms as --reference");
  /** Reference format: parquet, csv, json, orc, delta; inferred from the path when absent. */
  public static final Setting<String> REFERENCE_FORMAT = format("reference-format");
  /** Current format, as {@link #REFERENCE_FORMAT}. */
  public static final Setting<String> CURRENT_FORMAT = format("current-format");
  /** Delta time travel: read the reference at this table version. */
  public static final Setting<Long> REFERENCE_VERSION = REGISTRY.optional("reference-version", "N", "latest",
      Setting.Registry::parseLong, DriftConfig::deltaVersion, "Delta time travel: read the reference at version N");
  /** Delta time travel: read the reference as of this timestamp. */
  public static final Setting<String> REFERENCE_TIMESTAMP = REGISTRY.optional("reference-timestamp", "TS", "latest",
      text -> text, value -> value, "Delta time travel: read the reference as of TS");
  /** A Spark SQL predicate applied to the reference after reading. */
  public static final Setting<String> REFERENCE_FILTER = REGISTRY.text("reference-filter", "SQL", null,
      "Spark SQL predicate applied to the reference after reading");
  /** A Spark SQL predicate applied to the current data after reading. */
  public static final Setting<String> CURRENT_FILTER = REGISTRY.text("current-filter", "SQL", null,
      "Spark SQL predicate applied to the current data after reading");
  /**
   * Columns to measure; empty means every column of a supported type except those the run itself uses
   * (the filters' columns, the window column, the slice-by columns), which a notice names.
   */
  public static final Setting<List<String>> FEATURES = REGISTRY.names("features", "a,b,c",
      "every numeric, boolean, string, date and timestamp column the filters, window and slices do not use",
      "Columns to measure");
  /** Columns never to measure. */
  public static final Setting<List<String>> EXCLUDE = REGISTRY.names("exclude", "a,b", null, "Columns not to measure");
  /** Columns to treat as categorical whatever their type. */
  public static final Setting<List<String>> CATEGORICAL = REGISTRY.names("categorical", "a,b", null,
      "Columns to treat as categorical whatever their type");
  /** Number of numeric bins inside the reference range. */
  public static final int BINS_DEFAULT = 20;
  /** Upper bound that keeps a typo from asking for a histogram the driver cannot hold. */
  public static final int BINS_MAX = 10_000;
  public static final Setting<Integer> BINS = REGISTRY.wholeNumber("bins", "N", BINS_DEFAULT, BINS_MAX,
      "Numeric bins inside the reference range");
  /** quantile or equal-width. */
  public static final Setting<Binning> BINNING = REGISTRY.parsed("binning", "MODE", "quantile", Binning::parse,
      "quantile or equal-width");
  public static final Binning BINNING_DEFAULT = BINNING.defaultValue();
  /** Categorical bins: the reference's top-K values, plus "other". */
  public static final int MAX_CATEGORIES_DEFAULT = 100;
  public static final int MAX_CATEGORIES_MAX = 100_000;
  public static final Setting<Integer> MAX_CATEGORIES = REGISTRY.wholeNumber("max-categories", "K",
      MAX_CATEGORIES_DEFAULT, MAX_CATEGORIES_MAX, "Top-K reference categories kept; the rest is 'other'");
  /** Zero-bin smoothing for KL and PSI: epsilon[:EPS], additive[:ALPHA] or none. */
  public static final Setting<Smoothing> SMOOTHING = REGISTRY.parsed("smoothing", "MODE", "epsilon:1e-4",
      Smoothing::parse, "epsilon[:EPS], additive[:ALPHA] or none, for KL and PSI");
  public static final Smoothing SMOOTHING_DEFAULT = SMOOTHING.defaultValue();
  /** Log base of the KL divergences and gaussian_kl: e (nats) or 2 (bits). */
  public static final Setting<LogBase> LOG_BASE = REGISTRY.parsed("log-base", "BASE", "e", LogBase::parse,
      "e (nats) or 2 (bits) for KL and gaussian_kl");
  public static final LogBase LOG_BASE_DEFAULT = LOG_BASE.defaultValue();
  /** METRIC=VALUE deciding {@code drifted}. */
  public static final Setting<Threshold> THRESHOLD = REGISTRY.parsed("threshold", "METRIC=VALUE", "js_distance=0.1",
      Threshold::parse, "When a feature counts as drifted");
  public static final Threshold THRESHOLD_DEFAULT = THRESHOLD.defaultValue();
  /**
   * The false-discovery rate of the drift decision: a row drifts only when its Benjamini–Hochberg
   * q-value (over every row of the run) is below it, as well as crossing its threshold; "none" leaves
   * the threshold alone to decide.
   */
  public static final double ALPHA_DEFAULT = 0.01;
  public static final Setting<Double> ALPHA = REGISTRY.parsed("alpha", "A|none", String.valueOf(ALPHA_DEFAULT),
      DriftConfig::parseAlpha,
      "False-discovery rate: drifted needs q_value < A as well as the threshold; none = the threshold alone");
  /** The fewest non-null values either side of a comparison needs for a verdict (below: drifted is null). */
  public static final int MIN_ROWS_DEFAULT = io.driftlake.core.verdict.DriftDecision.MIN_ROWS_DEFAULT;
  public static final Setting<Integer> MIN_ROWS = REGISTRY.parsed("min-rows", "N", String.valueOf(MIN_ROWS_DEFAULT),
      text -> DriftConfig.parseCount(text, 1_000_000_000),
      "Fewest non-null values a side needs for a verdict; below it drifted is null (0: no bar)");
  /** How many bins {@code top_bins} names per measured row. */
  public static final int EXPLAIN_TOP_DEFAULT = io.driftlake.core.verdict.DriftReasons.TOP_BINS_DEFAULT;
  public static final Setting<Integer> EXPLAIN_TOP = REGISTRY.parsed("explain-top", "N", String.valueOf(EXPLAIN_TOP_DEFAULT),
      text -> DriftConfig.parseCount(text, 1_000), "Bins named in top_bins (largest contributions to js_divergence), and new values in top_new_values");
  /** How many numeric features (the first, in feature order) the joint moments cover; 0 turns joint drift off. */
  public static final int JOINT_MAX_FEATURES_DEFAULT = 50;
  public static final Setting<Integer> JOINT_MAX_FEATURES = REGISTRY.parsed("joint-max-features", "N",
      String.valueOf(JOINT_MAX_FEATURES_DEFAULT), text -> DriftConfig.parseCount(text, 1_000),
      "Numeric features (the first N) whose means and covariance the joint drift compares; 0: off");
  /** The correlation shift |ρ_ref − ρ_cur| of a pair that drifts the :table row (when also significant). */
  public static final double CORRELATION_THRESHOLD_DEFAULT = 0.2;
  public static final Setting<Double> CORRELATION_THRESHOLD = REGISTRY.parsed("correlation-threshold", "R",
      String.valueOf(CORRELATION_THRESHOLD_DEFAULT), DriftConfig::parseCorrelationShift,
      "A pair's correlation shift over R (and significant at --alpha) drifts the :table row");
  /**
   * Train a classifier (an MLlib random forest) to tell current rows from reference rows, on a sample
   * of each side: drift no histogram or joint moment can see (docs/semantics.md, "Domain classifier").
   */
  public static final Setting<Boolean> DOMAIN_CLASSIFIER = REGISTRY.flag("domain-classifier",
      "Train a classifier to tell current rows from reference rows (classifier_auc, classifier_pvalue on :table rows)");
  /** The most rows of each side the domain classifier samples (per comparison: the whole data, each window). */
  public static final int CLASSIFIER_SAMPLE_ROWS_DEFAULT = 50_000;
  /** Upper bound: the sample is collected to the driver. */
  public static final int CLASSIFIER_SAMPLE_ROWS_MAX = 5_000_000;
  public static final Setting<Integer> CLASSIFIER_SAMPLE_ROWS = REGISTRY.wholeNumber("classifier-sample-rows", "N",
      CLASSIFIER_SAMPLE_ROWS_DEFAULT, CLASSIFIER_SAMPLE_ROWS_MAX,
      "Most rows of each side the domain classifier samples (30% of them held out for scoring)");
  /** The held-out AUC a significant domain classifier must exceed to drift the :table row. */
  public static final double CLASSIFIER_AUC_THRESHOLD_DEFAULT = 0.55;
  public static final Setting<Double> CLASSIFIER_AUC_THRESHOLD = REGISTRY.parsed("classifier-auc-threshold", "AUC",
      String.valueOf(CLASSIFIER_AUC_THRESHOLD_DEFAULT), DriftConfig::parseAucThreshold,
      "A domain classifier's held-out AUC over this (and significant at --alpha) drifts the :table row");
  /** The Delta drift table: a path or a table name. */
  public static final Setting<String> OUTPUT = REGISTRY.required("output", "PATH|TABLE", "The Delta drift table");
  /** The run id; re-running an id replaces that run's rows. Generated when absent. */
  public static final Setting<String> RUN_ID = REGISTRY.optional("run-id", "ID", "generated", text -> text,
      DriftConfig::runIdChecked, "Run id; re-running an id replaces its rows");
  /** Run ids go into a replaceWhere predicate, so they are kept to a safe alphabet. */
  private static final java.util.regex.Pattern RUN_ID_PATTERN =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");
  /** Histogram engine: udaf, builtin, columnar or auto (builtin when the RAPIDS plugin is on, else columnar). */
  public static final Setting<Engine> ENGINE = REGISTRY.parsed("engine", "ENGINE", "auto", Engine::parse,
      "Histogram engine: udaf, builtin, columnar or auto (builtin when the RAPIDS plugin is enabled, else columnar, "
          + "which falls back to udaf when the input is not a plain columnar scan)");
  public static final Engine ENGINE_DEFAULT = ENGINE.defaultValue();
  /** A date, timestamp (or timestamp-like string) column of the current data that splits it into time windows. */
  public static final Setting<String> WINDOW_COLUMN = REGISTRY.text("window-column", "COL", null,
      "Date or timestamp column of the current data that splits it into time windows");
  /** Window width, e.g. {@code 1 day}, {@code 5 minutes}, {@code 1 month}; required with a window column. */
  public static final Setting<Granularity> GRANULARITY = REGISTRY.optional("granularity", "\"N UNIT\"", null,
      Granularity::parse, value -> value,
      "Window width: N minute(s), hour(s), day(s), week(s) (from Monday), month(s) or year(s), UTC");
  /** What windows are compared with: baseline, consecutive or both. */
  public static final Setting<DriftType> DRIFT_TYPE = REGISTRY.parsed("drift-type", "TYPE", "baseline",
      DriftType::parse, "baseline (each window vs the reference), consecutive (vs the previous window) or both");
  public static final DriftType DRIFT_TYPE_DEFAULT = DRIFT_TYPE.defaultValue();
  /** Columns whose values slice both datasets; drift rows per slice value. */
  public static final Setting<List<String>> SLICE_BY = REGISTRY.names("slice-by", "a,b", null,
      "Columns whose values slice both datasets: drift rows per value");
  /** A Spark SQL expression whose value (e.g. true/false) slices both datasets. */
  public static final Setting<String> SLICE_EXPR = REGISTRY.text("slice-expr", "SQL", null,
      "A Spark SQL expression whose value slices both datasets, e.g. \"amount > 100\"");
  /** Most frequent slice values kept per slice key (from the reference); the rest is "__other__". */
  public static final int MAX_SLICES_DEFAULT = 100;
  public static final int MAX_SLICES_MAX = 10_000;
  public static final Setting<Integer> MAX_SLICES = REGISTRY.wholeNumber("max-slices", "N", MAX_SLICES_DEFAULT,
      MAX_SLICES_MAX, "Most frequent reference values kept per slice key; the rest is __other__");
  /** The Delta profile table keeping every profiled histogram state with its frozen edges. */
  public static final Setting<String> PROFILE_TABLE = REGISTRY.text("profile-table", "PATH|TABLE", null,
      "Delta table storing every profiled histogram state with its frozen bins");
  /** Reuse this stored profile (a run id, or RUNID/current) as the reference instead of scanning it. */
  public static final Setting<String> REFERENCE_PROFILE = REGISTRY.text("reference-profile", "ID[/ROLE]", null,
      "Use a stored profile (a run id; ID/current for that run's current data) as the reference instead of --reference");
  /** Compare this stored profile (a run id's current data, or ID/reference) instead of scanning {@code --current}. */
  public static final Setting<String> CURRENT_PROFILE = REGISTRY.text("current-profile", "ID[/ROLE]", null,
      "Use a stored profile (a run id's current data; ID/reference for its reference) as the current data instead of "
          + "--current: its windows and slices as stored");
  /** Exit code 3 after writing when any feature drifted: the command line's, and {@code DriftRun.exitCode()}. */
  public static final Setting<Boolean> FAIL_ON_DRIFT = REGISTRY.flag("fail-on-drift",
      "Exit with code 3 after writing when any feature drifted");
  /** Per-column thresholds {@code col:METRIC=VALUE,...} overriding {@link #THRESHOLD}. */
  public static final Setting<Map<String, Threshold>> COLUMN_THRESHOLDS = REGISTRY.table("column-thresholds",
      "column-thresholds", "COL:METRIC=VALUE,...", Thresholds::parseOverrides, (column, text) -> Threshold.parse(text),
      "Per-column thresholds overriding --threshold");
  /**
   * Spark reader options for both datasets ({@code sep=;}, {@code encoding=ISO-8859-1},
   * {@code nullValue=NA}, {@code multiLine=true}, {@code dateFormat=...}); repeatable; a file's
   * {@code read-options { sep = ";" }}. They override Driftlake's CSV defaults (header, inferSchema, FAILFAST).
   */
  public static final Setting<Map<String, String>> READ_OPTION = readOptions("read-option", "read-options",
      "Spark reader option KEY=VALUE for both datasets, e.g. sep=; (repeatable)");
  /** Reader options for the reference only, over {@link #READ_OPTION}. */
  public static final Setting<Map<String, String>> REFERENCE_READ_OPTION = readOptions("reference-read-option",
      "reference-read-options", "Spark reader option KEY=VALUE for the reference only (repeatable)");
  /** Reader options for the current data only, over {@link #READ_OPTION}. */
  public static final Setting<Map<String, String>> CURRENT_READ_OPTION = readOptions("current-read-option",
      "current-read-options", "Spark reader option KEY=VALUE for the current data only (repeatable)");
  /** Most elements an MLlib vector column may expand into. */
  public static final int VECTOR_MAX_DIMS_DEFAULT = 256;
  public static final int VECTOR_MAX_DIMS_MAX = 100_000;
  public static final Setting<Integer> VECTOR_MAX_DIMS = REGISTRY.wholeNumber("vector-max-dims", "N",
      VECTOR_MAX_DIMS_DEFAULT, VECTOR_MAX_DIMS_MAX, "Most elements an MLlib vector column expands into, one feature each");
  /** A model's prediction column (class index or label): measured as categorical. */
  public static final Setting<String> PREDICTION_COL = REGISTRY.text("prediction-col", "COL", null,
      "A model's prediction column: measured as categorical");
  /** A model's probability vector column: per-class features plus a mean-distribution row. */
  public static final Setting<String> PROBABILITY_COL = REGISTRY.text("probability-col", "COL", null,
      "A model's probability vector: per-class features and a mean-class-distribution row");
  /** The label column: mutual information of every feature with it, in both datasets. */
  public static final Setting<String> LABEL_COL = REGISTRY.text("label-col", "COL", null,
      "Label column: mutual information of each feature with it (ref_mutual_info, cur_mutual_info)");

  /** {@code drift watch} only: the Structured Streaming checkpoint (which batches are done), required there. */
  public static final Setting<String> CHECKPOINT = REGISTRY.text("checkpoint", "DIR", null,
      "drift watch only: the streaming checkpoint directory (required there)");
  /** {@code drift watch} only: {@code available-now} (process what is new, then exit) or {@code "N seconds|minutes"}. */
  public static final Setting<String> TRIGGER = REGISTRY.text("trigger", "available-now|\"N seconds\"", null,
      "drift watch only: available-now (process everything new, then exit) or a processing interval, e.g. \"5 minutes\"");

  /** Every setting, in definition (and help) order. */
  public static final List<Setting<?>> SETTINGS = REGISTRY.all();

  /**
   * The settings that judge drift rows once the states are counted: what a roll-up (which counts
   * nothing) takes from the command line or a config file, as a run does.
   */
  /**
   * What judges drift rows once the states are counted ({@link #JUDGING}'s values): all a roll-up
   * needs of a config, with no reference, current data or output to require.
   */
  public record Judging(Smoothing smoothing, LogBase logBase, Thresholds thresholds, Double alpha, int minRows,
      int explainTop, double correlationThreshold) {}

  public static final List<Setting<?>> JUDGING = List.of(SMOOTHING, LOG_BASE, THRESHOLD, COLUMN_THRESHOLDS, ALPHA,
      MIN_ROWS, EXPLAIN_TOP, CORRELATION_THRESHOLD);
  private static final Map<String, Setting<?>> BY_KEY = REGISTRY.byKey();
  private static final Map<String, Setting<?>> BY_FILE_KEY = SETTINGS.stream()
      .collect(java.util.stream.Collectors.toUnmodifiableMap(Setting::fileKey, s -> s));

  /** Every setting's value, defaults filled in; never modified after construction. */
  private final Map<Setting<?>, Object> values;

  private DriftConfig(Builder b) {
    Map<Setting<?>, Object> v = new HashMap<>();
    SETTINGS.forEach(s -> v.put(s, b.get(s)));
    this.values = v;
    String referenceProfile = (String) v.get(REFERENCE_PROFILE);
    if (referenceProfile != null && v.get(PROFILE_TABLE) == null) {
      throw DriftErrors.input("--reference-profile needs --profile-table: name the Delta table the profile is stored in");
    }
    if (referenceProfile != null && v.get(REFERENCE) != null) {
      throw DriftErrors.input("--reference and --reference-profile both given: pick one (the stored profile replaces the reference scan)");
    }
    if (referenceProfile == null) {
      require(REFERENCE);
    }
    String currentProfile = (String) v.get(CURRENT_PROFILE);
    if (currentProfile != null && v.get(PROFILE_TABLE) == null) {
      throw DriftErrors.input("--current-profile needs --profile-table: name the Delta table the profile is stored in");
    }
    if (currentProfile != null && v.get(CURRENT) != null) {
      throw DriftErrors.input("--current and --current-profile both given: pick one (the stored profile replaces the current scan)");
    }
    if (currentProfile != null && (v.get(WINDOW_COLUMN) != null || v.get(CURRENT_FILTER) != null)) {
      throw DriftErrors.input("--current-profile compares the windows the profile was stored with: drop "
          + (v.get(WINDOW_COLUMN) != null ? "--window-column and --granularity" : "--current-filter")
          + " (filter and window the data when you profile it)");
    }
    if (currentProfile == null) {
      require(CURRENT);
    }
    require(OUTPUT);
    if (v.get(REFERENCE_VERSION) != null && v.get(REFERENCE_TIMESTAMP) != null) {
      throw DriftErrors.input("--reference-version and --reference-timestamp both given: pick one");
    }
    if ((v.get(WINDOW_COLUMN) == null) != (v.get(GRANULARITY) == null)) {
      throw DriftErrors.input(v.get(WINDOW_COLUMN) == null
          ? "--granularity needs --window-column: name the date or timestamp column that places rows in windows"
          : "--window-column needs --granularity, e.g. --granularity \"1 day\"");
    }
    if (driftType().consecutive() && v.get(WINDOW_COLUMN) == null && currentProfile == null) {
      throw DriftErrors.input("--drift-type " + driftType().name().toLowerCase(Locale.ROOT)
          + " compares consecutive windows: add --window-column and --granularity");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    return b;
  }

  /** The value of any setting (the typed accessors below read it too). */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values.get(setting);
  }

  /** The reference location; null when a stored {@link #referenceProfile()} replaces it. */
  public String reference() { return get(REFERENCE); }
  public String current() { return get(CURRENT); }
  public Optional<String> referenceFormat() { return Optional.ofNullable(get(REFERENCE_FORMAT)); }
  public Optional<String> currentFormat() { return Optional.ofNullable(get(CURRENT_FORMAT)); }
  public Optional<Long> referenceVersion() { return Optional.ofNullable(get(REFERENCE_VERSION)); }
  public Optional<String> referenceTimestamp() { return Optional.ofNullable(get(REFERENCE_TIMESTAMP)); }
  public Optional<String> referenceFilter() { return Optional.ofNullable(get(REFERENCE_FILTER)); }
  public Optional<String> currentFilter() { return Optional.ofNullable(get(CURRENT_FILTER)); }
  public List<String> features() { return get(FEATURES); }
  public List<String> exclude() { return get(EXCLUDE); }
  public List<String> categorical() { return get(CATEGORICAL); }
  public int bins() { return get(BINS); }
  public Binning binning() { return get(BINNING); }
  public int maxCategories() { return get(MAX_CATEGORIES); }
  public Smoothing smoothing() { return get(SMOOTHING); }
  public LogBase logBase() { return get(LOG_BASE); }
  public Threshold threshold() { return get(THRESHOLD); }
  /** The significance level of the drift decision; empty with {@code --alpha none} (threshold only). */
  public Optional<Double> alpha() { return Optional.ofNullable(get(ALPHA)); }
  public int minRows() { return get(MIN_ROWS); }
  public int explainTop() { return get(EXPLAIN_TOP); }
  public int jointMaxFeatures() { return get(JOINT_MAX_FEATURES); }
  public double correlationThreshold() { return get(CORRELATION_THRESHOLD); }
  public boolean domainClassifier() { return get(DOMAIN_CLASSIFIER); }
  public int classifierSampleRows() { return get(CLASSIFIER_SAMPLE_ROWS); }
  public double classifierAucThreshold() { return get(CLASSIFIER_AUC_THRESHOLD); }
  public String output() { return get(OUTPUT); }
  public Optional<String> runId() { return Optional.ofNullable(get(RUN_ID)); }
  public Engine engine() { return get(ENGINE); }
  public Optional<String> windowColumn() { return Optional.ofNullable(get(WINDOW_COLUMN)); }
  public Optional<Granularity> granularity() { return Optional.ofNullable(get(GRANULARITY)); }
  public DriftType driftType() { return get(DRIFT_TYPE); }
  public List<String> sliceBy() { return get(SLICE_BY); }
  public Optional<String> sliceExpr() { return Optional.ofNullable(get(SLICE_EXPR)); }
  public int maxSlices() { return get(MAX_SLICES); }
  public Optional<String> profileTable() { return Optional.ofNullable(get(PROFILE_TABLE)); }
  public Optional<String> referenceProfile() { return Optional.ofNullable(get(REFERENCE_PROFILE)); }
  public Optional<String> currentProfile() { return Optional.ofNullable(get(CURRENT_PROFILE)); }
  public boolean failOnDrift() { return get(FAIL_ON_DRIFT); }
  public Map<String, Threshold> columnThresholds() { return get(COLUMN_THRESHOLDS); }
  public int vectorMaxDims() { return get(VECTOR_MAX_DIMS); }
  public Optional<String> predictionCol() { return Optional.ofNullable(get(PREDICTION_COL)); }
  public Optional<String> probabilityCol() { return Optional.ofNullable(get(PROBABILITY_COL)); }
  public Optional<String> labelCol() { return Optional.ofNullable(get(LABEL_COL)); }
  /** {@code drift watch}'s streaming checkpoint; empty for a batch run. */
  public Optional<String> checkpoint() { return Optional.ofNullable(get(CHECKPOINT)); }
  /** {@code drift watch}'s trigger text; empty: available-now. */
  public Optional<String> trigger() { return Optional.ofNullable(get(TRIGGER)); }
  public Map<String, String> readOption() { return get(READ_OPTION); }
  public Map<String, String> referenceReadOption() { return get(REFERENCE_READ_OPTION); }
  public Map<String, String> currentReadOption() { return get(CURRENT_READ_OPTION); }
  /** The default threshold with the per-column overrides. */
  public Thresholds thresholds() { return new Thresholds(threshold(), columnThresholds()); }

  /** {@code none} (null) or a level in (0, 1). */
  static Double parseAlpha(String text) {
    return text.trim().equalsIgnoreCase("none") ? null
        : parseNumberIn(text, v -> v > 0 && v < 1, "a level between 0 and 1 (e.g. 0.01) or none");
  }

  /** A correlation shift in (0, 2]. */
  static Double parseCorrelationShift(String text) {
    return parseNumberIn(text, v -> v > 0 && v <= 2, "a correlation shift above 0 and at most 2 (e.g. 0.2)");
  }

  /** An AUC in [0.5, 1). */
  static Double parseAucThreshold(String text) {
    return parseNumberIn(text, v -> v >= 0.5 && v < 1, "an AUC from 0.5 up to (not including) 1 (e.g. 0.55)");
  }

  /** A number for which {@code inRange} holds; otherwise "expected " + {@code expected}, unparsable or not. */
  private static double parseNumberIn(String text, java.util.function.DoublePredicate inRange, String expected) {
    double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected " + expected);
    }
    if (!inRange.test(value)) {
      throw new IllegalArgumentException("expected " + expected);
    }
    return value;
  }

  /** A run id of the safe alphabet; blank is absent (generated). */
  static String runIdChecked(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (!RUN_ID_PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "expected letters, digits and . _ : + - (at most 128, starting with a letter or digit)");
    }
    return value;
  }

  /** A whole number from 0 to {@code max}. */
  static int parseCount(String text, int max) {
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number from 0 to " + max);
    }
    if (value < 0 || value > max) {
      throw new IllegalArgumentException("expected a whole number from 0 to " + max);
    }
    return value;
  }

  /** The setting with this key (the long option without its dashes), if there is one. */
  public static Optional<Setting<?>> setting(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }

  /** The setting with this key in a config file: its {@link Setting#fileKey()}, or its key. */
  static Optional<Setting<?>> settingInFile(String fileKey) {
    return Optional.ofNullable(BY_FILE_KEY.getOrDefault(fileKey, BY_KEY.get(fileKey)));
  }

  private void require(Setting<String> setting) {
    if (get(setting) == null) {
      throw DriftErrors.missingOption(setting.option());
    }
  }

  private static Setting<Map<String, String>> readOptions(String key, String fileKey, String description) {
    return REGISTRY.table(key, fileKey, "KEY=VALUE", DriftConfig::readOption, (name, text) -> text, description);
  }

  /** {@code KEY=VALUE}: the key trimmed, the value as given (a separator may be a space). */
  static Map<String, String> readOption(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || text.substring(0, eq).isBlank()) {
      throw new IllegalArgumentException("expected KEY=VALUE, e.g. sep=; or encoding=ISO-8859-1");
    }
    return Map.of(text.substring(0, eq).trim(), text.substring(eq + 1));
  }

  private static Setting<String> format(String key) {
    return REGISTRY.optional(key, "FORMAT", "inferred", text -> text, DriftConfig::formatName,
        "parquet, csv, json, orc or delta");
  }

  private static String formatName(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String format = value.trim().toLowerCase(Locale.ROOT);
    if (!List.of("parquet", "csv", "json", "delta", "orc").contains(format)) {
      throw new IllegalArgumentException("expected parquet, csv, json, orc or delta");
    }
    return format;
  }

  private static Long deltaVersion(Long value) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException("expected a Delta version >= 0");
    }
    return value;
  }

  /**
   * Builds a {@link DriftConfig}. Typed setters for Java callers; {@link #set(String, String)} parses
   * a key's text form (command line, config file) and names the option in its error.
   */
  public static final class Builder {
    private final Map<Setting<?>, Object> values = new HashMap<>();

    private Builder() {}

    public Builder reference(String value) { return put(REFERENCE, value); }
    public Builder current(String value) { return put(CURRENT, value); }
    public Builder referenceFormat(String value) { return put(REFERENCE_FORMAT, value); }
    public Builder currentFormat(String value) { return put(CURRENT_FORMAT, value); }
    public Builder referenceVersion(Long value) { return put(REFERENCE_VERSION, value); }
    public Builder referenceTimestamp(String value) { return put(REFERENCE_TIMESTAMP, value); }
    public Builder referenceFilter(String value) { return put(REFERENCE_FILTER, value); }
    public Builder currentFilter(String value) { return put(CURRENT_FILTER, value); }
    public Builder features(List<String> value) { return put(FEATURES, value); }
    public Builder exclude(List<String> value) { return put(EXCLUDE, value); }
    public Builder categorical(List<String> value) { return put(CATEGORICAL, value); }
    public Builder bins(int value) { return put(BINS, value); }
    public Builder binning(Binning value) { return put(BINNING, value); }
    public Builder maxCategories(int value) { return put(MAX_CATEGORIES, value); }
    public Builder smoothing(Smoothing value) { return put(SMOOTHING, value); }
    public Builder logBase(LogBase value) { return put(LOG_BASE, value); }
    public Builder threshold(Threshold value) { return put(THRESHOLD, value); }
    /** null: the threshold alone decides. */
    public Builder alpha(Double value) { return put(ALPHA, value); }
    public Builder minRows(int value) { return put(MIN_ROWS, value); }
    public Builder explainTop(int value) { return put(EXPLAIN_TOP, value); }
    public Builder jointMaxFeatures(int value) { return put(JOINT_MAX_FEATURES, value); }
    public Builder correlationThreshold(double value) { return put(CORRELATION_THRESHOLD, value); }
    public Builder domainClassifier(boolean value) { return put(DOMAIN_CLASSIFIER, value); }
    public Builder classifierSampleRows(int value) { return put(CLASSIFIER_SAMPLE_ROWS, value); }
    public Builder classifierAucThreshold(double value) { return put(CLASSIFIER_AUC_THRESHOLD, value); }
    public Builder output(String value) { return put(OUTPUT, value); }
    public Builder runId(String value) { return put(RUN_ID, value); }
    public Builder engine(Engine value) { return put(ENGINE, value); }
    public Builder windowColumn(String value) { return put(WINDOW_COLUMN, value); }
    public Builder granularity(Granularity value) { return put(GRANULARITY, value); }
    public Builder driftType(DriftType value) { return put(DRIFT_TYPE, value); }
    public Builder sliceBy(List<String> value) { return put(SLICE_BY, value); }
    public Builder sliceExpr(String value) { return put(SLICE_EXPR, value); }
    public Builder maxSlices(int value) { return put(MAX_SLICES, value); }
    public Builder profileTable(String value) { return put(PROFILE_TABLE, value); }
    public Builder referenceProfile(String value) { return put(REFERENCE_PROFILE, value); }
    public Builder currentProfile(String value) { return put(CURRENT_PROFILE, value); }
    public Builder failOnDrift(boolean value) { return put(FAIL_ON_DRIFT, value); }
    public Builder vectorMaxDims(int value) { return put(VECTOR_MAX_DIMS, value); }
    public Builder predictionCol(String value) { return put(PREDICTION_COL, value); }
    public Builder probabilityCol(String value) { return put(PROBABILITY_COL, value); }
    public Builder labelCol(String value) { return put(LABEL_COL, value); }
    public Builder checkpoint(String value) { return put(CHECKPOINT, value); }
    public Builder trigger(String value) { return put(TRIGGER, value); }
    /** Per-column thresholds; later calls add to (and override) earlier ones. */
    public Builder columnThresholds(Map<String, Threshold> value) { return put(COLUMN_THRESHOLDS, value); }
    /** Reader options for both datasets; later calls add to (and override) earlier ones. */
    public Builder readOption(Map<String, String> value) { return put(READ_OPTION, value); }
    public Builder referenceReadOption(Map<String, String> value) { return put(REFERENCE_READ_OPTION, value); }
    public Builder currentReadOption(Map<String, String> value) { return put(CURRENT_READ_OPTION, value); }

    /** Sets any setting to a typed value, checked as its typed setter checks it. */
    public <T> Builder put(Setting<T> setting, T value) {
      values.put(setting, setting.merge(get(setting), setting.checked(value)));
      return this;
    }

    /** Sets a key from its text form, as given on the command line or in a config file. */
    public Builder set(String key, String text) {
      Setting<?> setting = BY_KEY.get(key);
      if (setting == null) {
        throw DriftErrors.input("unknown setting '" + key + "'. See 'drift run --help' for the settings");
      }
      return set(setting, text);
    }

    /** Sets a setting from its text form, as given on the command line or in a config file. */
    public <T> Builder set(Setting<T> setting, String text) {
      return put(setting, setting.parse(text));
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting<T> setting) {
      return values.containsKey(setting) ? (T) values.get(setting) : setting.defaultValue();
    }

    public DriftConfig build() {
      return new DriftConfig(this);
    }

    /** The judging settings as set so far (defaults otherwise), without a whole run's checks. */
    public Judging judging() {
      return new Judging(get(SMOOTHING), get(LOG_BASE), new Thresholds(get(THRESHOLD), get(COLUMN_THRESHOLDS)),
          get(ALPHA), get(MIN_ROWS), get(EXPLAIN_TOP), get(CORRELATION_THRESHOLD));
    }

    /** Splits {@code a,b,c}; names are trimmed, empty names dropped. */
    public static List<String> splitList(String text) {
      return Setting.Registry.splitList(text);
    }
  }
}
