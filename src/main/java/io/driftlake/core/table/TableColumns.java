package io.driftlake.core.table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered columns of one table, the single definition its Spark schema, the rows written, the
 * readers and the printed forms are built from. Columns are added in table order, once, while the
 * defining class is initialised ({@link DriftColumns}, {@link ProfileColumns}).
 */
public final class TableColumns {
  private final String name;
  private final List<Column<?>> columns = new ArrayList<>();
  private final Map<String, Column<?>> byName = new LinkedHashMap<>();

  TableColumns(String name) {
    this.name = name;
  }

  /** Appends a column; {@code T} must be the class of {@code type}'s values ({@link ColumnType#javaClass()}). */
  <T> Column<T> add(String column, ColumnType type, Column.Nulls nulls, String doc) {
    if (byName.containsKey(column)) {
      throw new IllegalStateException("column " + column + " is defined twice in the " + name + " table");
    }
    Column<T> added = new Column<>(this, columns.size(), column, type, nulls, doc);
    columns.add(added);
    byName.put(column, added);
    return added;
  }

  /** The table's name, e.g. {@code drift}. */
  public String name() {
    return name;
  }

  /** Every column, in table order. */
  public List<Column<?>> all() {
    return Collections.unmodifiableList(columns);
  }

  public int size() {
    return columns.size();
  }

  /** The column names, in table order. */
  public List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  /** The column called {@code column}; an exception naming the table when there is none. */
  public Column<?> column(String column) {
    Column<?> found = byName.get(column);
    if (found == null) {
      throw new IllegalArgumentException("the " + name + " table has no column " + column + "; its columns are " + names());
    }
    return found;
  }

  /** Whether it has a column called {@code column}. */
  public boolean has(String column) {
    return byName.containsKey(column);
  }
}
