package io.driftlake.core.histogram;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The universal state of one feature in one group of a scan: {@link NumericCells} for a numeric
 * feature, {@link CategoryCounts} for a categorical one, and, when the scan has a label column
 * ({@code --label-col}), one state of the same kind per distinct present label value over the rows
 * where the feature is present (not null, not NaN). The joint (feature bin, label bin) counts of
 * mutual information are then exact sums after the bins are frozen: each label value's state is a
 * subset of the feature's, so its level is at least the feature's and {@link CellBinning#binCounts}
 * applies to it unchanged.
 *
 * <p>Per-label states cost memory: up to {@value #MAX_LABEL_VALUES} label values, each with up to
 * {@link NumericCells#MAX_CELLS_DEFAULT} cells per numeric feature and group (fewer in a wide table: {@link NumericCells#boundFor}). A label with more distinct
 * values fails the run with a message: MI is meant for a classification label.
 *
 * <p>Not thread-safe; adds allocate nothing except a new label value's state.
 */
public final class FeatureCells {
  /** The most distinct label values a scan keeps joint states for (a classification label has few). */
  public static final int MAX_LABEL_VALUES = 1_000;

  private static final byte FORMAT_VERSION = 1;

  private final FeatureKind kind;
  private final NumericCells numeric;
  private final CategoryCounts categories;
  /** Label value → this feature's state over that label value's rows; null without a label. */
  private final TreeMap<String, FeatureCells> byLabel;

  private FeatureCells(FeatureKind kind, NumericCells numeric, CategoryCounts categories,
      TreeMap<String, FeatureCells> byLabel) {
    this.kind = kind;
    this.numeric = numeric;
    this.categories = categories;
    this.byLabel = byLabel;
  }

  /** An empty state of {@code kind}, keeping per-label states when {@code labelled}. */
  public static FeatureCells empty(FeatureKind kind, boolean labelled) {
    return empty(kind, labelled, NumericCells.MAX_CELLS_DEFAULT);
  }

  /** {@link #empty(FeatureKind, boolean)} whose numeric states (its own and its labels') keep at most {@code maxCells} cells. */
  public static FeatureCells empty(FeatureKind kind, boolean labelled, int maxCells) {
    return new FeatureCells(kind, kind == FeatureKind.NUMERIC ? new NumericCells(maxCells) : null,
        kind == FeatureKind.CATEGORICAL ? new CategoryCounts() : null, labelled ? new TreeMap<>() : null);
  }

  /** Counts a numeric value (NaN, also a null given as NaN, is missing) with the row's label value (null: none). */
  public FeatureCells addNumber(double value, String label) {
    numeric.add(value);
    if (byLabel != null && label != null && value == value) {
      labelState(label).numeric.add(value);
    }
    return this;
  }

  /** Counts a categorical value (null: missing) with the row's label value (null: none). */
  public FeatureCells addCategory(String value, String label) {
    categories.add(value);
    if (byLabel != null && label != null && value != null) {
      labelState(label).categories.add(value);
    }
    return this;
  }

  private FeatureCells labelState(String label) {
    FeatureCells state = byLabel.get(label);
    if (state == null) {
      if (byLabel.size() >= MAX_LABEL_VALUES) {
        throw tooManyLabels();
      }
      state = empty(kind, false, numeric != null ? numeric.maxCells() : NumericCells.MAX_CELLS_DEFAULT);
      byLabel.put(label, state);
    }
    return state;
  }

  private static IllegalArgumentException tooManyLabels() {
    return new IllegalArgumentException("the label column has more than " + MAX_LABEL_VALUES
        + " distinct values: mutual information with --label-col keeps a state per label value. "
        + "Give a categorical classification label, or drop --label-col");
  }

  /** Adds {@code other} (same kind, disjoint rows) into this; returns this. */
  public FeatureCells merge(FeatureCells other) {
    if (other.kind != kind || (other.byLabel == null) != (byLabel == null)) {
      throw new IllegalArgumentException("cannot merge feature cells of different kinds or label settings");
    }
    if (numeric != null) {
      numeric.merge(other.numeric);
    } else {
      categories.merge(other.categories);
    }
    if (byLabel != null) {
      for (Map.Entry<String, FeatureCells> entry : other.byLabel.entrySet()) {
        FeatureCells mine = byLabel.get(entry.getKey());
        if (mine == null) {
          if (byLabel.size() >= MAX_LABEL_VALUES) {
            throw tooManyLabels();
          }
          byLabel.put(entry.getKey(), entry.getValue().copy());
        } else {
          mine.merge(entry.getValue());
        }
      }
    }
    return this;
  }

  public FeatureCells copy() {
    return fromBytes(toBytes());
  }

  public FeatureKind kind() {
    return kind;
  }

  /** The numeric state, or null for a categorical feature. */
  public NumericCells numeric() {
    return numeric;
  }

  /** The categorical state, or null for a numeric feature. */
  public CategoryCounts categories() {
    return categories;
  }

  /** The per-label-value states (sorted by label value), or null when counted without a label. */
  public Map<String, FeatureCells> byLabel() {
    return byLabel == null ? null : Collections.unmodifiableMap(byLabel);
  }

  /**
   * Version byte 1, the kind (0 numeric, 1 categorical), the state's bytes (length-prefixed), then -1
   * without a label or the number of label values and each value (UTF) with its state's bytes.
   */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(FORMAT_VERSION);
      out.writeByte(kind == FeatureKind.NUMERIC ? 0 : 1);
      writeBlock(out, numeric != null ? numeric.toBytes() : categories.toBytes());
      if (byLabel == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(byLabel.size());
        for (Map.Entry<String, FeatureCells> entry : byLabel.entrySet()) {
          out.writeUTF(entry.getKey());
          FeatureCells state = entry.getValue();
          writeBlock(out, state.numeric != null ? state.numeric.toBytes() : state.categories.toBytes());
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The state {@link #toBytes} wrote. */
  public static FeatureCells fromBytes(byte[] bytes) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      byte version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("unknown feature cells format version " + version + "; expected "
            + FORMAT_VERSION + ": the state was written by another Driftlake version");
      }
      FeatureKind kind = in.readByte() == 0 ? FeatureKind.NUMERIC : FeatureKind.CATEGORICAL;
      byte[] own = readBlock(in);
      int labels = in.readInt();
      TreeMap<String, FeatureCells> byLabel = labels < 0 ? null : new TreeMap<>();
      for (int i = 0; i < labels; i++) {
        String label = in.readUTF();
        byLabel.put(label, of(kind, readBlock(in), null));
      }
      return of(kind, own, byLabel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FeatureCells of(FeatureKind kind, byte[] state, TreeMap<String, FeatureCells> byLabel) {
    return kind == FeatureKind.NUMERIC
        ? new FeatureCells(kind, NumericCells.fromBytes(state), null, byLabel)
        : new FeatureCells(kind, null, CategoryCounts.fromBytes(state), byLabel);
  }

  private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
    out.writeInt(block.length);
    out.write(block);
  }

  private static byte[] readBlock(DataInputStream in) throws IOException {
    byte[] block = new byte[in.readInt()];
    in.readFully(block);
    return block;
  }

  /** Same kind, equal states (moments aside: {@link NumericCells#equals}) and equal per-label states. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureCells o && o.kind == kind && java.util.Objects.equals(o.numeric, numeric)
        && java.util.Objects.equals(o.categories, categories) && java.util.Objects.equals(o.byLabel, byLabel);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(kind, numeric, categories);
  }

  @Override
  public String toString() {
    return "FeatureCells{" + (numeric != null ? numeric : categories) + (byLabel == null ? "" : ", byLabel=" + byLabel) + "}";
  }
}
