package io.driftlake.core.histogram;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The universal state of one categorical feature: exact counts per value while there are at most
 * {@code maxDistinct} distinct values (default {@value #MAX_DISTINCT_DEFAULT}); beyond that, Apache
 * DataSketches' frequent-items sketch ({@link ItemsSketch}, Misra–Gries / "Space-Saving" with map size
 * {@code sketchMapSize}, default {@value #SKETCH_MAP_SIZE_DEFAULT}). In sketch mode each count is an
 * estimate with {@code lowerBound <= true count <= upperBound} and
 * {@code |estimate − true| <= maximumError()}, where the sketch guarantees
 * {@code maximumError() <= 3.5 · N / (0.75 · sketchMapSize)} ({@code N} the non-null count; DataSketches'
 * {@code getAprioriError}), about {@code 2.8e-4 · N} at the default. The total, the non-null total and the
 * null count stay exact. Any two states merge: exact + exact stays exact until the union exceeds
 * {@code maxDistinct}; anything with a sketch gives a sketch. Null is counted apart, never in the sketch.
 */
public final class CategoryCounts {
  /** Exact counts up to this many distinct values. */
  public static final int MAX_DISTINCT_DEFAULT = 10_000;
  /** The frequent-items sketch's maximum map size (a power of 2; it tracks 0.75 of it). */
  public static final int SKETCH_MAP_SIZE_DEFAULT = 1 << 14;

  private static final byte FORMAT_VERSION = 2;
  private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

  private final int maxDistinct;
  private final int sketchMapSize;
  private HashMap<String, Long> exact = new HashMap<>();
  private ItemsSketch<String> sketch; // non-null in sketch mode, then exact is null
  private DistinctSketch distinct; // non-null in sketch mode: every distinct non-null value seen
  private long nonNull;
  private long nulls;

  /** One value's count: exact when {@code lowerBound == upperBound}. */
  public record ValueCount(String value, long estimate, long lowerBound, long upperBound) {
    public boolean exact() {
      return lowerBound == upperBound;
    }
  }

  public CategoryCounts() {
    this(MAX_DISTINCT_DEFAULT, SKETCH_MAP_SIZE_DEFAULT);
  }

  /**
   * @param maxDistinct exact counts up to this many distinct values (at least 1)
   * @param sketchMapSize the sketch's maximum map size, a power of 2 of at least 8
   */
  public CategoryCounts(int maxDistinct, int sketchMapSize) {
    if (maxDistinct < 1) {
      throw new IllegalArgumentException("maxDistinct must be at least 1 (got " + maxDistinct + ")");
    }
    if (sketchMapSize < 8 || Integer.bitCount(sketchMapSize) != 1) {
      throw new IllegalArgumentException("sketchMapSize must be a power of 2 of at least 8 (got " + sketchMapSize + ")");
    }
    this.maxDistinct = maxDistinct;
    this.sketchMapSize = sketchMapSize;
  }

  /** Counts one value; null is counted apart. */
  public CategoryCounts add(String value) {
    return add(value, 1);
  }

  /** Counts {@code count >= 0} occurrences of one value. */
  public CategoryCounts add(String value, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative (got " + count + ")");
    }
    if (count == 0) {
      return this;
    }
    if (value == null) {
      nulls += count;
      return this;
    }
    nonNull += count;
    if (sketch != null) {
      sketch.update(value, count);
      distinct.update(value);
    } else {
      exact.merge(value, count, Long::sum);
      if (exact.size() > maxDistinct) {
        toSketch();
      }
    }
    return this;
  }

  private void toSketch() {
    sketch = new ItemsSketch<>(sketchMapSize);
    distinct = new DistinctSketch();
    exact.forEach((value, count) -> {
      sketch.update(value, count);
      distinct.update(value);
    });
    exact = null;
  }

  /**
   * Adds {@code other} into this state ({@code other} unchanged). Exact counts add exactly; a sketch
   * on either side gives a sketch whose error bounds add.
   *
   * @throws IllegalArgumentException when the two states have different bounds
   */
  public CategoryCounts merge(CategoryCounts other) {
    if (other == this) {
      return merge(copy());
    }
    if (other.maxDistinct != maxDistinct || other.sketchMapSize != sketchMapSize) {
      throw new IllegalArgumentException("cannot merge category counts with different bounds: maxDistinct "
          + maxDistinct + "/" + other.maxDistinct + ", sketchMapSize " + sketchMapSize + "/" + other.sketchMapSize
          + "; profile both sides with the same bounds");
    }
    nulls += other.nulls;
    if (other.sketch == null) {
      other.exact.forEach((value, count) -> {
        nonNull += count;
        if (sketch != null) {
          sketch.update(value, count);
          distinct.update(value);
        } else {
          exact.merge(value, count, Long::sum);
        }
      });
      if (sketch == null && exact.size() > maxDistinct) {
        toSketch();
      }
      return this;
    }
    if (sketch == null) {
      toSketch();
    }
    sketch.merge(other.sketch);
    distinct.merge(other.distinct);
    nonNull += other.nonNull;
    return this;
  }

  /** An independent copy. */
  public CategoryCounts copy() {
    return fromBytes(toBytes());
  }

  /** Whether every count is exact (no sketch). */
  public boolean isExact() {
    return sketch == null;
  }

  public int maxDistinct() {
    return maxDistinct;
  }

  public int sketchMapSize() {
    return sketchMapSize;
  }

  /** Every value counted, null included (exact). */
  public long totalCount() {
    return nonNull + nulls;
  }

  /** Non-null values counted (exact). */
  public long nonNullCount() {
    return nonNull;
  }

  public long nullCount() {
    return nulls;
  }

  /** Distinct non-null values in exact mode; the sketch's tracked values otherwise. */
  public int distinctTracked() {
    return sketch == null ? exact.size() : sketch.getNumActiveItems();
  }

  /**
   * Distinct non-null values: exact in exact mode, else the {@link DistinctSketch}'s estimate
   * (relative standard error about 1.6%).
   */
  public long distinctCount() {
    return sketch == null ? exact.size() : distinct.estimate();
  }

  /** 0 in exact mode; the sketch's bound on {@code |estimate − true count|} otherwise. */
  public long maximumError() {
    return sketch == null ? 0 : sketch.getMaximumError();
  }

  /** One value's count: exact, or the sketch's estimate and bounds ({@code null}: the null count). */
  public ValueCount count(String value) {
    if (value == null) {
      return new ValueCount(null, nulls, nulls, nulls);
    }
    if (sketch == null) {
      long c = exact.getOrDefault(value, 0L);
      return new ValueCount(value, c, c, c);
    }
    return new ValueCount(value, sketch.getEstimate(value), sketch.getLowerBound(value), sketch.getUpperBound(value));
  }

  /**
   * Up to {@code limit} non-null values, most frequent (estimate) first, ties by value. In sketch mode
   * these are the tracked values (no false negatives: every value whose true count exceeds
   * {@code maximumError()} is tracked).
   */
  public List<ValueCount> topValues(int limit) {
    List<ValueCount> all = new ArrayList<>();
    if (sketch == null) {
      exact.forEach((value, c) -> all.add(new ValueCount(value, c, c, c)));
    } else {
      for (ItemsSketch.Row<String> row : sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
        all.add(new ValueCount(row.getItem(), row.getEstimate(), row.getLowerBound(), row.getUpperBound()));
      }
    }
    all.sort(Comparator.comparingLong(ValueCount::estimate).reversed().thenComparing(ValueCount::value));
    return all.size() > limit ? List.copyOf(all.subList(0, Math.max(0, limit))) : all;
  }

  /**
   * Version byte 2, then (big-endian) maxDistinct, sketchMapSize, null count, non-null count, a mode
   * byte; exact: the number of values, then each as UTF-8 length, bytes and count; sketch: the
   * length and bytes of {@code ItemsSketch.toByteArray(ArrayOfStringsSerDe)}, then those of the distinct sketch.
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeInt(maxDistinct);
      out.writeInt(sketchMapSize);
      out.writeLong(nulls);
      out.writeLong(nonNull);
      out.writeByte(sketch == null ? 0 : 1);
      if (sketch == null) {
        out.writeInt(exact.size());
        for (Map.Entry<String, Long> entry : exact.entrySet()) {
          byte[] utf8 = entry.getKey().getBytes(StandardCharsets.UTF_8);
          out.writeInt(utf8.length);
          out.write(utf8);
          out.writeLong(entry.getValue());
        }
      } else {
        byte[] sketchBytes = sketch.toByteArray(SERDE);
        out.writeInt(sketchBytes.length);
        out.write(sketchBytes);
        byte[] distinctBytes = distinct.toBytes();
        out.writeInt(distinctBytes.length);
        out.write(distinctBytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The state {@link #toBytes} wrote. */
  public static CategoryCounts fromBytes(byte[] bytes) {
    if (bytes.length == 0 || bytes[0] != FORMAT_VERSION) {
      throw new IllegalArgumentException("unknown category counts format version "
          + (bytes.length == 0 ? "(empty)" : Byte.toString(bytes[0])) + "; expected " + FORMAT_VERSION
          + ": the state was written by another Driftlake version");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
      CategoryCounts state = new CategoryCounts(in.readInt(), in.readInt());
      state.nulls = in.readLong();
      state.nonNull = in.readLong();
      if (in.readByte() == 0) {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
          byte[] utf8 = new byte[in.readInt()];
          in.readFully(utf8);
          state.exact.put(new String(utf8, StandardCharsets.UTF_8), in.readLong());
        }
      } else {
        byte[] sketchBytes = new byte[in.readInt()];
        in.readFully(sketchBytes);
        state.sketch = ItemsSketch.getInstance(Memory.wrap(sketchBytes), SERDE);
        byte[] distinctBytes = new byte[in.readInt()];
        in.readFully(distinctBytes);
        state.distinct = DistinctSketch.fromBytes(distinctBytes);
        state.exact = null;
      }
      return state;
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed category counts bytes: " + e, e);
    }
  }

  /** Exact mode: equal bounds, counts and values; sketch mode: equal bounds, counts and sketch bytes. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof CategoryCounts that)) {
      return false;
    }
    if (maxDistinct != that.maxDistinct || sketchMapSize != that.sketchMapSize || nulls != that.nulls
        || nonNull != that.nonNull || isExact() != that.isExact()) {
      return false;
    }
    return sketch == null
        ? exact.equals(that.exact)
        : java.util.Arrays.equals(sketch.toByteArray(SERDE), that.sketch.toByteArray(SERDE))
            && distinctCount() == that.distinctCount();
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxDistinct, sketchMapSize, nulls, nonNull, sketch == null ? exact : null);
  }

  @Override
  public String toString() {
    return "CategoryCounts{" + (sketch == null ? "exact, " + exact.size() + " values" : "sketch, error "
        + sketch.getMaximumError()) + ", non-null=" + nonNull + ", null=" + nulls + "}";
  }
}
