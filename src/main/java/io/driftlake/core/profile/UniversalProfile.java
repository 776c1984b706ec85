package io.driftlake.core.profile;

import io.driftlake.core.histogram.CoMoments;
import io.driftlake.core.histogram.FeatureCells;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scan counted of one group (the whole data, a window, a slice): its row count, each
 * feature's universal state ({@link FeatureCells}, which depends on the values only, never on a
 * reference) and the co-moments of the joint features (null when none). Any two merge by adding; the
 * bins are chosen afterwards from the reference's states ({@link CellFreeze}).
 */
public final class UniversalProfile {
  private static final byte FORMAT_VERSION = 1;

  private long rowCount;
  private final LinkedHashMap<String, FeatureCells> states;
  private CoMoments joint;

  public UniversalProfile(long rowCount, Map<String, FeatureCells> states, CoMoments joint) {
    this.rowCount = rowCount;
    this.states = new LinkedHashMap<>(states);
    this.joint = joint;
  }

  public long rowCount() {
    return rowCount;
  }

  public Map<String, FeatureCells> states() {
    return Collections.unmodifiableMap(states);
  }

  /** The co-moments of the joint features, or null. */
  public CoMoments joint() {
    return joint;
  }

  /** Adds {@code other} (same features, disjoint rows) into this; returns this. */
  public UniversalProfile merge(UniversalProfile other) {
    rowCount += other.rowCount;
    other.states.forEach((column, state) -> {
      FeatureCells mine = states.get(column);
      if (mine == null) {
        states.put(column, state.copy());
      } else {
        mine.merge(state);
      }
    });
    if (other.joint != null) {
      joint = joint == null ? other.joint.copy() : joint.merge(other.joint);
    }
    return this;
  }

  /**
   * Adds {@code profile} into {@code groups} under {@code key}: a copy when the key is new, else merged
   * into the profile there ({@code profile} itself is never changed).
   */
  public static <K> void addInto(Map<K, UniversalProfile> groups, K key, UniversalProfile profile) {
    UniversalProfile existing = groups.get(key);
    if (existing == null) {
      groups.put(key, profile.copy());
    } else {
      existing.merge(profile);
    }
  }

  public UniversalProfile copy() {
    return fromBytes(toBytes());
  }

  /**
   * Version byte 1, the row count, the number of features and each name (UTF) with its
   * {@link FeatureCells#toBytes} (length-prefixed), then -1 or the joint columns' number, names,
   * count, means and co-moments.
   */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(FORMAT_VERSION);
      out.writeLong(rowCount);
      out.writeInt(states.size());
      for (Map.Entry<String, FeatureCells> entry : states.entrySet()) {
        out.writeUTF(entry.getKey());
        byte[] state = entry.getValue().toBytes();
        out.writeInt(state.length);
        out.write(state);
      }
      if (joint == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(joint.dimension());
        for (String column : joint.columns()) {
          out.writeUTF(column);
        }
        out.writeLong(joint.count());
        for (double mean : joint.means()) {
          out.writeDouble(mean);
        }
        for (double c : joint.comoments()) {
          out.writeDouble(c);
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The profile {@link #toBytes} wrote. */
  public static UniversalProfile fromBytes(byte[] bytes) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      byte version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("unknown universal profile format version " + version + "; expected "
            + FORMAT_VERSION + ": the profile was written by another Driftlake version");
      }
      long rows = in.readLong();
      int features = in.readInt();
      Map<String, FeatureCells> states = new LinkedHashMap<>();
      for (int f = 0; f < features; f++) {
        String column = in.readUTF();
        byte[] state = new byte[in.readInt()];
        in.readFully(state);
        states.put(column, FeatureCells.fromBytes(state));
      }
      int d = in.readInt();
      CoMoments joint = null;
      if (d >= 0) {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < d; i++) {
          columns.add(in.readUTF());
        }
        long count = in.readLong();
        double[] means = new double[d];
        for (int i = 0; i < d; i++) {
          means[i] = in.readDouble();
        }
        double[] comoments = new double[CoMoments.triangle(d)];
        for (int i = 0; i < comoments.length; i++) {
          comoments[i] = in.readDouble();
        }
        joint = CoMoments.of(columns, count, means, comoments);
      }
      return new UniversalProfile(rows, states, joint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "UniversalProfile{rows=" + rowCount + ", states=" + states + ", joint=" + joint + "}";
  }
}
