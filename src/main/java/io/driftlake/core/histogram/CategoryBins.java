package io.driftlake.core.histogram;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frozen categorical bins: the reference's top-K values (most frequent first) and one final "other"
 * bin for every value not among them, including values never seen in the reference. K + 1 bins.
 */
public final class CategoryBins implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The label the "other" bin carries in the drift table's {@code categories} array. */
  public static final String OTHER_LABEL = "__other__";

  private final List<String> categories;
  private final HashMap<String, Integer> index;

  private CategoryBins(List<String> categories) {
    this.categories = List.copyOf(categories);
    this.index = new HashMap<>(categories.size() * 2);
    for (int i = 0; i < categories.size(); i++) {
      if (index.putIfAbsent(categories.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate category: " + categories.get(i));
      }
    }
  }

  /** Bins for these categories, in this order; the "other" bin is added last. */
  public static CategoryBins of(List<String> topCategories) {
    return new CategoryBins(topCategories);
  }

  /** Number of bins: the categories plus the "other" bin. */
  public int binCount() {
    return categories.size() + 1;
  }

  public List<String> categories() {
    return categories;
  }

  /** Labels of all bins, as stored in the drift table: the categories, then {@link #OTHER_LABEL}. */
  public List<String> labels() {
    List<String> labels = new ArrayList<>(categories);
    labels.add(OTHER_LABEL);
    return Collections.unmodifiableList(labels);
  }

  /** The bin of a non-null value; values outside the top-K go to the last ("other") bin. */
  public int binOf(String value) {
    Integer bin = index.get(value);
    return bin == null ? categories.size() : bin;
  }

  /** Top-K categories from exact value counts: most frequent first, ties broken by value. */
  public static CategoryBins topK(Map<String, Long> valueCounts, int maxCategories) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(valueCounts.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<String> top = new ArrayList<>();
    for (int i = 0; i < Math.min(maxCategories, entries.size()); i++) {
      top.add(entries.get(i).getKey());
    }
    return new CategoryBins(top);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CategoryBins that && categories.equals(that.categories);
  }

  @Override
  public int hashCode() {
    return categories.hashCode();
  }
}
