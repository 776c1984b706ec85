package io.driftlake.core.histogram;

import java.io.ByteArrayOutputStream;

/** Unsigned LEB128 varints and big-endian longs for the states' byte formats. */
final class Varints {
  private Varints() {}

  static void writeVarLong(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  static long readVarLong(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = bytes[at[0]++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("malformed varint in numeric cells bytes");
  }

  static void writeLong(ByteArrayOutputStream out, long value) {
    for (int i = 56; i >= 0; i -= 8) {
      out.write((int) (value >>> i));
    }
  }

  static long readLong(byte[] bytes, int[] at) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[at[0]++] & 0xFF);
    }
    return value;
  }
}
