package io.driftlake.core.verdict;

/**
 * Whether one feature drifted, and why not when it could not be judged or the significance gate
 * overruled the threshold.
 *
 * @param drifted true/false, or null when drift cannot be judged (too few rows, the threshold metric
 *     does not apply to the feature, no p-value for the significance gate)
 * @param qValue the Benjamini–Hochberg q-value of the feature's chi-square p-value within its family
 *     (see {@link DriftDecision#decideFamily}); null when not computed
 * @param reason what decided the verdict, as a code: the message is for people, the reason for code
 * @param message null for a plain verdict; otherwise the reason for a null verdict, or why a crossed
 *     threshold was not called drift
 */
public record DriftVerdict(Boolean drifted, Double qValue, Reason reason, String message) {

  /** What decided a verdict; every reason but {@link #DECIDED} comes with a message. */
  public enum Reason {
    /** The threshold (and the significance gate, when on) decided: a plain true or false, no message. */
    DECIDED,
    /** No verdict: the threshold metric does not apply to the feature (its value is null or NaN). */
    NOT_APPLICABLE,
    /** No verdict: a side has fewer non-missing values than {@code --min-rows}. */
    TOO_FEW_ROWS,
    /** No verdict: the significance gate is on but the feature has no chi-square q-value. */
    NO_Q_VALUE,
    /** Not drifted although the threshold was crossed: the q-value is not below alpha (sampling noise). */
    NOT_SIGNIFICANT
  }
}
