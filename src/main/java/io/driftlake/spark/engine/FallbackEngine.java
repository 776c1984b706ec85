package io.driftlake.spark.engine;

/**
 * An engine that may not apply ({@code preferred}) in front of one that always does ({@code fallback}):
 * where the preferred engine says it cannot count the input, the fallback counts it, and the outcome
 * says so, e.g. {@code udaf engine (not columnar: its plan has Filter between scan and count)}. The log
 * has the reason at WARN when the preferred engine was {@code requested} by name, else at INFO.
 */
public final class FallbackEngine implements HistogramEngine {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FallbackEngine.class);

  private final HistogramEngine preferred;
  private final HistogramEngine fallback;
  private final String preferredName;
  private final String role;
  private final boolean requested;

  /**
   * @param preferredName the preferred engine's short name in the fallback's description ({@code columnar})
   * @param role the dataset in the log ({@code reference}, {@code current data})
   * @param requested whether the user named the preferred engine (a fallback is then a WARN)
   */
  public FallbackEngine(HistogramEngine preferred, String preferredName, HistogramEngine fallback, String role,
      boolean requested) {
    this.preferred = preferred;
    this.preferredName = preferredName;
    this.fallback = fallback;
    this.role = role;
    this.requested = requested;
  }

  @Override
  public String description() {
    return preferred.description() + ", else " + fallback.description();
  }

  @Override
  public Outcome profile(ProfileRequest request) {
    return firstThatApplies(engine -> engine.profile(request));
  }

  @Override
  public Outcome cells(CellsRequest request) {
    return firstThatApplies(engine -> engine.cells(request));
  }

  /** {@code count} with the preferred engine, or, where it does not apply, with the fallback, saying why. */
  private Outcome firstThatApplies(java.util.function.Function<HistogramEngine, Outcome> count) {
    Outcome outcome = count.apply(preferred);
    if (outcome instanceof NotApplicable not) {
      String reason = not.reason();
      if (requested) {
        LOG.warn("driftlake engine for the {}: {}, not {}: {}", role, fallback.description(), preferredName, reason);
      } else {
        LOG.info("driftlake engine for the {}: {}, not {}: {}", role, fallback.description(), preferredName, reason);
      }
      String why = " (not " + preferredName + ": " + reason + ")";
      Outcome counted = count.apply(fallback);
      if (counted instanceof Counted c) {
        return new Counted(c.profiles(), c.countedBy() + why);
      }
      if (counted instanceof CountedCells c) {
        return new CountedCells(c.profiles(), c.countedBy() + why);
      }
      return counted;
    }
    LOG.info("driftlake engine for the {}: {}", role, outcome instanceof Counted c ? c.countedBy()
        : ((CountedCells) outcome).countedBy());
    return outcome;
  }
}
