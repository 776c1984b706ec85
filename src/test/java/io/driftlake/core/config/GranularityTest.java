package io.driftlake.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Window boundaries against java.time's own calendar arithmetic (an independent computation). */
class GranularityTest {

  private static long micros(String iso) {
    return Granularity.toMicros(Instant.parse(iso));
  }

  @Test
  void parsesEveryUnitSingularAndPlural() {
    assertThat(Granularity.parse("1 day")).isEqualTo(new Granularity(1, Granularity.Unit.DAY));
    assertThat(Granularity.parse(" 5 minutes ")).isEqualTo(new Granularity(5, Granularity.Unit.MINUTE));
    assertThat(Granularity.parse("1 hour")).isEqualTo(new Granularity(1, Granularity.Unit.HOUR));
    assertThat(Granularity.parse("2 weeks")).isEqualTo(new Granularity(2, Granularity.Unit.WEEK));
    assertThat(Granularity.parse("1 MONTH")).isEqualTo(new Granularity(1, Granularity.Unit.MONTH));
    assertThat(Granularity.parse("1 year").toString()).isEqualTo("1 year");
    assertThatThrownBy(() -> Granularity.parse("daily")).hasMessageContaining("'N unit'");
    assertThatThrownBy(() -> Granularity.parse("1 fortnight")).hasMessageContaining("unknown unit");
    assertThatThrownBy(() -> Granularity.parse("0 days")).hasMessageContaining("at least 1");
  }

  @Test
  void windowsAgreeWithJavaTimeOnRandomInstantsIncludingBefore1970() {
    Random random = new Random(7);
    for (int i = 0; i < 5000; i++) {
      long micros = (long) ((random.nextDouble() - 0.3) * 3e15); // about 1941 .. 2036
      LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC);
      LocalDateTime day = t.truncatedTo(ChronoUnit.DAYS);
      assertThat(start("1 day", micros)).isEqualTo(day);
      assertThat(start("1 hour", micros)).isEqualTo(t.truncatedTo(ChronoUnit.HOURS));
      assertThat(start("15 minutes", micros)).isEqualTo(t.truncatedTo(ChronoUnit.HOURS).plusMinutes(t.getMinute() / 15 * 15));
      assertThat(start("1 week", micros)).isEqualTo(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
      assertThat(start("1 month", micros)).isEqualTo(day.withDayOfMonth(1));
      assertThat(start("3 months", micros)).isEqualTo(day.withDayOfMonth(1).withMonth((t.getMonthValue() - 1) / 3 * 3 + 1));
      assertThat(start("1 year", micros)).isEqualTo(day.withDayOfYear(1));
    }
  }

  private static LocalDateTime start(String granularity, long micros) {
    long start = Granularity.parse(granularity).windowStart(micros);
    return LocalDateTime.ofEpochSecond(start / 1_000_000L, 0, ZoneOffset.UTC);
  }

  @Test
  void endsPreviousWindowsAndNesting() {
    Granularity month = Granularity.parse("1 month");
    long feb = micros("2024-02-01T00:00:00Z");
    assertThat(month.windowEnd(feb)).isEqualTo(micros("2024-03-01T00:00:00Z")); // leap year: 29 days
    assertThat(month.previousWindowStart(feb)).isEqualTo(micros("2024-01-01T00:00:00Z"));
    Granularity day = Granularity.parse("1 day");
    assertThat(day.windowEnd(feb) - feb).isEqualTo(86_400_000_000L);
    assertThat(Granularity.parse("1 week").contains(feb, day.windowEnd(feb))).isTrue();
    // the week of Monday 2024-01-29 straddles January and February
    long week = micros("2024-01-29T00:00:00Z");
    assertThat(month.contains(week, Granularity.parse("1 week").windowEnd(week))).isFalse();
    assertThat(Granularity.toInstant(micros("1969-12-31T23:59:59.999999Z"))).isEqualTo("1969-12-31T23:59:59.999999Z");
  }
}
