package io.driftlake.core.config;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.Smoothing;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable settings of one drift run. Each key is the long command-line option without its
 * dashes and the key of the same name in a {@code --config} HOCON file; precedence is
 * command line &gt; config file &gt; the {@code _DEFAULT} beside each key.
 */
public final class DriftConfig {
  /** Reference data: a path (Parquet, CSV with header, JSON, Delta directory) or a table name. */
  public static final String REFERENCE = "reference";
  /** Current (new) data, same forms as {@link #REFERENCE}. */
  public static final String CURRENT = "current";
  /** Reference format: parquet, csv, json, delta; inferred from the path when absent. */
  public static final String REFERENCE_FORMAT = "reference-format";
  /** Current format, as {@link #REFERENCE_FORMAT}. */
  public static final String CURRENT_FORMAT = "current-format";
  /** Delta time travel: read the reference at this table version. */
  public static final String REFERENCE_VERSION = "reference-version";
  /** Delta time travel: read the reference as of this timestamp. */
  public static final String REFERENCE_TIMESTAMP = "reference-timestamp";
  /** A Spark SQL predicate applied to the reference after reading. */
  public static final String REFERENCE_FILTER = "reference-filter";
  /** A Spark SQL predicate applied to the current data after reading. */
  public static final String CURRENT_FILTER = "current-filter";
  /** Columns to measure; empty means every column of a supported type. */
  public static final String FEATURES = "features";
  /** Columns never to measure. */
  public static final String EXCLUDE = "exclude";
  /** Columns to treat as categorical whatever their type. */
  public static final String CATEGORICAL = "categorical";
  /** Number of numeric bins inside the reference range. */
  public static final String BINS = "bins";
  public static final int BINS_DEFAULT = 20;
  /** quantile or equal-width. */
  public static final String BINNING = "binning";
  public static final Binning BINNING_DEFAULT = Binning.QUANTILE;
  /** Categorical bins: the reference's top-K values, plus "other". */
  public static final String MAX_CATEGORIES = "max-categories";
  public static final int MAX_CATEGORIES_DEFAULT = 100;
  /** Zero-bin smoothing for KL and PSI: epsilon[:EPS], additive[:ALPHA] or none. */
  public static final String SMOOTHING = "smoothing";
  public static final Smoothing SMOOTHING_DEFAULT = Smoothing.DEFAULT;
  /** Log base of the KL divergences and gaussian_kl: e (nats) or 2 (bits). */
  public static final String LOG_BASE = "log-base";
  public static final LogBase LOG_BASE_DEFAULT = LogBase.E;
  /** METRIC=VALUE deciding {@code drifted}. */
  public static final String THRESHOLD = "threshold";
  public static final Threshold THRESHOLD_DEFAULT = Threshold.DEFAULT;
  /** The Delta drift table: a path or a table name. */
  public static final String OUTPUT = "output";
  /** The run id; re-running an id replaces that run's rows. Generated when absent. */
  public static final String RUN_ID = "run-id";
  /** Histogram engine: udaf, builtin or auto (builtin when the RAPIDS plugin is on). */
  public static final String ENGINE = "engine";
  public static final Engine ENGINE_DEFAULT = Engine.AUTO;
  /** A date, timestamp (or timestamp-like string) column of the current data that splits it into time windows. */
  public static final String WINDOW_COLUMN = "window-column";
  /** Window width, e.g. {@code 1 day}, {@code 5 minutes}, {@code 1 month}; required with a window column. */
  public static final String GRANULARITY = "granularity";
  /** What windows are compared with: baseline, consecutive or both. */
  public static final String DRIFT_TYPE = "drift-type";
  public static final DriftType DRIFT_TYPE_DEFAULT = DriftType.BASELINE;
  /** Columns whose values slice both datasets; drift rows per slice value. */
  public static final String SLICE_BY = "slice-by";
  /** A Spark SQL expression whose value (e.g. true/false) slices both datasets. */
  public static final String SLICE_EXPR = "slice-expr";
  /** Most frequent slice values kept per slice key (from the reference); the rest is "__other__". */
  public static final String MAX_SLICES = "max-slices";
  public static final int MAX_SLICES_DEFAULT = 100;
  public static final int MAX_SLICES_MAX = 10_000;
  /** The Delta profile table keeping every profiled histogram state with its frozen edges. */
  public static final String PROFILE_TABLE = "profile-table";
  /** Reuse this stored profile (a run id, or RUNID/current) as the reference instead of scanning it. */
  public static final String REFERENCE_PROFILE = "reference-profile";
  /** Exit with code 3 after writing when any feature drifted. */
  public static final String FAIL_ON_DRIFT = "fail-on-drift";
  /** Per-column thresholds {@code col:METRIC=VALUE,...} overriding {@link #THRESHOLD}. */
  public static final String COLUMN_THRESHOLDS = "column-thresholds";
  /** Most elements an MLlib vector column may expand into. */
  public static final String VECTOR_MAX_DIMS = "vector-max-dims";
  public static final int VECTOR_MAX_DIMS_DEFAULT = 256;
  public static final int VECTOR_MAX_DIMS_MAX = 100_000;
  /** A model's prediction column (class index or label): measured as categorical. */
  public static final String PREDICTION_COL = "prediction-col";
  /** A model's probability vector column: per-class features plus a mean-distribution row. */
  public static final String PROBABILITY_COL = "probability-col";
  /** The label column: mutual information of every feature with it, in both datasets. */
  public static final String LABEL_COL = "label-col";

