package io.driftlake.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftlake.core.config.Binning;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.histogram.BinEdges;
import io.driftlake.core.histogram.FeatureBins;
import io.driftlake.core.histogram.HistogramState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Totals from scanned groups and roll-ups, checked against states built directly from the same values. */
class ProfileSetTest {
  static final BinEdges EDGES = BinEdges.fromCutPoints(0, 1, 2, 3);
  static final Map<String, FeatureBins> BINS = Map.of("x", FeatureBins.numeric("x", EDGES));
  static final Granularity DAY = Granularity.parse("1 day");

  record Value(LocalDate day, String slice, double x) {}

  static List<Value> values() {
    Random random = new Random(3);
    List<Value> values = new java.util.ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      LocalDate day = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(45)); // Jan 1 .. Feb 14
      values.add(new Value(day, random.nextBoolean() ? "a" : "b", random.nextGaussian() * 2 + 1.5));
    }
    return values;
  }

  static Instant instant(LocalDate day) {
    return day.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** What one scan would return: per (day, slice), a state of that group's values. */
  static Map<GroupKey, DatasetProfile> scanned(List<Value> values) {
    Map<GroupKey, HistogramState> states = new LinkedHashMap<>();
    Map<GroupKey, Long> rows = new LinkedHashMap<>();
    for (Value v : values) {
      GroupKey key = new GroupKey(instant(v.day()), instant(v.day().plusDays(1)), "s", v.slice());
      states.computeIfAbsent(key, k -> HistogramState.empty(EDGES.binCount())).addNumeric(EDGES, v.x());
      rows.merge(key, 1L, Long::sum);
    }
    Map<GroupKey, DatasetProfile> out = new LinkedHashMap<>();
    states.forEach((k, s) -> out.put(k, new DatasetProfile(rows.get(k), Map.of("x", s))));
    return out;
  }

  static HistogramState direct(List<Value> values, java.util.function.Predicate<Value> filter) {
    HistogramState state = HistogramState.empty(EDGES.binCount());
    values.stream().filter(filter).forEach(v -> state.addNumeric(EDGES, v.x()));
    return state;
  }

  @Test
  void wholeDataSlicesAndWindowsAreSumsOfTheScannedGroups() {
    List<Value> values = values();
    ProfileSet set = ProfileSet.fromScan(BINS, Map.of("x", "double"), Binning.QUANTILE, DAY, List.of("s"), scanned(values));
    assertThat(set.whole().rowCount()).isEqualTo(2000);
    assertThat(set.whole().states().get("x").countsEqual(direct(values, v -> true))).isTrue();
    assertThat(set.whole().states().get("x").momentsClose(direct(values, v -> true), 1e-12)).isTrue();
    assertThat(set.groups().get(GroupKey.slice("s", "a")).states().get("x").countsEqual(direct(values, v -> v.slice().equals("a")))).isTrue();
    LocalDate jan5 = LocalDate.of(2024, 1, 5);
    GroupKey window = new GroupKey(instant(jan5), instant(jan5.plusDays(1)), null, null);
    assertThat(set.groups().get(window).states().get("x").countsEqual(direct(values, v -> v.day().equals(jan5)))).isTrue();
    assertThat(set.rowsWithoutWindow()).isZero();
    assertThat(set.groups().keySet().iterator().next()).isEqualTo(GroupKey.WHOLE);
  }

  @Test
  void dailyRollsUpToWeeksAndMonthsExactly() {
    List<Value> values = values();
    ProfileSet daily = ProfileSet.fromScan(BINS, Map.of("x", "double"), Binning.QUANTILE, DAY, List.of("s"), scanned(values));
    ProfileSet weekly = daily.rollUp(Granularity.parse("1 week"));
    LocalDate monday = LocalDate.of(2024, 1, 8);
    GroupKey week = new GroupKey(instant(monday), instant(monday.plusDays(7)), "s", "b");
    HistogramState expected = direct(values, v -> !v.day().isBefore(monday) && v.day().isBefore(monday.plusDays(7))
        && v.slice().equals("b"));
    assertThat(weekly.groups().get(week).states().get("x").countsEqual(expected)).isTrue();
    assertThat(weekly.groups().get(week).states().get("x").momentsClose(expected, 1e-12)).isTrue();
    // Jan 1 2024 is a Monday: days Jan 1 .. Feb 14 fall in 7 weeks
    assertThat(weekly.groups().keySet().stream().filter(k -> k.windowed() && !k.sliced()).count()).isEqualTo(7);
    assertThat(weekly.whole().states().get("x").countsEqual(daily.whole().states().get("x"))).isTrue();
    ProfileSet monthly = daily.rollUp(Granularity.parse("1 month"));
    assertThat(monthly.groups().keySet().stream().filter(k -> k.windowed() && !k.sliced()).count()).isEqualTo(2);
    assertThatThrownBy(() -> weekly.rollUp(Granularity.parse("1 month")))
        .hasMessageContaining("do not nest");
  }

  @Test
  void rowsWithANullWindowValueCountInTheWholeDataOnly() {
    Map<GroupKey, DatasetProfile> scanned = new LinkedHashMap<>();
    LocalDate day = LocalDate.of(2024, 3, 1);
    scanned.put(new GroupKey(instant(day), instant(day.plusDays(1)), null, null),
        new DatasetProfile(3, Map.of("x", direct(List.of(new Value(day, "a", 0.5), new Value(day, "a", 1.5),
            new Value(day, "a", 2.5)), v -> true))));
    scanned.put(GroupKey.WHOLE, new DatasetProfile(2, Map.of("x", direct(List.of(new Value(day, "a", 0.5),
        new Value(day, "a", 9.0)), v -> true)))); // the scan's group of rows whose window column is null
    ProfileSet set = ProfileSet.fromScan(BINS, Map.of("x", "double"), Binning.QUANTILE, DAY, List.of(), scanned);
    assertThat(set.whole().rowCount()).isEqualTo(5);
    assertThat(set.rowsWithoutWindow()).isEqualTo(2);
    assertThat(set.whole().states().get("x").getBinCounts()).containsExactly(0, 2, 1, 1, 1);
    assertThat(set.groups().keySet().stream().filter(GroupKey::windowed)).hasSize(1);
  }
}
