package io.driftlake.spark.engine;

import io.driftlake.core.profile.DatasetProfile;
import io.driftlake.core.profile.GroupKey;
import io.driftlake.core.profile.UniversalProfile;
import java.util.Map;

/**
 * A way to count a dataset's histogram states: the one operation every engine offers. Each engine
 * counts every target of a {@link ProfileRequest} in one scan, into states that merge across
 * partitions, and gives the same counts as every other engine (the engine-equality tests).
 *
 * <p>Engines live in their own packages ({@code udaf}, {@code builtin}, {@code columnar}) and never
 * depend on each other; the action ({@code io.driftlake.spark.Engines}) picks one, and a
 * {@link FallbackEngine} tries an engine that may not apply before a general one.
 */
public interface HistogramEngine {

  /** What the progress line says counted, e.g. {@code udaf engine}. */
  String description();

  /** Counts {@code request} in one scan; or says why this engine cannot count this input. */
  Outcome profile(ProfileRequest request);

  /** What an engine did with a request. */
  /**
   * Counts {@code request}'s universal states in one scan (no frozen bins: they are chosen afterwards
   * from the reference's states); or says why this engine cannot.
   */
  default Outcome cells(CellsRequest request) {
    return new NotApplicable(description() + " counts frozen bins only");
  }

  sealed interface Outcome permits Counted, CountedCells, NotApplicable {}

  /** The universal states, one per group as the scan counted them, and what counted them. */
  record CountedCells(Map<GroupKey, UniversalProfile> profiles, String countedBy) implements Outcome {}

  /**
   * The profiles, one per group as the scan counted them (an empty dataset gives no groups, except
   * that an ungrouped request may answer {@link GroupKey#WHOLE} with an empty profile), and what counted them.
   */
  record Counted(Map<GroupKey, DatasetProfile> profiles, String countedBy) implements Outcome {}

  /** This engine cannot count this input, and why (e.g. {@code its plan has Filter between scan and count}). */
  record NotApplicable(String reason) implements Outcome {}

  /** Counts {@code request}, failing when the engine does not apply (for engines that always do). */
  default Map<GroupKey, DatasetProfile> profiles(ProfileRequest request) {
    Outcome outcome = profile(request);
    if (outcome instanceof NotApplicable not) {
      throw new IllegalStateException(description() + " cannot count this input: " + not.reason());
    }
    return ((Counted) outcome).profiles();
  }
}
