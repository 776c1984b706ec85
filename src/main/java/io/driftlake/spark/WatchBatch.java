package io.driftlake.spark;

import io.driftlake.core.profile.StoredProfile;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.UniversalProfile;
import io.driftlake.spark.input.DatasetReader;
import io.driftlake.spark.table.ProfileTable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One micro-batch of {@code drift watch}, as {@link DriftJob#watchBatch} measures it.
 *
 * @param data the micro-batch's rows, or null when the profile table already holds this batch (a replay
 *     after a crash between the two commits: then the stored state is compared as it is)
 * @param batchId Structured Streaming's batch id
 * @param appId the application id of the watch's idempotent commits ({@code txnAppId}); their
 *     {@code txnVersion} is {@code batchId + 1}
 * @param previous the watch's stored current state before this batch (all its windows), null before the first
 * @param touched filled by the job: the start of every window this batch has rows in
 * @param rows filled by the job: the batch's rows (after {@code --current-filter})
 * @param referenceSource what the watch's first start read as its reference (kept as the stored
 *     reference's source), null before it is stored
 */
public record WatchBatch(Dataset<Row> data, long batchId, String appId, StoredProfile previous, Set<Instant> touched,
    java.util.concurrent.atomic.AtomicLong rows, String referenceSource) {

  /** The idempotent version of this batch's commits: Delta skips a commit whose app id already records it. */
  public long version() {
    return batchId + 1;
  }

  /** The micro-batch as the drift job's current data, with {@code --current-filter} applied. */
  DatasetReader.Loaded loaded(DriftConfig config) {
    return DatasetReader.filtered(new DatasetReader.Loaded(data, "stream " + config.current(), false), "current",
        config.currentFilter());
  }

  /**
   * The batch's states ({@code batch}) with the stored ones added, every group in {@link GroupKey#ORDER};
   * notes which windows the batch touched. {@code folded} folds the stored state's slice values into
   * the reference's kept slices.
   */
  Map<GroupKey, UniversalProfile> merged(Map<GroupKey, UniversalProfile> batch,
      Function<Sides.Stored, Map<GroupKey, UniversalProfile>> folded) {
    batch.keySet().stream().filter(GroupKey::windowed).forEach(key -> touched.add(key.windowStart()));
    UniversalProfile whole = batch.get(GroupKey.WHOLE);
    rows.set(whole == null ? 0 : whole.rowCount());
    Map<GroupKey, UniversalProfile> all = new TreeMap<>(GroupKey.ORDER);
    if (previous != null) {
      folded.apply(new Sides.Stored(previous, "the watch's stored windows", null, "--profile-table"))
          .forEach((key, profile) -> UniversalProfile.addInto(all, key, profile));
    }
    batch.forEach((key, profile) -> UniversalProfile.addInto(all, key, profile));
    return new LinkedHashMap<>(all);
  }

  /**
   * A watch keeps no exact recount of a categorical column whose values overflow its exact counts (a
   * batch run recounts those by scanning the current data again, which a stream cannot).
   */
  void checkExact(List<String> overflowed) {
    if (!overflowed.isEmpty()) {
      throw DriftErrors.input("drift watch: " + overflowed + " ha" + (overflowed.size() == 1 ? "s" : "ve")
          + " more distinct values than --max-categories counts exactly, which a watch cannot recount: "
          + "exclude them (--exclude) or raise --max-categories");
    }
  }

  /** Writes the watch's whole state (the reference, every window) under this batch's idempotent version. */
  Void store(SparkSession spark, String table, String watchId, Instant created, List<ProfileTable.Entry> entries) {
    List<ProfileTable.Entry> kept = entries.stream().map(entry -> referenceSource != null
        && entry.role().equals(ProfileTable.REFERENCE)
        ? new ProfileTable.Entry(entry.role(), referenceSource, entry.profiles(), entry.cells()) : entry).toList();
    ProfileTable.writeOnce(spark, table, watchId, created, kept, appId, version());
    return null;
  }
}
