package io.driftlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.table.TableRow;
import io.driftlake.core.table.TestColumns;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code drift show}'s formats follow the column types: arrays and structs as JSON, NaN and Infinity bare. */
class RowFormatsTest {
  private static final TableRow ROW = TableRow.builder(TestColumns.ALL)
      .set(TestColumns.NAME, "a,b")
      .set(TestColumns.EDGES, new double[] {Double.NEGATIVE_INFINITY, 0.5, Double.NaN})
      .set(TestColumns.TOP_BINS, List.of(List.of("x", 0.75, 0.25), Arrays.asList("y", 0.25, null)))
      .build();

  @Test
  void jsonLinesWriteStructsAsObjectsKeyedByFieldName() {
    assertThat(RowFormats.jsonLine(ROW)).isEqualTo("{\"name\":\"a,b\",\"edges\":[-Infinity,0.5,NaN],"
        + "\"top_bins\":[{\"bin\":\"x\",\"ref_share\":0.75,\"cur_share\":0.25},{\"bin\":\"y\",\"ref_share\":0.25,\"cur_share\":null}]}");
  }

  @Test
  void csvQuotesCellsAndWritesArraysAsJson() {
    assertThat(RowFormats.csvHeader(TestColumns.ALL)).isEqualTo("name,edges,top_bins");
    assertThat(RowFormats.csvLine(ROW)).isEqualTo("\"a,b\",\"[-Infinity,0.5,NaN]\","
        + "\"[{\"\"bin\"\":\"\"x\"\",\"\"ref_share\"\":0.75,\"\"cur_share\"\":0.25},"
        + "{\"\"bin\"\":\"\"y\"\",\"\"ref_share\"\":0.25,\"\"cur_share\"\":null}]\"");
    assertThat(RowFormats.csvLine(TableRow.builder(TestColumns.ALL).set(TestColumns.NAME, "n").build())).isEqualTo("n,,");
  }
}
