package io.driftlake.core.table;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * One row of a table: a value per column of its {@link TableColumns}, indexed by
 * {@link Column#ordinal()}. Immutable; {@link #toBuilder()} and {@link #with} copy it with changed
 * values. Array values are not copied: do not change an array read from a row.
 */
public final class TableRow {
  private final TableColumns columns;
  private final Object[] values;

  private TableRow(TableColumns columns, Object[] values) {
    this.columns = columns;
    this.values = values;
  }

  /** An empty row of {@code columns}, to be filled. */
  public static Builder builder(TableColumns columns) {
    return new Builder(columns, new Object[columns.size()]);
  }

  public TableColumns columns() {
    return columns;
  }

  /** The value of {@code column} (null when it was never set). */
  public <T> T get(Column<T> column) {
    return column.cast(values[index(columns, column)]);
  }

  /** The value of a column given without its value class (e.g. while iterating {@link TableColumns#all()}). */
  public Object value(Column<?> column) {
    return values[index(columns, column)];
  }

  /** A copy with {@code column} set to {@code value}. */
  public <T> TableRow with(Column<T> column, T value) {
    return toBuilder().set(column, value).build();
  }

  /** A builder starting from this row's values. */
  public Builder toBuilder() {
    return new Builder(columns, values.clone());
  }

  private static int index(TableColumns columns, Column<?> column) {
    if (column.table() != columns) {
      throw new IllegalArgumentException(column + " is not a column of the " + columns.name() + " table");
    }
    return column.ordinal();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TableRow row && row.columns == columns && Arrays.deepEquals(row.values, values);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    StringJoiner text = new StringJoiner(", ", columns.name() + "[", "]");
    for (Column<?> column : columns.all()) {
      Object value = values[column.ordinal()];
      if (value != null) {
        text.add(column.name() + "=" + (value instanceof double[] d ? Arrays.toString(d)
            : value instanceof long[] l ? Arrays.toString(l) : value));
      }
    }
    return text.toString();
  }

  /** Sets values by column; {@link #build()} checks that every NOT NULL column has one. */
  public static final class Builder {
    private final TableColumns columns;
    private final Object[] values;

    private Builder(TableColumns columns, Object[] values) {
      this.columns = columns;
      this.values = values;
    }

    public <T> Builder set(Column<T> column, T value) {
      values[index(columns, column)] = column.cast(value);
      return this;
    }

    /** Sets a column given without its value class; the value's class is checked. */
    public Builder setValue(Column<?> column, Object value) {
      values[index(columns, column)] = column.cast(value);
      return this;
    }

    /** The value set so far for {@code column}. */
    public <T> T get(Column<T> column) {
      return column.cast(values[index(columns, column)]);
    }

    public TableRow build() {
      for (Column<?> column : columns.all()) {
        if (!column.nullable() && values[column.ordinal()] == null) {
          throw new IllegalStateException("column " + column.name() + " of the " + columns.name()
              + " table is NOT NULL but was not set");
        }
      }
      return new TableRow(columns, values.clone());
    }
  }
}
