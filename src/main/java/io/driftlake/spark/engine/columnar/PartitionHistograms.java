package io.driftlake.spark.engine.columnar;

import io.driftlake.core.histogram.PackedHistograms;
import java.io.Serializable;

/**
 * One group's histograms as one partition of the {@code columnar} engine counted them: the group key
 * (window start in µs or null, slice key and value or null), its row count and its packed state. A
 * Java bean, so Spark's bean encoder carries it from the partitions to the merging Aggregator.
 */
public final class PartitionHistograms implements Serializable {
  private static final long serialVersionUID = 1L;

  private Long windowStart;
  private String sliceKey;
  private String sliceValue;
  private long rows;
  private PackedHistograms histograms = new PackedHistograms();

  public PartitionHistograms() {}

  public PartitionHistograms(Long windowStart, String sliceKey, String sliceValue, long rows, PackedHistograms histograms) {
    this.windowStart = windowStart;
    this.sliceKey = sliceKey;
    this.sliceValue = sliceValue;
    this.rows = rows;
    this.histograms = histograms;
  }

  public Long getWindowStart() {
    return windowStart;
  }

  public void setWindowStart(Long windowStart) {
    this.windowStart = windowStart;
  }

  public String getSliceKey() {
    return sliceKey;
  }

  public void setSliceKey(String sliceKey) {
    this.sliceKey = sliceKey;
  }

  public String getSliceValue() {
    return sliceValue;
  }

  public void setSliceValue(String sliceValue) {
    this.sliceValue = sliceValue;
  }

  public long getRows() {
    return rows;
  }

  public void setRows(long rows) {
    this.rows = rows;
  }

  public PackedHistograms getHistograms() {
    return histograms;
  }

  public void setHistograms(PackedHistograms histograms) {
    this.histograms = histograms;
  }
}
