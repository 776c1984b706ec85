package io.driftlake.core.verdict;

/**
 * Whether one feature drifted, and why not when it could not be judged or the significance gate
 * overruled the threshold.
 *
 * @param drifted true/false, or null when drift cannot be judged (too few rows, the threshold metric
 *     does not apply to the feature, no p-value for the significance gate)
 * @param qValue the Benjamini–Hochberg q-value of the feature's chi-square p-value within its family
 *     (see {@link DriftDecision#decideFamily}); null when not computed
 * @param message null for a plain verdict; otherwise the reason for a null verdict, or why a crossed
 *     threshold was not called drift
 */
public record DriftVerdict(Boolean drifted, Double qValue, String message) {}
