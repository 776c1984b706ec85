package io.driftlake.report;

import io.driftlake.core.table.DriftRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Short window names: "2015-07" when every window is a calendar month, "2015-07-04" when windows
 * start at midnight, else the minute (UTC).
 */
final class WindowLabels {
  private final String pattern;

  WindowLabels(List<DriftRecord> rows) {
    boolean months = true;
    boolean days = true;
    boolean any = false;
    for (DriftRecord r : rows) {
      if (r.windowStart() == null) {
        continue;
      }
      any = true;
      ZonedDateTime start = r.windowStart().atZone(ZoneOffset.UTC);
      boolean midnight = start.toLocalTime().toSecondOfDay() == 0;
      days &= midnight;
      months &= midnight && start.getDayOfMonth() == 1
          && (r.windowEnd() == null || r.windowEnd().equals(start.plusMonths(1).toInstant()));
    }
    pattern = !any ? "" : months ? "month" : days ? "day" : "minute";
  }

  String label(Instant start) {
    String text = start.toString();
    return switch (pattern) {
      case "month" -> text.substring(0, 7);
      case "day" -> text.substring(0, 10);
      default -> text.length() >= 16 ? text.substring(0, 16).replace('T', ' ') : text;
    };
  }
}
