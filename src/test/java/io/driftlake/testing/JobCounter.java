package io.driftlake.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.sql.SparkSession;

/**
 * Counts, per Spark job group, the jobs started and the stages that read input records (scans), as
 * Deequ's {@code SparkMonitor} does. Register, run, then {@link #settle} before reading the counts.
 */
public final class JobCounter extends SparkListener {
  private final Map<String, Integer> jobs = new ConcurrentHashMap<>();
  private final Map<String, Integer> scans = new ConcurrentHashMap<>();
  private final Map<Integer, String> stageGroups = new ConcurrentHashMap<>();

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    jobs.merge(group(event.properties()), 1, Integer::sum);
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    stageGroups.put(event.stageInfo().stageId(), group(event.properties()));
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    long records = event.stageInfo().taskMetrics().inputMetrics().recordsRead();
    if (records > 0) {
      scans.merge(stageGroups.getOrDefault(event.stageInfo().stageId(), "<none>"), 1, Integer::sum);
    }
  }

  private static String group(java.util.Properties properties) {
    String group = properties == null ? null : properties.getProperty("spark.jobGroup.id");
    return group == null ? "<none>" : group;
  }

  /** Waits until Spark has delivered every event posted so far. */
  public void settle(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(30_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark listener events not delivered in 30 s", e);
    }
  }

  public Map<String, Integer> jobs() {
    return new HashMap<>(jobs);
  }

  public Map<String, Integer> scans() {
    return new HashMap<>(scans);
  }
}
