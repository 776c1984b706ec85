package io.driftlake.cli;

import static io.driftlake.core.table.DriftColumns.COLUMN_NAME;
import static io.driftlake.core.table.DriftColumns.DRIFTED;
import static io.driftlake.core.table.DriftColumns.DRIFT_TYPE;
import static io.driftlake.core.table.DriftColumns.JS_NOISE_FLOOR;
import static io.driftlake.core.table.DriftColumns.KIND;
import static io.driftlake.core.table.DriftColumns.MESSAGE;
import static io.driftlake.core.table.DriftColumns.Q_VALUE;
import static io.driftlake.core.table.DriftColumns.RUN_ID;
import static io.driftlake.core.table.DriftColumns.SLICE_KEY;
import static io.driftlake.core.table.DriftColumns.SLICE_VALUE;
import static io.driftlake.core.table.DriftColumns.STATUS;
import static io.driftlake.core.table.DriftColumns.THRESHOLD;
import static io.driftlake.core.table.DriftColumns.THRESHOLD_METRIC;
import static io.driftlake.core.table.DriftColumns.TOP_BINS;
import static io.driftlake.core.table.DriftColumns.WINDOW_END;
import static io.driftlake.core.table.DriftColumns.WINDOW_START;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.driftlake.core.NumberText;
import io.driftlake.core.config.Metric;
import io.driftlake.core.metrics.NoiseFloor;
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
import java.util.function.Function;

/**
 * Prints table rows, column by column of their {@link TableColumns}, as a fixed-width table, CSV
 * (RFC 4180, arrays and structs as JSON) or JSON Lines (one object per row keyed by column name; NaN
 * and ±Infinity as the bare tokens {@code NaN}, {@code Infinity}, {@code -Infinity}; timestamps in
 * ISO-8601 UTC; a struct as an object keyed by field name).
 */
final class RowFormats {
  /** A column of the human-readable table: its header and how a row's cell reads. */
  record Cell(String header, Function<TableRow, String> text) {
    /** A drift-table column as it is, under its own name. */
    static Cell of(Column<?> column) {
      return new Cell(column.name(), row -> RowFormats.text(row.value(column)));
    }
  }

  /**
   * The columns of {@code drift show}'s table: enough to tell every row of a run apart (window, drift
   * type, slice, feature) and to read its verdict (the judged metric, its value and threshold, the
   * noise floor in the judged metric's units, the q-value, the bin that moved most, the message).
   */
  static final List<Cell> TABLE_CELLS = List.of(Cell.of(RUN_ID), Cell.of(WINDOW_START), Cell.of(WINDOW_END),
      Cell.of(DRIFT_TYPE), new Cell("slice", RowFormats::slice), Cell.of(COLUMN_NAME), Cell.of(KIND), Cell.of(STATUS),
      new Cell("metric", row -> text(judgedMetric(row))), new Cell("value", RowFormats::judgedValue),
      Cell.of(THRESHOLD), Cell.of(DRIFTED), new Cell("noise", RowFormats::noise), Cell.of(Q_VALUE),
      new Cell("top_bin", RowFormats::topBin), Cell.of(MESSAGE));

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

  /** The rows as {@link #TABLE_CELLS}. */
  static String table(List<TableRow> rows) {
    return table(TABLE_CELLS, rows);
  }

  static String table(List<Cell> columns, List<TableRow> rows) {
    List<String[]> lines = new ArrayList<>();
    for (TableRow row : rows) {
      lines.add(columns.stream().map(c -> c.text().apply(row)).toArray(String[]::new));
    }
    return grid(columns.stream().map(Cell::header).toList(), lines);
  }

  /** A fixed-width table: a header line, then one line per row; cells over 60 characters are cut. */
  static String grid(List<String> headers, List<String[]> rows) {
    return grid(headers, rows, 60);
  }

  /** {@link #grid(List, List)} with cells over {@code maxCell} characters cut. */
  static String grid(List<String> headers, List<String[]> rows, int maxCell) {
    List<String[]> lines = new ArrayList<>();
    lines.add(headers.toArray(String[]::new));
    lines.addAll(rows);
    int[] widths = new int[headers.size()];
    for (String[] cells : lines) {
      for (int c = 0; c < cells.length; c++) {
        widths[c] = Math.max(widths[c], Math.min(cells[c].length(), maxCell));
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] cells : lines) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < cells.length; c++) {
        String cell = cells[c].length() > maxCell ? cells[c].substring(0, maxCell - 3) + "..." : cells[c];
        line.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", cell)).append(c + 1 < cells.length ? "  " : "");
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** A scalar for the table: "-" for null, doubles to 6 decimals (tiny ones in scientific notation). */
  static String text(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof Double d) {
      return NumberText.cell(d);
    }
    return scalarText(value);
  }

  /** {@code key=value}, or "-" for an unsliced row. */
  private static String slice(TableRow row) {
    String key = row.get(SLICE_KEY);
    return key == null ? "-" : key + "=" + row.get(SLICE_VALUE);
  }

  /**
   * The metric drifted was judged on: {@code threshold_metric}, or on a {@code :table} row (which has
   * none) {@code classifier_auc} where a domain classifier was trained.
   */
  private static String judgedMetric(TableRow row) {
    String metric = row.get(THRESHOLD_METRIC);
    if (metric == null && row.columns() == io.driftlake.core.table.DriftColumns.ALL
        && row.get(io.driftlake.core.table.DriftColumns.CLASSIFIER_AUC) != null) {
      return io.driftlake.core.table.DriftColumns.CLASSIFIER_AUC.name();
    }
    return metric;
  }

  /** The value of the metric drifted was judged on ({@link #judgedMetric}). */
  private static String judgedValue(TableRow row) {
    String metric = judgedMetric(row);
    if (metric == null || !row.columns().has(metric)) {
      return "-";
    }
    return text(row.value(row.columns().column(metric)));
  }

  /**
   * {@code js_noise_floor} in the judged metric's units ({@link NoiseFloor#inUnitsOf}: √ for
   * {@code js_distance}), so it reads against the value beside it; "-" for a metric it has no units for
   * (csv and jsonl carry {@code js_noise_floor} itself).
   */
  private static String noise(TableRow row) {
    Double floor = row.get(JS_NOISE_FLOOR);
    Metric metric = Metric.fromColumn(row.get(THRESHOLD_METRIC));
    if (floor == null || metric == null) {
      return "-";
    }
    double inUnits = NoiseFloor.inUnitsOf(metric, floor);
    return Double.isNaN(inUnits) ? "-" : text(inUnits);
  }

  /** The first of {@code top_bins} as {@code bin: ref_share → cur_share}. */
  private static String topBin(TableRow row) {
    List<List<Object>> bins = row.get(TOP_BINS);
    if (bins == null || bins.isEmpty()) {
      return "-";
    }
    List<Object> bin = bins.get(0);
    // where __other__ (or a value the base never had) leads, the first new value, its share as the shares beside it
    String named = null;
    if (row.columns() == io.driftlake.core.table.DriftColumns.ALL) {
      io.driftlake.core.table.DriftRecord record = io.driftlake.core.table.DriftRecord.of(row);
      if (record.newValuesNamed(1) != null) {
        io.driftlake.core.profile.NewValues.Value first = record.topNewValues().get(0);
        named = "new: " + first.value() + " " + share(first.currentShare());
      }
    }
    return bin.get(0) + ": " + share(bin.get(1)) + " \u2192 " + share(bin.get(2)) + (named == null ? "" : " (" + named + ")");
  }

  private static String share(Object share) {
    return share == null ? "?" : NumberText.decimals((Double) share, 4);
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
