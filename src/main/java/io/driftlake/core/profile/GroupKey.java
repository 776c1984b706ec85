package io.driftlake.core.profile;

import java.time.Instant;
import java.util.Comparator;

/**
 * Which part of a dataset a profile describes: a time window {@code [windowStart, windowEnd)} (both
 * null: all windows, the whole data) and a slice {@code sliceKey = sliceValue} (key null: no slice).
 * A slice value may itself be null (the rows where the slice column is null).
 */
public record GroupKey(Instant windowStart, Instant windowEnd, String sliceKey, String sliceValue) {

  /** The whole dataset: no window, no slice. */
  public static final GroupKey WHOLE = new GroupKey(null, null, null, null);

  /** Whole-data first, then by window start, slice key and value (nulls first). */
  public static final Comparator<GroupKey> ORDER = Comparator
      .comparing(GroupKey::windowStart, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(GroupKey::sliceKey, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(GroupKey::sliceValue, Comparator.nullsFirst(Comparator.naturalOrder()));

  public GroupKey {
    if ((windowStart == null) != (windowEnd == null)) {
      throw new IllegalArgumentException("a window needs both start and end");
    }
    if (sliceKey == null && sliceValue != null) {
      throw new IllegalArgumentException("a slice value needs its key");
    }
  }

  public static GroupKey slice(String key, String value) {
    return new GroupKey(null, null, key, value);
  }

  public boolean windowed() {
    return windowStart != null;
  }

  public boolean sliced() {
    return sliceKey != null;
  }

  /** The same slice over the whole time range (the key the reference is profiled under). */
  public GroupKey withoutWindow() {
    return new GroupKey(null, null, sliceKey, sliceValue);
  }

  /** The same window over the whole data (no slice). */
  public GroupKey withoutSlice() {
    return new GroupKey(windowStart, windowEnd, null, null);
  }

  public GroupKey withWindow(Instant start, Instant end) {
    return new GroupKey(start, end, sliceKey, sliceValue);
  }

  @Override
  public String toString() {
    String window = windowed() ? "[" + windowStart + ", " + windowEnd + ")" : "all time";
    return sliced() ? window + " where " + sliceKey + " = " + sliceValue : window;
  }
}
