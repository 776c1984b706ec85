package io.driftlake.spark.table;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.config.Thresholds;
import io.driftlake.core.profile.ProfileSet;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.DriftRows;
import io.driftlake.core.table.FeatureSpec;
import io.driftlake.core.table.RunInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Rolls stored window profiles up to a coarser granularity (e.g. daily → weekly) from the profile
 * table alone, without touching the raw data: window states over the same frozen bins add up
 * exactly, so the result equals a profile of the raw data at the coarser granularity, bin for bin.
 * Optionally stores the result under a new profile id and writes its drift rows (each coarse window
 * against the stored reference profile, and/or consecutive windows) to a drift table.
 */
public final class ProfileRollup {
  private ProfileRollup() {}

  /** What a roll-up produced: the coarser current profile and, when a drift table was given, its rows. */
  public record Result(ProfileSet profile, List<DriftRecord> records) {}

  /**
   * Rolls up the current profile of run {@code fromId} in {@code table} to {@code granularity}. When
   * {@code newId} is not null, stores it (with a copy of the run's reference profile) under that id;
   * when {@code output} is not null, also writes drift rows (run id {@code newId}) to that drift table
   * with the default smoothing, log base and threshold.
   */
  public static Result rollUp(SparkSession spark, String table, String fromId, Granularity granularity, String newId,
      String output, DriftType driftType) {
    ProfileSet daily = ProfileTable.read(spark, table, fromId + "/" + ProfileTable.CURRENT);
    ProfileSet rolled = daily.rollUp(granularity);
    ProfileSet reference = null;
    if (newId != null || output != null) {
      reference = ProfileTable.read(spark, table, fromId + "/" + ProfileTable.REFERENCE);
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    if (newId != null) {
      String source = "roll-up of " + fromId + " to " + granularity;
      ProfileTable.write(spark, table, newId, now, List.of(
          new ProfileTable.Entry(ProfileTable.REFERENCE, "reference of " + fromId, reference),
          new ProfileTable.Entry(ProfileTable.CURRENT, source, rolled)));
    }
    List<DriftRecord> records = List.of();
    if (output != null) {
      if (newId == null) {
        throw DriftErrors.input("writing drift rows from a roll-up needs a run id: pass --profile-id");
      }
      List<FeatureSpec> features = new ArrayList<>();
      rolled.dataTypes().forEach((column, type) -> features.add(new FeatureSpec(column, type, rolled.bins().get(column), null)));
      RunInfo run = new RunInfo(newId, now, "profile " + fromId + "/reference in " + table,
          "profile " + fromId + "/current in " + table + " rolled up to " + granularity,
          rolled.binning() == null ? DriftConfig.BINNING_DEFAULT : rolled.binning(), DriftConfig.SMOOTHING_DEFAULT,
          DriftConfig.LOG_BASE_DEFAULT, Thresholds.of(DriftConfig.THRESHOLD_DEFAULT));
      records = DriftRows.build(run, features, reference, rolled, driftType);
      DriftTable.write(spark, output, newId, records);
    }
    return new Result(rolled, records);
  }
}
