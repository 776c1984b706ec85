package io.driftlake.core.table;

/**
 * One column of a table: its name, type, whether it may be null, a one-line description, and its
 * position in its table ({@link TableColumns}). {@code T} is the class of its values
 * ({@link ColumnType#javaClass()}); a {@link TableRow} holds one value per column.
 */
public final class Column<T> {
  /** Whether a column may hold null. */
  public enum Nulls { NOT_NULL, NULLABLE }

  private final TableColumns table;
  private final int ordinal;
  private final String name;
  private final ColumnType type;
  private final Nulls nulls;
  private final String doc;

  Column(TableColumns table, int ordinal, String name, ColumnType type, Nulls nulls, String doc) {
    this.table = table;
    this.ordinal = ordinal;
    this.name = name;
    this.type = type;
    this.nulls = nulls;
    this.doc = doc;
  }

  /** The table it belongs to. */
  public TableColumns table() {
    return table;
  }

  /** Its 0-based position in the table. */
  public int ordinal() {
    return ordinal;
  }

  public String name() {
    return name;
  }

  public ColumnType type() {
    return type;
  }

  public boolean nullable() {
    return nulls == Nulls.NULLABLE;
  }

  /** One line on what it holds (docs/drift-table.md has the full text). */
  public String doc() {
    return doc;
  }

  /** {@code value} as this column's type, checked. */
  @SuppressWarnings("unchecked")
  T cast(Object value) {
    if (value != null && !type.javaClass().isInstance(value)) {
      throw new IllegalArgumentException("column " + name + " (" + type.sql() + ") holds "
          + type.javaClass().getSimpleName() + " values, not " + value.getClass().getSimpleName());
    }
    return (T) value;
  }

  @Override
  public String toString() {
    return table.name() + "." + name;
  }
}
