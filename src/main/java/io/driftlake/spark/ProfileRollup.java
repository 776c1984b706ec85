package io.driftlake.spark;

import io.driftlake.core.profile.StoredProfile;
import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Granularity;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.ProfileSet;
import io.driftlake.core.profile.UniversalProfile;
import io.driftlake.core.table.DriftRecord;
import io.driftlake.core.table.DriftRows;
import io.driftlake.core.table.FeatureSpec;
import io.driftlake.core.table.RunInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import io.driftlake.spark.input.OutputSafety;
import io.driftlake.spark.table.DriftTable;
import io.driftlake.spark.table.ProfileTable;
import org.apache.spark.sql.SparkSession;

/**
 * Rolls stored window profiles up to a coarser granularity (e.g. daily → weekly) from the profile
 * table alone, without touching the raw data: window states over the same frozen bins add up
 * exactly, so the result equals a profile of the raw data at the coarser granularity, bin for bin.
 * Optionally stores the result under a new profile id and writes its drift rows (each coarse window
 * against the stored reference profile, and/or consecutive windows) to a drift table.
 *
 * <p>An action like a run: the tables it writes pass the same output-safety check before anything is
 * read ({@link OutputSafety}), its Spark jobs run under the job groups {@code driftlake-<id>-rollup-read}
 * and {@code -rollup-write} ({@link DriftJob#jobGroup}), and its rows are judged by the settings it is
 * given (smoothing, log base, thresholds, alpha, ...: {@link DriftConfig#JUDGING}), as a run's are.
 */
public final class ProfileRollup {
  private ProfileRollup() {}

  /** What a roll-up produced: the coarser current profile and, when a drift table was given, its rows. */
  public record Result(ProfileSet profile, List<DriftRecord> records) {}

  /**
   * Rolls up the current profile of run {@code fromId} in {@code table} to {@code granularity}. When
   * {@code newId} is not null, stores it (with a copy of the run's reference profile) under that id;
   * when {@code output} is not null, also writes drift rows (run id {@code newId}) to that drift table,
   * judged by {@code judging}'s smoothing, log base, thresholds, alpha, min-rows, explain-top and
   * correlation threshold (the rest of it is not read).
   */
  public static Result rollUp(SparkSession spark, String table, String fromId, Granularity granularity, String newId,
      String output, DriftType driftType, DriftConfig.Judging judging) {
    if (output != null && newId == null) {
      throw DriftErrors.input("writing drift rows from a roll-up needs a run id: pass --profile-id");
    }
    String group = newId != null ? newId : fromId;
    if (newId != null) {
      OutputSafety.checkTable(spark, DriftConfig.PROFILE_TABLE.option(), table, ProfileTable.SCHEMA, "profile");
    }
    if (output != null) {
      OutputSafety.checkTable(spark, DriftConfig.OUTPUT.option(), output, DriftTable.SCHEMA, "drift");
      if (OutputSafety.canonical(spark, DriftConfig.OUTPUT.option(), output)
          .equals(OutputSafety.canonical(spark, DriftConfig.PROFILE_TABLE.option(), table))) {
        throw DriftErrors.outputIsInput(DriftConfig.OUTPUT.option(), output, DriftConfig.PROFILE_TABLE.option());
      }
    }
    StoredProfile daily = inGroup(spark, group, "rollup-read", () -> ProfileTable.readStored(spark, table,
        fromId + "/" + ProfileTable.CURRENT, "--from"));
    ProfileSet rolled = daily.profiles().rollUp(granularity);
    // universal states roll up by adding too, so the rolled profile compares with any other later
    Map<GroupKey, UniversalProfile> rolledCells = daily.universal() ? daily.profiles().rollUpCells(daily.cells(), granularity) : null;
    StoredProfile storedReference = newId != null || output != null
        ? inGroup(spark, group, "rollup-read", () -> ProfileTable.readStored(spark, table,
            fromId + "/" + ProfileTable.REFERENCE, "--from"))
        : null;
    ProfileSet reference = storedReference == null ? null : storedReference.profiles();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    if (newId != null) {
      String source = "roll-up of " + fromId + " to " + granularity;
      inGroup(spark, group, "rollup-write", () -> {
        ProfileTable.write(spark, table, newId, now, List.of(
            new ProfileTable.Entry(ProfileTable.REFERENCE, "reference of " + fromId, reference, storedReference.cells()),
            new ProfileTable.Entry(ProfileTable.CURRENT, source, rolled, rolledCells)));
        return null;
      });
    }
    List<DriftRecord> records = List.of();
    if (output != null) {
      List<FeatureSpec> features = new ArrayList<>();
      rolled.dataTypes().forEach((column, type) -> features.add(new FeatureSpec(column, type, rolled.bins().get(column), null)));
      RunInfo run = new RunInfo(newId, now, "profile " + fromId + "/reference in " + table,
          "profile " + fromId + "/current in " + table + " rolled up to " + granularity,
          rolled.binning() == null ? DriftConfig.BINNING_DEFAULT : rolled.binning(), judging.smoothing(),
          judging.logBase(), judging.thresholds(), judging.alpha(), judging.minRows(),
          judging.explainTop(), judging.correlationThreshold());
      records = DriftRows.build(run, features, reference, rolled, driftType);
      List<DriftRecord> written = records;
      inGroup(spark, group, "rollup-write", () -> {
        DriftTable.write(spark, output, newId, written);
        return null;
      });
    }
    return new Result(rolled, records);
  }

  /** Runs {@code work} under the roll-up's job group for {@code phase}, as a run's phases run under theirs. */
  private static <T> T inGroup(SparkSession spark, String id, String phase, Supplier<T> work) {
    spark.sparkContext().setJobGroup(DriftJob.jobGroup(id, phase), "driftlake " + phase + " (" + id + ")", false);
    try {
      return work.get();
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }
}
