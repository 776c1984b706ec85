package io.driftlake.spark;

import io.driftlake.spark.common.Features;
import io.driftlake.spark.common.SparkErrors;
import io.driftlake.spark.engine.Grouping;

import static org.apache.spark.sql.functions.expr;

import io.driftlake.core.DriftErrors;
import io.driftlake.core.config.DriftConfig;
import io.driftlake.core.histogram.CategoryBins;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.ProfileSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The slice keys of a run: each {@code --slice-by} column (its value as a string) and the
 * {@code --slice-expr} expression (key: the expression's text; value: its result as a string, e.g.
 * {@code true}/{@code false}), checked against both datasets before anything is scanned.
 */
public final class Slicing {
  private Slicing() {}

  /** The slice keys, not yet frozen (every value kept); a side is null when a stored profile replaces it. */
  public static List<Grouping.Slice> slices(DriftConfig config, Dataset<Row> reference, Dataset<Row> current) {
    List<Grouping.Slice> slices = new ArrayList<>();
    for (String column : config.sliceBy()) {
      slices.add(new Grouping.Slice(column, Features.column(column).cast("string"), null, true, column));
    }
    config.sliceExpr().ifPresent(text -> slices.add(new Grouping.Slice(text, expr(text).cast("string"), null, true, null)));
    for (Grouping.Slice slice : slices) {
      if (current != null) {
        check("current data", current, slice);
      }
      if (reference != null) {
        check("reference", reference, slice);
      }
    }
    return slices;
  }

  private static void check(String role, Dataset<Row> data, Grouping.Slice slice) {
    try {
      data.select(slice.value()).queryExecution().assertAnalyzed();
    } catch (Exception e) {
      throw DriftErrors.input("cannot slice the " + role + " by '" + slice.key() + "': " + SparkErrors.firstLine(e)
          + ". Check --slice-by / --slice-expr against the columns of both datasets");
    }
  }

  /** The slices frozen in a stored reference profile: the values it kept per key. */
  public static List<Grouping.Slice> storedSlices(ProfileSet stored, List<Grouping.Slice> slices, String spec) {
    List<Grouping.Slice> frozen = new ArrayList<>();
    for (Grouping.Slice slice : slices) {
      if (!stored.sliceKeys().contains(slice.key())) {
        throw DriftErrors.input("the reference profile " + spec + " was not sliced by '" + slice.key() + "' (its slices: "
            + stored.sliceKeys() + "). Profile the reference with the same --slice-by / --slice-expr");
      }
      List<String> kept = new ArrayList<>();
      boolean keepNull = false;
      for (GroupKey key : stored.groups().keySet()) {
        if (!key.windowed() && slice.key().equals(key.sliceKey())) {
          if (key.sliceValue() == null) {
            keepNull = true;
          } else if (!key.sliceValue().equals(CategoryBins.OTHER_LABEL)) {
            kept.add(key.sliceValue());
          }
        }
      }
      frozen.add(slice.withKept(kept, keepNull));
    }
    return frozen;
  }
}
