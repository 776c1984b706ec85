package io.driftlake.core.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The width of a time window, {@code "N unit"} with unit minute, hour, day, week, month or year (plural
 * allowed), as Databricks Lakehouse Monitoring offers. Windows are half-open {@code [start, end)} in
 * UTC and aligned: minutes, hours and days to the Unix epoch (so {@code 1 day} starts at midnight
 * UTC), weeks to Monday 1970-01-05, months to 1970-01 and years to 1970. Instants are carried as
 * microseconds since the epoch, Spark's timestamp unit, so the Spark expression
 * ({@code io.driftlake.spark.engine.Grouping}) and this class compute the same windows.
 */
public record Granularity(int amount, Unit unit) implements java.io.Serializable {

  /** A calendar unit of window width. */
  public enum Unit {
    MINUTE(60_000_000L), HOUR(3_600_000_000L), DAY(86_400_000_000L), WEEK(7 * 86_400_000_000L), MONTH(0), YEAR(0);

    /** Fixed width in microseconds; 0 for the calendar units month and year. */
    final long micros;

    Unit(long micros) {
      this.micros = micros;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final long MICROS_PER_DAY = 86_400_000_000L;
  /** Weeks start on Monday: 1970-01-05 is the first Monday after the epoch (day 4). */
  public static final long WEEK_ORIGIN_MICROS = 4 * MICROS_PER_DAY;

  private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,6})\\s+([a-zA-Z]+?)s?\\s*");

  public Granularity {
    if (amount < 1) {
      throw new IllegalArgumentException("window width must be at least 1");
    }
  }

  /** Parses {@code "1 day"}, {@code "5 minutes"}, {@code "1 week"}, {@code "3 months"}, ... */
  public static Granularity parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected 'N unit' with unit minute, hour, day, week, month or year, e.g. '1 day'");
    }
    String unit = m.group(2).toUpperCase(Locale.ROOT);
    for (Unit u : Unit.values()) {
      if (u.name().equals(unit)) {
        return new Granularity(Integer.parseInt(m.group(1)), u);
      }
    }
    throw new IllegalArgumentException("unknown unit '" + m.group(2) + "': use minute, hour, day, week, month or year");
  }

  /** True for minute, hour, day and week: a fixed number of microseconds wide. */
  public boolean fixedWidth() {
    return unit.micros > 0;
  }

  /** Width in microseconds of a fixed-width granularity. */
  public long widthMicros() {
    if (!fixedWidth()) {
      throw new IllegalStateException(this + " has no fixed width");
    }
    return amount * unit.micros;
  }

  /** The alignment origin of fixed-width windows in microseconds (Monday 1970-01-05 for weeks, else 0). */
  public long originMicros() {
    return unit == Unit.WEEK ? WEEK_ORIGIN_MICROS : 0L;
  }

  /** Start (µs since the epoch, UTC) of the window holding {@code micros}. */
  public long windowStart(long micros) {
    if (fixedWidth()) {
      return micros - Math.floorMod(micros - originMicros(), widthMicros());
    }
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(micros, MICROS_PER_DAY));
    LocalDate start;
    if (unit == Unit.MONTH) {
      long month = (day.getYear() - 1970L) * 12 + day.getMonthValue() - 1;
      long first = month - Math.floorMod(month, amount);
      start = LocalDate.of((int) (1970 + Math.floorDiv(first, 12)), (int) Math.floorMod(first, 12) + 1, 1);
    } else {
      long year = day.getYear() - Math.floorMod(day.getYear() - 1970L, amount);
      start = LocalDate.of((int) year, 1, 1);
    }
    return start.toEpochDay() * MICROS_PER_DAY;
  }

  /** End (exclusive) of the window starting at {@code startMicros}. */
  public long windowEnd(long startMicros) {
    if (fixedWidth()) {
      return startMicros + widthMicros();
    }
    LocalDate start = LocalDate.ofEpochDay(Math.floorDiv(startMicros, MICROS_PER_DAY));
    LocalDate end = unit == Unit.MONTH ? start.plusMonths(amount) : start.plusYears(amount);
    return end.toEpochDay() * MICROS_PER_DAY;
  }

  /** Start of the window just before the one starting at {@code startMicros}. */
  public long previousWindowStart(long startMicros) {
    return windowStart(startMicros - 1);
  }

  /** True when the window {@code [start, end)} lies inside one window of this granularity. */
  public boolean contains(long startMicros, long endMicros) {
    return windowStart(startMicros) == windowStart(endMicros - 1);
  }

  public static Instant toInstant(long micros) {
    return Instant.EPOCH.plusSeconds(Math.floorDiv(micros, 1_000_000L))
        .plusNanos(Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  public static long toMicros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
  }

  /** {@code 2024-01-01T00:00:00Z} for a window start, for messages. */
  public static String format(long micros) {
    return toInstant(micros).atOffset(ZoneOffset.UTC).toString();
  }

  @Override
  public String toString() {
    return amount + " " + unit.label() + (amount == 1 ? "" : "s");
  }
}
