package io.driftlake.core.metrics;

import java.util.Comparator;
import java.util.List;

/**
 * What a domain classifier (a model trained to tell current rows from reference rows) found for one
 * comparison (docs/semantics.md, "Domain classifier"): its held-out AUC and p-value
 * ({@link ClassifierAuc}) and its feature importances, or, when no model could be trained, why.
 *
 * @param score the held-out AUC and its p-value; null when no model was trained
 * @param importances every feature's importance (summing to 1 over the features), in any order
 * @param note why no model was trained, or what was left out of it; null when nothing to say
 */
public record DomainClassification(ClassifierAuc.Score score, List<Importance> importances, String note) {

  /** One feature's share of the model's importance. */
  public record Importance(String feature, double importance) {}

  public DomainClassification {
    importances = List.copyOf(importances);
  }

  /** No model: the columns stay null and {@code reason} goes on the {@code :table} row's message. */
  public static DomainClassification untrained(String reason) {
    return new DomainClassification(null, List.of(), reason);
  }

  public boolean trained() {
    return score != null;
  }

  /** The {@code limit} most important features, largest first (ties by name), zero importances left out. */
  public List<Importance> top(int limit) {
    return importances.stream().filter(i -> i.importance() > 0)
        .sorted(Comparator.comparingDouble(Importance::importance).reversed().thenComparing(Importance::feature))
        .limit(limit).toList();
  }
}
