package io.driftlake.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.config.Binning;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.config.Metric;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.config.Thresholds;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.Smoothing;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.ProfileSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which comparisons a windowed run makes, and what the ':table' row and per-column thresholds say. */
class DriftRowsTest {
  static final BinEdges EDGES = BinEdges.fromCutPoints(0, 10);
  static final Map<String, FeatureBins> BINS = new LinkedHashMap<>();

  static {
    BINS.put("x", FeatureBins.numeric("x", EDGES));
    BINS.put("y", FeatureBins.numeric("y", EDGES));
  }

  static HistogramState state(double... values) {
    HistogramState s = HistogramState.empty(EDGES.binCount());
    for (double v : values) {
      s.addNumeric(EDGES, v);
    }
    return s;
  }

  static DatasetProfile profile(double... values) {
    return new DatasetProfile(values.length, Map.of("x", state(values), "y", state(values)));
  }

  static GroupKey day(int d) {
    Instant start = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(86_400L * (d - 1));
    return new GroupKey(start, start.plusSeconds(86_400), null, null);
  }

  @Test
  void consecutiveSkipsTheFirstWindowAndMarksGapsBaselineCoversAll() {
    Map<String, String> types = Map.of("x", "double", "y", "double");
    ProfileSet reference = new ProfileSet(BINS, types, Binning.QUANTILE, null, List.of(),
        Map.of(GroupKey.WHOLE, profile(1, 2, 3, 4)));
    Map<GroupKey, DatasetProfile> groups = new LinkedHashMap<>();
    groups.put(GroupKey.WHOLE, profile(1, 2, 11, 12, 13, 5));
    groups.put(day(1), profile(1, 2));
    groups.put(day(2), profile(11, 12, 13));
    groups.put(day(4), profile(5)); // day 3 has no rows
    ProfileSet current = new ProfileSet(BINS, types, Binning.QUANTILE, Granularity.parse("1 day"), List.of(), groups);
    RunInfo run = new RunInfo("r", Instant.parse("2024-02-01T00:00:00Z"), "ref", "cur", Binning.QUANTILE,
        Smoothing.DEFAULT, LogBase.E, new Thresholds(Threshold.DEFAULT, Map.of("y", new Threshold(Metric.PSI, 1000))),
        null, 0, 3); // a handful of values: the threshold alone decides (no alpha, no row bar)
    List<FeatureSpec> features = List.of(new FeatureSpec("x", "double", BINS.get("x"), null),
        new FeatureSpec("y", "double", BINS.get("y"), null));

    List<DriftRecord> rows = DriftRows.build(run, features, reference, current, DriftType.BOTH);

    // whole data: baseline; days 1, 2, 4: baseline; days 2 and 4: consecutive. 3 rows each (x, y, :table).
    assertThat(rows).hasSize((1 + 3 + 2) * 3);
    assertThat(rows.stream().filter(r -> r.driftType().equals("CONSECUTIVE")).map(DriftRecord::windowStart).distinct())
        .containsExactly(day(2).windowStart(), day(4).windowStart());
    DriftRecord day2x = find(rows, day(2), "CONSECUTIVE", "x");
    assertThat(day2x.refBinCounts()).containsExactly(0, 2, 0); // day 1's counts are the "reference"
    assertThat(day2x.curBinCounts()).containsExactly(0, 0, 3);
    assertThat(day2x.status()).isEqualTo("OK");
    assertThat(day2x.drifted()).isTrue(); // disjoint bins: JS distance 1
    DriftRecord gap = find(rows, day(4), "CONSECUTIVE", "x");
    assertThat(gap.status()).isEqualTo("SKIPPED");
    assertThat(gap.message()).contains("no rows in the previous window");
    // per-column threshold: y uses psi = 1000 and so never drifts; the table row counts 1 of 2
    DriftRecord day2y = find(rows, day(2), "CONSECUTIVE", "y");
    assertThat(day2y.thresholdMetric()).isEqualTo("psi");
    assertThat(day2y.drifted()).isFalse();
    DriftRecord table = find(rows, day(2), "CONSECUTIVE", ":table");
    assertThat(table.driftedShare()).isEqualTo(0.5);
    assertThat(table.refCount()).isEqualTo(2);
    assertThat(table.curCount()).isEqualTo(3);
    assertThat(table.rowCountChange()).isEqualTo(0.5); // 3 / 2 - 1
    assertThat(table.drifted()).isTrue();
    DriftRecord wholeTable = find(rows, GroupKey.WHOLE, "BASELINE", ":table");
    assertThat(wholeTable.rowCountChange()).isEqualTo(6.0 / 4 - 1);
    assertThat(wholeTable.kind()).isEqualTo("table");
  }

