package io.hyperbee.storage;

import java.util.zip.CRC32C;

/** The CRC32C of block and tree records, seeded with the record's index so a misplaced record fails. */
final class Checksums {
  private Checksums() {}

  /**
   * CRC32C of (index as u64 little-endian || bytes[offset, offset + length)). Fed byte by byte
   * for the prefix rather than through a temporary array: nothing is allocated once the JIT has
   * inlined it (the CRC32C object does not escape), on the hot path of every block read.
   */
  static int seeded(long index, byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    for (int shift = 0; shift < 64; shift += 8) {
      crc.update((int) (index >>> shift));
    }
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
