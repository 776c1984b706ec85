package io.driftlake.core.profile;

import io.driftlake.core.histogram.CategoryCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The current values a comparison's base side never had, for {@code top_new_values}: from the exact
 * value counts of the universal categorical states ({@link CategoryCounts}) of both sides' groups. A
 * value is new when the base state has no count of it; the list holds the most frequent new values
 * first (ties by value), each with its exact share of the current non-null values. Unknown (null) when
 * either state is not exact (more than 10,000 distinct values: a sketch cannot tell a rare value from
 * an absent one) or missing (a run from a stored reference profile, whose states are frozen bins).
 */
public final class NewValues {
  /** A run without universal states: every answer is null. */
  public static final NewValues NONE = new NewValues(Map.of(), Map.of());

  /** One new value and its share of the current non-null values. */
  public record Value(String value, double currentShare) {}

  private final Map<GroupKey, Map<String, CategoryCounts>> reference;
  private final Map<GroupKey, Map<String, CategoryCounts>> current;

  private NewValues(Map<GroupKey, Map<String, CategoryCounts>> reference,
      Map<GroupKey, Map<String, CategoryCounts>> current) {
    this.reference = reference;
    this.current = current;
  }

  /** From the categorical states of the reference's and the current data's groups. */
  public static NewValues of(Map<GroupKey, Map<String, CategoryCounts>> reference,
      Map<GroupKey, Map<String, CategoryCounts>> current) {
    return new NewValues(reference, current);
  }

  /**
   * Up to {@code limit} current values of {@code column} in group {@code group} that the base never
   * had, most frequent first; the base is the reference's group {@code base} ({@code baseIsReference})
   * or the current data's (a previous window). Null when unknown.
   */
  public List<Value> top(GroupKey base, boolean baseIsReference, GroupKey group, String column, int limit) {
    CategoryCounts b = state(baseIsReference ? reference : current, base, column);
    CategoryCounts c = state(current, group, column);
    return b == null || c == null ? null : top(b, c, limit);
  }

  /** Up to {@code limit} values of {@code current} that {@code base} never had; null unless both are exact. */
  public static List<Value> top(CategoryCounts base, CategoryCounts current, int limit) {
    if (!base.isExact() || !current.isExact()) {
      return null;
    }
    List<Value> out = new ArrayList<>();
    long values = current.nonNullCount();
    for (CategoryCounts.ValueCount v : current.topValues(Integer.MAX_VALUE)) {
      if (out.size() >= limit) {
        break;
      }
      if (base.count(v.value()).estimate() == 0) {
        out.add(new Value(v.value(), (double) v.estimate() / values));
      }
    }
    return out;
  }

  private static CategoryCounts state(Map<GroupKey, Map<String, CategoryCounts>> side, GroupKey key, String column) {
    Map<String, CategoryCounts> states = key == null ? null : side.get(key);
    return states == null ? null : states.get(column);
  }
}
