package io.driftlake.core.table;

/**
 * A planned feature as the comparison needs it: its column, the reference's Spark type name, whether
 * it could be binned, and why it cannot be compared (null when it can).
 */
public record FeatureSpec(String column, String dataType, boolean binnable, String problem) {}