  /** Upper bounds that keep a typo from asking for a histogram the driver cannot hold. */
  public static final int BINS_MAX = 10_000;
  public static final int MAX_CATEGORIES_MAX = 100_000;

  private final String reference;
  private final String current;
  private final String referenceFormat;
  private final String currentFormat;
  private final Long referenceVersion;
  private final String referenceTimestamp;
  private final String referenceFilter;
  private final String currentFilter;
  private final List<String> features;
  private final List<String> exclude;
  private final List<String> categorical;
  private final int bins;
  private final Binning binning;
  private final int maxCategories;
  private final Smoothing smoothing;
  private final LogBase logBase;
  private final Threshold threshold;
  private final String output;
  private final String runId;
  private final Engine engine;
  private final String windowColumn;
  private final Granularity granularity;
  private final DriftType driftType;
  private final List<String> sliceBy;
  private final String sliceExpr;
  private final int maxSlices;
  private final String profileTable;
  private final String referenceProfile;
  private final boolean failOnDrift;
  private final Map<String, Threshold> columnThresholds;
  private final int vectorMaxDims;
  private final String predictionCol;
  private final String probabilityCol;
  private final String labelCol;

  private DriftConfig(Builder b) {
    this.referenceProfile = blankToNull(b.referenceProfile);
    this.profileTable = blankToNull(b.profileTable);
    if (referenceProfile != null && profileTable == null) {
      throw DriftErrors.input("--reference-profile needs --profile-table: name the Delta table the profile is stored in");
    }
    if (referenceProfile != null && b.reference != null && !b.reference.isBlank()) {
      throw DriftErrors.input("--reference and --reference-profile both given: pick one (the stored profile replaces the reference scan)");
    }
    this.reference = referenceProfile != null ? null : require(b.reference, REFERENCE);
    this.current = require(b.current, CURRENT);
    this.output = require(b.output, OUTPUT);
    this.referenceFormat = b.referenceFormat;
    this.currentFormat = b.currentFormat;
    this.referenceVersion = b.referenceVersion;
    this.referenceTimestamp = b.referenceTimestamp;
    if (referenceVersion != null && referenceTimestamp != null) {
      throw DriftErrors.input("--reference-version and --reference-timestamp both given: pick one");
    }
    this.referenceFilter = blankToNull(b.referenceFilter);
    this.currentFilter = blankToNull(b.currentFilter);
    this.features = List.copyOf(b.features);
    this.exclude = List.copyOf(b.exclude);
    this.categorical = List.copyOf(b.categorical);
    this.bins = b.bins;
    this.binning = b.binning;
    this.maxCategories = b.maxCategories;
    this.smoothing = b.smoothing;
    this.logBase = b.logBase;
    this.threshold = b.threshold;
    this.runId = blankToNull(b.runId);
    this.engine = b.engine;
    this.windowColumn = blankToNull(b.windowColumn);
    this.granularity = b.granularity;
    if ((windowColumn == null) != (granularity == null)) {
      throw DriftErrors.input(windowColumn == null
          ? "--granularity needs --window-column: name the date or timestamp column that places rows in windows"
          : "--window-column needs --granularity, e.g. --granularity \"1 day\"");
    }
    this.driftType = b.driftType;
    if (driftType.consecutive() && windowColumn == null) {
      throw DriftErrors.input("--drift-type " + driftType.name().toLowerCase(java.util.Locale.ROOT)
          + " compares consecutive windows: add --window-column and --granularity");
    }
    this.sliceBy = List.copyOf(b.sliceBy);
    this.sliceExpr = blankToNull(b.sliceExpr);
    this.maxSlices = b.maxSlices;
    this.failOnDrift = b.failOnDrift;
    this.columnThresholds = Map.copyOf(b.columnThresholds);
    this.vectorMaxDims = b.vectorMaxDims;
    this.predictionCol = blankToNull(b.predictionCol);
    this.probabilityCol = blankToNull(b.probabilityCol);
    this.labelCol = blankToNull(b.labelCol);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.reference = reference;
    b.current = current;
    b.referenceFormat = referenceFormat;
    b.currentFormat = currentFormat;
    b.referenceVersion = referenceVersion;
    b.referenceTimestamp = referenceTimestamp;
    b.referenceFilter = referenceFilter;
    b.currentFilter = currentFilter;
    b.features = features;
    b.exclude = exclude;
    b.categorical = categorical;
    b.bins = bins;
    b.binning = binning;
    b.maxCategories = maxCategories;
    b.smoothing = smoothing;
    b.logBase = logBase;
    b.threshold = threshold;
    b.output = output;
    b.runId = runId;
    b.engine = engine;
    b.windowColumn = windowColumn;
    b.granularity = granularity;
    b.driftType = driftType;
    b.sliceBy = sliceBy;
    b.sliceExpr = sliceExpr;
    b.maxSlices = maxSlices;
    b.profileTable = profileTable;
    b.referenceProfile = referenceProfile;
    b.failOnDrift = failOnDrift;
    b.columnThresholds = columnThresholds;
    b.vectorMaxDims = vectorMaxDims;
    b.predictionCol = predictionCol;
    b.probabilityCol = probabilityCol;
    b.labelCol = labelCol;
    return b;
  }