  @Test
  void aWideTablesRowsAreTheSameComputedInParallel() {
    // more features than DriftRows.PARALLEL_FEATURES: the run's rows are computed on several threads; the
    // same features in runs too small for that (one thread) give the same p-values and metrics, bit for bit.
    // Few values a side: the chi-square p-values are Monte Carlo ones, seeded from each table's counts.
    int n = DriftRows.PARALLEL_FEATURES + 8;
    Map<String, FeatureBins> bins = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, HistogramState> referenceStates = new LinkedHashMap<>();
    Map<String, HistogramState> currentStates = new LinkedHashMap<>();
    List<FeatureSpec> features = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      String column = "f" + i;
      bins.put(column, FeatureBins.numeric(column, EDGES));
      types.put(column, "double");
      referenceStates.put(column, state(-1, 1, 2, 3, 4, 5, 11, 12));
      int moved = i % 7;
      currentStates.put(column, state(java.util.stream.IntStream.range(0, 8).mapToDouble(v -> v < moved ? 11 + v : v - 1).toArray()));
      features.add(new FeatureSpec(column, "double", bins.get(column), null));
    }
    ProfileSet reference = new ProfileSet(bins, types, Binning.QUANTILE, null, List.of(),
        Map.of(GroupKey.WHOLE, new DatasetProfile(8, referenceStates)));
    ProfileSet current = new ProfileSet(bins, types, Binning.QUANTILE, null, List.of(),
        Map.of(GroupKey.WHOLE, new DatasetProfile(8, currentStates)));
    RunInfo run = new RunInfo("r", Instant.parse("2024-02-01T00:00:00Z"), "ref", "cur", Binning.QUANTILE,
        Smoothing.DEFAULT, LogBase.E, new Thresholds(Threshold.DEFAULT, Map.of()), 0.05, 0, 3);

    List<DriftRecord> wide = DriftRows.build(run, features, reference, current, DriftType.BASELINE);
    for (int from = 0; from < n; from += 5) {
      List<DriftRecord> narrow = DriftRows.build(run, features.subList(from, Math.min(n, from + 5)), reference, current,
          DriftType.BASELINE);
      for (DriftRecord row : narrow.stream().filter(r -> r.columnName().startsWith("f")).toList()) {
        DriftRecord same = find(wide, GroupKey.WHOLE, "BASELINE", row.columnName());
        assertThat(same.get(DriftColumns.CHI2_PVALUE)).as(row.columnName()).isNotNull()
            .isEqualTo(row.get(DriftColumns.CHI2_PVALUE));
        assertThat(same.get(DriftColumns.metric(Metric.JS_DISTANCE))).isEqualTo(row.get(DriftColumns.metric(Metric.JS_DISTANCE)));
        assertThat(same.curBinCounts()).isEqualTo(row.curBinCounts());
      }
    }
    // the tables differ, so their p-values do: a mix-up of rows between threads would show
    assertThat(wide.stream().map(r -> r.get(DriftColumns.CHI2_PVALUE)).filter(java.util.Objects::nonNull).distinct().count())
        .isGreaterThan(3);
  }

  static DriftRecord find(List<DriftRecord> rows, GroupKey key, String type, String column) {
    return rows.stream().filter(r -> java.util.Objects.equals(r.windowStart(), key.windowStart())
        && r.driftType().equals(type) && r.columnName().equals(column)).findFirst().orElseThrow();
  }
}
