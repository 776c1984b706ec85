package io.driftlake.kernel;

import io.driftlake.core.profile.StoredProfile;
import io.driftlake.core.table.ProfileColumns;
import io.driftlake.core.table.TableRow;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads stored profiles from a profile table at a path with Delta Kernel, without a Spark job: how a
 * run from two stored profiles ({@code --reference-profile}, {@code --current-profile}) reads them, so
 * that it costs the JVM start, this read and the drift table's write. Only the named profiles' rows
 * become {@link TableRow}s; each file of the table is still read (the profile table is not partitioned).
 */
public final class KernelProfileTable {
  private KernelProfileTable() {}

  /** {@link StoredProfile.Reader}: the profiles {@code specs} name (each named by {@code options} at its index), in order. */
  public static List<StoredProfile> read(String path, List<String> specs, List<String> options) {
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      ids.add(StoredProfile.idAndRole(specs.get(i), options.get(i))[0]);
    }
    List<TableRow> rows = KernelDriftTable.readRows(path, ProfileColumns.ALL, ProfileColumns.PROFILE_ID.name(), ids,
        "no Delta profile table at " + path + ". Check --profile-table, or write one with 'drift run --profile-table "
            + path + "'");
    return StoredProfile.select(rows, path, specs, options);
  }
}
