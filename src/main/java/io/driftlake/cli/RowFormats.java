package io.driftlake.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Prints drift rows as a fixed-width table, CSV (RFC 4180, arrays as JSON arrays) or JSON Lines (one
 * object per row keyed by column name; NaN and ±Infinity as the bare tokens {@code NaN},
 * {@code Infinity}, {@code -Infinity}; timestamps in ISO-8601 UTC).
 */
final class RowFormats {
  /** The columns of the human-readable table format. */
  static final List<String> TABLE_COLUMNS = List.of("run_id", "column_name", "kind", "status", "ref_count",
      "cur_count", "js_distance", "kl_ref_cur", "psi", "drifted", "message");

  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .build();

  private RowFormats() {}

  static String jsonLine(StructType schema, Row row) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      for (int i = 0; i < schema.fields().length; i++) {
        json.writeFieldName(schema.fields()[i].name());
        writeValue(json, row.isNullAt(i) ? null : row.get(i), schema.fields()[i]);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  static String csvHeader(StructType schema) {
    List<String> names = new ArrayList<>();
    for (StructField field : schema.fields()) {
      names.add(csvCell(field.name()));
    }
    return String.join(",", names);
  }

  static String csvLine(StructType schema, Row row) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < schema.fields().length; i++) {
      Object value = row.isNullAt(i) ? null : row.get(i);
      String text;
      if (value == null) {
        text = "";
      } else if (schema.fields()[i].dataType() instanceof ArrayType) {
        text = arrayJson(toList(value));
      } else {
        text = scalarText(value);
      }
      cells.add(csvCell(text));
    }
    return String.join(",", cells);
  }

  static String table(StructType schema, List<Row> rows) {
    List<String[]> lines = new ArrayList<>();
    lines.add(TABLE_COLUMNS.toArray(String[]::new));
    for (Row row : rows) {
      String[] cells = new String[TABLE_COLUMNS.size()];
      for (int c = 0; c < cells.length; c++) {
        int i = schema.fieldIndex(TABLE_COLUMNS.get(c));
        Object value = row.isNullAt(i) ? null : row.get(i);
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

  private static void writeValue(JsonGenerator json, Object value, StructField field) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (field.dataType() instanceof ArrayType) {
      json.writeStartArray();
      for (Object element : toList(value)) {
        writeScalar(json, element);
      }
      json.writeEndArray();
    } else {
      writeScalar(json, value);
    }
  }

  private static List<?> toList(Object value) {
    if (value instanceof List<?> list) {
      return list;
    }
    return scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) value);
  }

  private static void writeScalar(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Double d) {
      json.writeNumber(d);
    } else if (value instanceof Long l) {
      json.writeNumber(l);
    } else if (value instanceof Integer i) {
      json.writeNumber(i);
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else {
      json.writeString(scalarText(value));
    }
  }

  private static String arrayJson(List<?> values) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartArray();
      for (Object element : values) {
        writeScalar(json, element);
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static String scalarText(Object value) {
    if (value instanceof Timestamp ts) {
      return ts.toInstant().toString();
    }
    if (value instanceof Date date) {
      return date.toLocalDate().toString();
    }
    return String.valueOf(value);
  }

  private static String csvCell(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
