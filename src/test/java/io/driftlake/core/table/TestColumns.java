package io.driftlake.core.table;

import static io.driftlake.core.table.ColumnType.DOUBLE;
import static io.driftlake.core.table.ColumnType.STRING;
import static io.driftlake.core.table.ColumnType.arrayOf;
import static io.driftlake.core.table.ColumnType.field;
import static io.driftlake.core.table.ColumnType.struct;

import java.util.List;

/** A small table for tests of code that handles any column list, with the column types DriftColumns lacks yet. */
public final class TestColumns {
  public static final TableColumns ALL = new TableColumns("test");
  public static final Column<String> NAME = ALL.add("name", STRING, Column.Nulls.NOT_NULL, "a name");
  public static final Column<double[]> EDGES = ALL.add("edges", arrayOf(DOUBLE), Column.Nulls.NULLABLE, "doubles");
  public static final Column<List<List<Object>>> TOP_BINS = ALL.add("top_bins",
      arrayOf(struct(field("bin", STRING), field("ref_share", DOUBLE), field("cur_share", DOUBLE))),
      Column.Nulls.NULLABLE, "an array of structs, as top_bins will be");

  private TestColumns() {}
}