  /** The reference location; null when a stored {@link #referenceProfile()} replaces it. */
  public String reference() { return reference; }
  public String current() { return current; }
  public Optional<String> referenceFormat() { return Optional.ofNullable(referenceFormat); }
  public Optional<String> currentFormat() { return Optional.ofNullable(currentFormat); }
  public Optional<Long> referenceVersion() { return Optional.ofNullable(referenceVersion); }
  public Optional<String> referenceTimestamp() { return Optional.ofNullable(referenceTimestamp); }
  public Optional<String> referenceFilter() { return Optional.ofNullable(referenceFilter); }
  public Optional<String> currentFilter() { return Optional.ofNullable(currentFilter); }
  public List<String> features() { return features; }
  public List<String> exclude() { return exclude; }
  public List<String> categorical() { return categorical; }
  public int bins() { return bins; }
  public Binning binning() { return binning; }
  public int maxCategories() { return maxCategories; }
  public Smoothing smoothing() { return smoothing; }
  public LogBase logBase() { return logBase; }
  public Threshold threshold() { return threshold; }
  public String output() { return output; }
  public Optional<String> runId() { return Optional.ofNullable(runId); }
  public Engine engine() { return engine; }
  public Optional<String> windowColumn() { return Optional.ofNullable(windowColumn); }
  public Optional<Granularity> granularity() { return Optional.ofNullable(granularity); }
  public DriftType driftType() { return driftType; }
  public List<String> sliceBy() { return sliceBy; }
  public Optional<String> sliceExpr() { return Optional.ofNullable(sliceExpr); }
  public int maxSlices() { return maxSlices; }
  public Optional<String> profileTable() { return Optional.ofNullable(profileTable); }
  public Optional<String> referenceProfile() { return Optional.ofNullable(referenceProfile); }
  public boolean failOnDrift() { return failOnDrift; }
  public Map<String, Threshold> columnThresholds() { return columnThresholds; }
  public int vectorMaxDims() { return vectorMaxDims; }
  public Optional<String> predictionCol() { return Optional.ofNullable(predictionCol); }
  public Optional<String> probabilityCol() { return Optional.ofNullable(probabilityCol); }
  public Optional<String> labelCol() { return Optional.ofNullable(labelCol); }
  /** The default threshold with the per-column overrides. */
  public Thresholds thresholds() { return new Thresholds(threshold, columnThresholds); }

