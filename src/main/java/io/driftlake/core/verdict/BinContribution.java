package io.driftlake.core.verdict;

/**
 * One bin's share of the JS divergence.
 *
 * @param bin the bin's index in the frozen bins (0-based, as in {@code ref_bin_counts})
 * @param label the bin as text: a numeric interval or a category (see {@link DriftReasons#binLabel})
 * @param refShare the bin's raw proportion of the reference's non-missing values, {@code p_i}
 * @param curShare the bin's raw proportion of the current non-missing values, {@code q_i}
 * @param jsContribution {@code ½ p_i log2(p_i/m_i) + ½ q_i log2(q_i/m_i)}, {@code m_i = ½(p_i + q_i)},
 *     in bits, ≥ 0; the contributions of all bins sum to {@code js_divergence}
 */
public record BinContribution(int bin, String label, double refShare, double curShare, double jsContribution) {}
