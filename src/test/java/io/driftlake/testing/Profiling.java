package io.driftlake.testing;

import io.driftlake.core.config.Engine;
import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.spark.Engines;
import io.driftlake.spark.engine.Grouping;
import io.driftlake.spark.engine.ProfileRequest;
import io.driftlake.spark.engine.ProfileTarget;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Profiles in tests through the engines a run uses ({@link Engines#of}), without a whole run. */
public final class Profiling {
  private Profiling() {}

  /** The whole of {@code data} counted by {@code engine} (an empty profile for an empty dataset). */
  public static DatasetProfile profile(Engine engine, Dataset<Row> data, List<ProfileTarget> targets) {
    return profile(engine, data, targets, Grouping.none(), null, List.of())
        .getOrDefault(GroupKey.WHOLE, DatasetProfile.empty());
  }

  /** One profile per group of {@code grouping}, with the label's joint counts and the joint moments asked for. */
  public static Map<GroupKey, DatasetProfile> profile(Engine engine, Dataset<Row> data, List<ProfileTarget> targets,
      Grouping grouping, ProfileTarget label, List<String> joint) {
    return Engines.of(engine, "data", false).profiles(new ProfileRequest(data, targets, grouping, label, joint));
  }
}