  private static String require(String value, String key) {
    if (value == null || value.isBlank()) {
      throw DriftErrors.missingOption("--" + key);
    }
    return value.trim();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * Builds a {@link DriftConfig}. Typed setters for Java callers; {@link #set(String, String)} parses
   * a key's text form (command line, config file) and names the option in its error.
   */
  public static final class Builder {
    private String reference;
    private String current;
    private String referenceFormat;
    private String currentFormat;
    private Long referenceVersion;
    private String referenceTimestamp;
    private String referenceFilter;
    private String currentFilter;
    private List<String> features = List.of();
    private List<String> exclude = List.of();
    private List<String> categorical = List.of();
    private int bins = BINS_DEFAULT;
    private Binning binning = BINNING_DEFAULT;
    private int maxCategories = MAX_CATEGORIES_DEFAULT;
    private Smoothing smoothing = SMOOTHING_DEFAULT;
    private LogBase logBase = LOG_BASE_DEFAULT;
    private Threshold threshold = THRESHOLD_DEFAULT;
    private String output;
    private String runId;
    private Engine engine = ENGINE_DEFAULT;
    private String windowColumn;
    private Granularity granularity;
    private DriftType driftType = DRIFT_TYPE_DEFAULT;
    private List<String> sliceBy = List.of();
    private String sliceExpr;
    private int maxSlices = MAX_SLICES_DEFAULT;
    private String profileTable;
    private String referenceProfile;
    private boolean failOnDrift;
    private Map<String, Threshold> columnThresholds = Map.of();
    private int vectorMaxDims = VECTOR_MAX_DIMS_DEFAULT;
    private String predictionCol;
    private String probabilityCol;
    private String labelCol;

    private Builder() {}

    public Builder reference(String value) { this.reference = value; return this; }
    public Builder current(String value) { this.current = value; return this; }
    public Builder referenceFormat(String value) { this.referenceFormat = format(REFERENCE_FORMAT, value); return this; }
    public Builder currentFormat(String value) { this.currentFormat = format(CURRENT_FORMAT, value); return this; }
    public Builder referenceVersion(Long value) {
      if (value != null && value < 0) {
        throw DriftErrors.badOptionValue("--" + REFERENCE_VERSION, value.toString(), "expected a Delta version >= 0");
      }
      this.referenceVersion = value;
      return this;
    }
    public Builder referenceTimestamp(String value) { this.referenceTimestamp = value; return this; }
    public Builder referenceFilter(String value) { this.referenceFilter = value; return this; }
    public Builder currentFilter(String value) { this.currentFilter = value; return this; }
    public Builder features(List<String> value) { this.features = List.copyOf(value); return this; }
    public Builder exclude(List<String> value) { this.exclude = List.copyOf(value); return this; }
    public Builder categorical(List<String> value) { this.categorical = List.copyOf(value); return this; }
    public Builder bins(int value) {
      if (value < 1 || value > BINS_MAX) {
        throw DriftErrors.badOptionValue("--" + BINS, Integer.toString(value), "expected a whole number from 1 to " + BINS_MAX);
      }
      this.bins = value;
      return this;
    }
    public Builder binning(Binning value) { this.binning = value; return this; }
    public Builder maxCategories(int value) {
      if (value < 1 || value > MAX_CATEGORIES_MAX) {
        throw DriftErrors.badOptionValue("--" + MAX_CATEGORIES, Integer.toString(value),
            "expected a whole number from 1 to " + MAX_CATEGORIES_MAX);
      }
      this.maxCategories = value;
      return this;
    }
    public Builder smoothing(Smoothing value) { this.smoothing = value; return this; }
    public Builder logBase(LogBase value) { this.logBase = value; return this; }
    public Builder threshold(Threshold value) { this.threshold = value; return this; }
    public Builder output(String value) { this.output = value; return this; }
    public Builder runId(String value) { this.runId = value; return this; }
    public Builder engine(Engine value) { this.engine = value; return this; }
    public Builder windowColumn(String value) { this.windowColumn = value; return this; }
    public Builder granularity(Granularity value) { this.granularity = value; return this; }
    public Builder driftType(DriftType value) { this.driftType = value; return this; }
    public Builder sliceBy(List<String> value) { this.sliceBy = List.copyOf(value); return this; }
    public Builder sliceExpr(String value) { this.sliceExpr = value; return this; }
    public Builder maxSlices(int value) {
      if (value < 1 || value > MAX_SLICES_MAX) {
        throw DriftErrors.badOptionValue("--" + MAX_SLICES, Integer.toString(value), "expected a whole number from 1 to " + MAX_SLICES_MAX);
      }
      this.maxSlices = value;
      return this;
    }
    public Builder profileTable(String value) { this.profileTable = value; return this; }
    public Builder referenceProfile(String value) { this.referenceProfile = value; return this; }
    public Builder failOnDrift(boolean value) { this.failOnDrift = value; return this; }
    public Builder vectorMaxDims(int value) {
      if (value < 1 || value > VECTOR_MAX_DIMS_MAX) {
        throw DriftErrors.badOptionValue("--" + VECTOR_MAX_DIMS, Integer.toString(value),
            "expected a whole number from 1 to " + VECTOR_MAX_DIMS_MAX);
      }
      this.vectorMaxDims = value;
      return this;
    }
    public Builder predictionCol(String value) { this.predictionCol = value; return this; }
    public Builder probabilityCol(String value) { this.probabilityCol = value; return this; }
    public Builder labelCol(String value) { this.labelCol = value; return this; }
    /** Per-column thresholds; later calls add to (and override) earlier ones. */
    public Builder columnThresholds(Map<String, Threshold> value) {
      Map<String, Threshold> merged = new java.util.LinkedHashMap<>(columnThresholds);
      merged.putAll(value);
      this.columnThresholds = merged;
      return this;
    }

    /** Sets a key from its text form, as given on the command line or in a config file. */
    public Builder set(String key, String text) {
      String option = "--" + key;
      try {
        switch (key) {
          case REFERENCE -> reference(text);
          case CURRENT -> current(text);
          case REFERENCE_FORMAT -> referenceFormat(text);
          case CURRENT_FORMAT -> currentFormat(text);
          case REFERENCE_VERSION -> referenceVersion(parseLong(option, text));
          case REFERENCE_TIMESTAMP -> referenceTimestamp(text);
          case REFERENCE_FILTER -> referenceFilter(text);
          case CURRENT_FILTER -> currentFilter(text);
          case FEATURES -> features(splitList(text));
          case EXCLUDE -> exclude(splitList(text));
          case CATEGORICAL -> categorical(splitList(text));
          case BINS -> bins(parseInt(option, text));
          case BINNING -> binning(Binning.parse(text));
          case MAX_CATEGORIES -> maxCategories(parseInt(option, text));
          case SMOOTHING -> smoothing(Smoothing.parse(text));
          case LOG_BASE -> logBase(LogBase.parse(text));
          case THRESHOLD -> threshold(Threshold.parse(text));
          case OUTPUT -> output(text);
          case RUN_ID -> runId(text);
          case ENGINE -> engine(Engine.parse(text));
          case WINDOW_COLUMN -> windowColumn(text);
          case GRANULARITY -> granularity(Granularity.parse(text));
          case DRIFT_TYPE -> driftType(DriftType.parse(text));
          case SLICE_BY -> sliceBy(splitList(text));
          case SLICE_EXPR -> sliceExpr(text);
          case MAX_SLICES -> maxSlices(parseInt(option, text));
          case PROFILE_TABLE -> profileTable(text);
          case REFERENCE_PROFILE -> referenceProfile(text);
          case FAIL_ON_DRIFT -> failOnDrift(parseBoolean(text));
          case COLUMN_THRESHOLDS -> columnThresholds(Thresholds.parseOverrides(text));
          case VECTOR_MAX_DIMS -> vectorMaxDims(parseInt(option, text));
          case PREDICTION_COL -> predictionCol(text);
          case PROBABILITY_COL -> probabilityCol(text);
          case LABEL_COL -> labelCol(text);
          default -> throw DriftErrors.input("unknown setting '" + key + "'. See 'drift run --help' for the settings");
        }
      } catch (IllegalArgumentException e) {
        throw DriftErrors.badOptionValue(option, text, e.getMessage());
      }
      return this;
    }

    public DriftConfig build() {
      return new DriftConfig(this);
    }

    private static String format(String key, String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      String format = value.trim().toLowerCase(Locale.ROOT);
      if (!List.of("parquet", "csv", "json", "delta", "orc").contains(format)) {
        throw DriftErrors.badOptionValue("--" + key, value, "expected parquet, csv, json, orc or delta");
      }
      return format;
    }

    private static int parseInt(String option, String text) {
      try {
        return Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw DriftErrors.badOptionValue(option, text, "expected a whole number");
      }
    }

    private static boolean parseBoolean(String text) {
      return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "true", "yes", "on" -> true;
        case "false", "no", "off" -> false;
        default -> throw new IllegalArgumentException("expected true or false");
      };
    }

    private static long parseLong(String option, String text) {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw DriftErrors.badOptionValue(option, text, "expected a whole number");
      }
    }

    /** Splits {@code a,b,c}; names are trimmed, empty names dropped. */
    public static List<String> splitList(String text) {
      return java.util.Arrays.stream(text.split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .toList();
    }
  }
}
