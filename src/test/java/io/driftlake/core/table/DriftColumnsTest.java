package io.driftlake.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftlake.core.config.DriftType;
import io.driftlake.core.config.Binning;
import io.driftlake.core.config.Metric;
import io.driftlake.core.config.Threshold;
import io.driftlake.core.config.Thresholds;
import io.driftlake.core.metrics.LogBase;
import io.driftlake.core.metrics.Smoothing;
import io.driftlake.core.profile.GroupKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The column lists: what docs/drift-table.md says about them, and how a record is built and copied. */
class DriftColumnsTest {
  private static final Path DOC = Path.of("docs", "drift-table.md");
  private static final RunInfo RUN = new RunInfo("r", Instant.parse("2024-02-01T10:00:00Z"), "ref", "cur",
      Binning.QUANTILE, Smoothing.DEFAULT, LogBase.E, new Thresholds(Threshold.DEFAULT, Map.of()));

  /** A documented column: one row of a markdown table {@code | # | column | type | null? | meaning |}. */
  record DocColumn(String name, String type, boolean nullable) {}

  /** The rows of the first column table after the line starting with {@code heading} (null: the file's start). */
  static List<DocColumn> documented(String heading) throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    int i = heading == null ? 0 : lines.indexOf(heading);
    assertThat(i).as("heading '%s' in %s", heading, DOC).isNotNegative();
    while (!lines.get(i).startsWith("| # | column | type | null? |")) {
      i++;
    }
    List<DocColumn> columns = new ArrayList<>();
    for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String[] cells = lines.get(i).split("\\|", -1);
      assertThat(cells[1].trim()).as("row number of %s", lines.get(i)).isEqualTo(String.valueOf(columns.size() + 1));
      String name = cells[2].trim();
      assertThat(name).as("a column name in backticks: %s", lines.get(i)).matches("`[a-z0-9_]+`");
      String type = cells[3].trim().replace("&lt;", "<").replace("&gt;", ">");
      assertThat(cells[4].trim()).as("null? of %s", name).isIn("yes", "no");
      columns.add(new DocColumn(name.substring(1, name.length() - 1), type, cells[4].trim().equals("yes")));
    }
    return columns;
  }

  static List<DocColumn> defined(TableColumns table) {
    return table.all().stream().map(c -> new DocColumn(c.name(), c.type().sql(), c.nullable())).toList();
  }

  @Test
  void theDocsListExactlyTheDriftTablesColumnsInOrder() throws IOException {
    assertThat(documented(null)).containsExactlyElementsOf(defined(DriftColumns.ALL));
    assertThat(DriftColumns.ALL.size()).isEqualTo(70); // 58-67: data quality and top_new_values (issue 25); 68-70: the domain classifier (issue 27)
  }

  @Test
  void theDocsListExactlyTheProfileTablesColumnsInOrder() throws IOException {
    assertThat(documented("## The profile table (`--profile-table`)")).containsExactlyElementsOf(defined(ProfileColumns.ALL));
  }

  @Test
  void everyThresholdMetricIsADoubleColumnOfItsName() {
    for (Metric metric : Metric.values()) {
      assertThat(DriftColumns.metric(metric).name()).isEqualTo(metric.column());
    }
  }

  @Test
  void structTypesPrintAsSparkSqlDoes() {
    ColumnType topBins = ColumnType.arrayOf(ColumnType.struct(ColumnType.field("bin", ColumnType.STRING),
        ColumnType.field("ref_share", ColumnType.DOUBLE), ColumnType.field("cur_share", ColumnType.DOUBLE)));
    assertThat(topBins.sql()).isEqualTo("array<struct<bin: string, ref_share: double, cur_share: double>>");
    assertThat(topBins.javaClass()).isEqualTo(List.class);
    assertThat(ColumnType.arrayOf(ColumnType.LONG).javaClass()).isEqualTo(long[].class);
  }

  @Test
  void aRecordIsCopiedWithChangedValuesAndTheOriginalStays() {
    DriftRecord table = DriftRecord.tableSummary(RUN, GroupKey.WHOLE, DriftType.BASELINE, 100, 120, 4, 1, null);
    assertThat(table.get(DriftColumns.RUN_DATE)).hasToString("2024-02-01");
    assertThat(table.drifted()).isTrue();
    assertThat(table.driftedShare()).isEqualTo(0.25);
    assertThat(table.jsDivergence()).isNull(); // never set: the summary row has no metrics

    DriftRecord quiet = table.with(DriftColumns.DRIFTED, false);
    assertThat(quiet.drifted()).isFalse();
    assertThat(table.drifted()).isTrue();
    DriftRecord rebuilt = quiet.toBuilder().set(DriftColumns.DRIFTED, true).build();
    assertThat(rebuilt).isEqualTo(table).hasSameHashCodeAs(table);
    assertThat(rebuilt.toString()).contains("column_name=:table", "drifted_share=0.25");
  }

  @Test
  void aRecordNeedsItsNotNullColumnsAndValuesOfTheColumnsType() {
    assertThatThrownBy(() -> DriftRecord.builder().set(DriftColumns.RUN_ID, "r").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("column run_ts of the drift table is NOT NULL but was not set");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Column<Object> untyped = (Column) DriftColumns.REF_COUNT;
    assertThatThrownBy(() -> DriftRecord.builder().set(untyped, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column ref_count (bigint) holds Long values, not Integer");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Column<String> profileColumn = (Column) ProfileColumns.PROFILE_ID;
    assertThatThrownBy(() -> DriftRecord.builder().set(profileColumn, "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("profile.profile_id is not a column of the drift table");
  }
}
