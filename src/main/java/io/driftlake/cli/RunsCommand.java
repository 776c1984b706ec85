package io.driftlake.cli;

import io.driftlake.core.config.DriftType;
import io.driftlake.Driftlake;
import io.driftlake.core.table.DriftRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drift runs}: one line per run of a drift table, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List the runs of a drift table, newest first: run id, run time, reference, current, "
        + "row counts (reference/current), features and how many drifted. A path is read without Spark.")
final class RunsCommand implements Callable<Integer> {
  static final List<String> HEADERS = List.of("run_id", "run_ts", "reference", "current", "rows", "features", "drifted");

  @Option(names = "--table", required = true, paramLabel = "PATH|TABLE", description = "The Delta drift table.")
  String table;

  @Mixin SessionOptions session;
  @Spec CommandSpec spec;

  /** One run: its whole-data rows decide the counts (see {@link #of}). */
  record Run(String runId, java.time.Instant runTs, String reference, String current, Long refRows, Long curRows,
      int features, int drifted) {
    String[] cells() {
      return new String[] {runId, runTs.toString(), RowFormats.text(reference), RowFormats.text(current),
          RowFormats.text(refRows) + "/" + RowFormats.text(curRows), Integer.toString(features), Integer.toString(drifted)};
    }

    /**
     * The run of {@code rows} (one run's): rows from the {@code :table} row of the whole data; features
     * and drifted from the whole-data feature rows, or, for a run with windows or slices only, from the
     * distinct features of all its rows (a feature drifted when any of its rows did).
     */
    static Run of(List<DriftRecord> rows) {
      DriftRecord first = rows.get(0);
      List<DriftRecord> whole = rows.stream()
          .filter(r -> r.windowStart() == null && r.sliceKey() == null && r.driftTypeValue() == DriftType.BASELINE)
          .toList();
      DriftRecord table = whole.stream().filter(r -> DriftRecord.TABLE_ROW.equals(r.columnName())).findFirst().orElse(null);
      List<DriftRecord> features = (whole.size() > (table == null ? 0 : 1) ? whole : rows).stream()
          .filter(r -> !DriftRecord.TABLE_ROW.equals(r.columnName())).toList();
      Map<String, Boolean> drifted = features.stream().collect(Collectors.toMap(DriftRecord::columnName,
          r -> Boolean.TRUE.equals(r.drifted()), Boolean::logicalOr, LinkedHashMap::new));
      return new Run(first.runId(), first.runTs(), first.reference(), first.current(),
          table == null ? null : table.refCount(), table == null ? null : table.curCount(), drifted.size(),
          (int) drifted.values().stream().filter(d -> d).count());
    }
  }

  /** Every run among {@code records}, newest first. */
  static List<Run> runs(List<DriftRecord> records) {
    Map<String, List<DriftRecord>> byRun = records.stream()
        .collect(Collectors.groupingBy(DriftRecord::runId, LinkedHashMap::new, Collectors.toList()));
    List<Run> runs = new ArrayList<>();
    byRun.values().forEach(rows -> runs.add(Run.of(rows)));
    runs.sort(Comparator.comparing(Run::runTs).reversed().thenComparing(Run::runId, Comparator.reverseOrder()));
    return runs;
  }

  @Override
  public Integer call() {
    List<Run> runs = runs(Driftlake.readRecords(table, null, () -> Driftlake.session(session.master)));
    PrintWriter out = spec.commandLine().getOut();
    // the reference and current descriptions in full: they are what tells runs apart
    out.print(RowFormats.grid(HEADERS, runs.stream().map(Run::cells).toList(), Integer.MAX_VALUE));
    out.flush();
    return 0;
  }
}
