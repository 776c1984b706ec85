package io.driftlake.cli;

import static io.driftlake.core.table.DriftColumns.COLUMN_NAME;
import static io.driftlake.core.table.DriftColumns.CUR_COUNT;
import static io.driftlake.core.table.DriftColumns.DRIFTED;
import static io.driftlake.core.table.DriftColumns.JS_DISTANCE;
import static io.driftlake.core.table.DriftColumns.KIND;
import static io.driftlake.core.table.DriftColumns.KL_REF_CUR;
import static io.driftlake.core.table.DriftColumns.MESSAGE;
import static io.driftlake.core.table.DriftColumns.PSI;
import static io.driftlake.core.table.DriftColumns.REF_COUNT;
import static io.driftlake.core.table.DriftColumns.RUN_ID;
import static io.driftlake.core.table.DriftColumns.STATUS;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.driftlake.core.table.Column;
import io.driftlake.core.table.ColumnType;
import io.driftlake.core.table.TableColumns;
import io.driftlake.core.table.TableRow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints table rows, column by column of their {@link TableColumns}, as a fixed-width table, CSV
 * (RFC 4180, arrays and structs as JSON) or JSON Lines (one object per row keyed by column name; NaN
 * and ±Infinity as the bare tokens {@code NaN}, {@code Infinity}, {@code -Infinity}; timestamps in
 * ISO-8601 UTC; a struct as an object keyed by field name).
 */
final class RowFormats {
  /** The columns of the human-readable table format. */
  static final List<Column<?>> TABLE_COLUMNS = List.of(RUN_ID, COLUMN_NAME, KIND, STATUS, REF_COUNT,
      CUR_COUNT, JS_DISTANCE, KL_REF_CUR, PSI, DRIFTED, MESSAGE);

  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .build();

  private RowFormats() {}

  static String jsonLine(TableRow row) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      for (Column<?> column : row.columns().all()) {
        json.writeFieldName(column.name());
        writeValue(json, column.type(), row.value(column));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  static String csvHeader(TableColumns columns) {
    List<String> names = new ArrayList<>();
    for (Column<?> column : columns.all()) {
      names.add(csvCell(column.name()));
    }
    return String.join(",", names);
  }

  static String csvLine(TableRow row) {
    List<String> cells = new ArrayList<>();
    for (Column<?> column : row.columns().all()) {
      Object value = row.value(column);
      String text;
      if (value == null) {
        text = "";
      } else if (column.type() instanceof ColumnType.Scalar) {
        text = scalarText(value);
      } else {
        text = json(column.type(), value);
      }
      cells.add(csvCell(text));
    }
    return String.join(",", cells);
  }

  static String table(List<TableRow> rows) {
    List<String[]> lines = new ArrayList<>();
    lines.add(TABLE_COLUMNS.stream().map(Column::name).toArray(String[]::new));
    for (TableRow row : rows) {
      String[] cells = new String[TABLE_COLUMNS.size()];
      for (int c = 0; c < cells.length; c++) {
        Object value = row.value(TABLE_COLUMNS.get(c));
        cells[c] = value == null ? "-"
            : value instanceof Double d ? String.format(Locale.ROOT, "%.6f", d) : scalarText(value);
      }
      lines.add(cells);
    }
    int[] widths = new int[TABLE_COLUMNS.size()];
    for (String[] cells : lines) {
      for (int c = 0; c < cells.length; c++) {
        widths[c] = Math.max(widths[c], Math.min(cells[c].length(), 60));
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] cells : lines) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < cells.length; c++) {
        String cell = cells[c].length() > 60 ? cells[c].substring(0, 57) + "..." : cells[c];
        line.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", cell)).append(c + 1 < cells.length ? "  " : "");
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** A value of {@code type} (as {@link TableRow} holds it) as JSON. */
  private static void writeValue(JsonGenerator json, ColumnType type, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (type instanceof ColumnType.ArrayOf array) {
      json.writeStartArray();
      for (Object element : elements(value)) {
        writeValue(json, array.element(), element);
      }
      json.writeEndArray();
    } else if (type instanceof ColumnType.Struct struct) {
      json.writeStartObject();
      List<?> values = (List<?>) value;
      for (int i = 0; i < struct.fields().size(); i++) {
        json.writeFieldName(struct.fields().get(i).name());
        writeValue(json, struct.fields().get(i).type(), values.get(i));
      }
      json.writeEndObject();
    } else {
      writeScalar(json, value);
    }
  }

  private static List<?> elements(Object array) {
    if (array instanceof double[] doubles) {
      return Arrays.stream(doubles).boxed().toList();
    }
    if (array instanceof long[] longs) {
      return Arrays.stream(longs).boxed().toList();
    }
    return (List<?>) array;
  }

  private static void writeScalar(JsonGenerator json, Object value) throws IOException {
    if (value instanceof Double d) {
      json.writeNumber(d);
    } else if (value instanceof Long l) {
      json.writeNumber(l);
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else {
      json.writeString(scalarText(value));
    }
  }

  private static String json(ColumnType type, Object value) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      writeValue(json, type, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** Strings as they are; Instant and LocalDate print ISO-8601 (UTC) already. */
  private static String scalarText(Object value) {
    return String.valueOf(value);
  }

  private static String csvCell(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
