package io.hyperbee.storage;

import io.hyperbee.HyperbeeException;
import io.hyperbee.encoding.ProtobufVarint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The {@code whole-lengths} file: the {@link WholeLengths} record of a core, as frames appended
 * one per commit that records lengths (usually one varint: the length an append ended at).
 *
 * <pre>
 * frame = tag (1 byte: 0x57 lengths, 0x4B lengths whose first starts the complete span)
 *         varint count (at least 1), count varints (absolute lengths, ascending across frames)
 *         CRC32C of the bytes before it (4 bytes, little-endian)
 * </pre>
 *
 * A frame is written past the committed end before its commit's head (see {@link
 * FileCoreStorage}); reading stops at the first frame that is torn, damaged, or not ascending, so
 * a power loss that dropped a frame drops everything after it too, and recovery keeps only frames
 * whose lengths are all within the recovered head. A truncation rewrites the tail in place.
 */
final class WholeLengthsFile {
  private static final byte LENGTHS = 0x57;
  private static final byte STARTS_SPAN = 0x4B;

  private final StoreFile file;
  /** Where the frames read or written so far end. */
  private long end;
  /** Scratch for a frame of a few lengths (the single writer's): an append records one. */
  private final byte[] smallFrame = new byte[1 + 10 + 10 * 4 + 4];

  WholeLengthsFile(StoreFile file) {
    this.file = file;
  }

  StoreFile file() {
    return file;
  }

  /** The frames read back whole: the record they hold, and where they end. */
  record Read(WholeLengths lengths, long end) {}

  /**
   * Reads the frames that read back whole and ascending, keeping those whose lengths are all at
   * most {@code limit}; remembers where they end (the next frame goes there).
   */
  Read read(long limit) throws IOException {
    long size = file.size();
    if (size > Integer.MAX_VALUE - 8) {
      throw file.corruption(0, "the whole-lengths file is " + size + " bytes long");
    }
    byte[] bytes = new byte[(int) size];
    file.read(ByteBuffer.wrap(bytes), 0);
    long[] values = new long[64];
    int count = 0;
    long from = -1;
    int pos = 0;
    while (pos < bytes.length) {
      int frameStart = pos;
      byte tag = bytes[pos++];
      if ((tag != LENGTHS && tag != STARTS_SPAN) || (tag == STARTS_SPAN && from >= 0)) {
        pos = frameStart;
        break;
      }
      long[] frame;
      try {
        long n = ProtobufVarint.read(bytes, pos, bytes.length);
        pos += ProtobufVarint.encodedLength(bytes, pos, bytes.length);
        if (n < 1 || n > bytes.length - pos) {
          pos = frameStart;
          break;
        }
        frame = new long[(int) n];
        for (int k = 0; k < n; k++) {
          frame[k] = ProtobufVarint.read(bytes, pos, bytes.length);
          pos += ProtobufVarint.encodedLength(bytes, pos, bytes.length);
        }
      } catch (HyperbeeException | IndexOutOfBoundsException e) { // a torn or garbage varint
        pos = frameStart;
        break;
      }
      if (pos + 4 > bytes.length || crc(bytes, frameStart, pos) != ByteBuffer.wrap(bytes, pos, 4)
          .order(ByteOrder.LITTLE_ENDIAN).getInt()) {
        pos = frameStart;
        break;
      }
      long previous = count == 0 ? -1 : values[count - 1];
      boolean ascending = true;
      for (long v : frame) {
        ascending &= v > previous && v <= limit;
        previous = v;
      }
      if (!ascending) {
        pos = frameStart;
        break;
      }
      if (count + frame.length > values.length) {
        values = Arrays.copyOf(values, 2 * (count + frame.length));
      }
      System.arraycopy(frame, 0, values, count, frame.length);
      if (tag == STARTS_SPAN) {
        from = frame[0];
      }
      count += frame.length;
      pos += 4;
    }
    end = pos;
    return new Read(WholeLengths.of(from, values, count), pos);
  }

  /** Cuts what follows the frames last read (a torn frame, or frames of commits past the head). */
  boolean cutToRead() throws IOException {
    return file.truncate(end);
  }

  /**
   * Appends the lengths {@code after} holds beyond its first {@code before} recorded ones (nothing
   * when there are none): one frame, or two when the complete span starts after their first.
   */
  void append(WholeLengths after, int before) throws IOException {
    int spanAt = -1;
    for (int k = before; k < after.size() && after.knownFrom() >= 0; k++) {
      if (after.get(k) == after.knownFrom()) {
        spanAt = k;
      }
    }
    if (spanAt > before) {
      writeFrame(after, before, spanAt, false);
      writeFrame(after, spanAt, after.size(), true);
    } else {
      writeFrame(after, before, after.size(), spanAt == before);
    }
  }

  private void writeFrame(WholeLengths lengths, int from, int to, boolean startsSpan) throws IOException {
    int n = to - from;
    if (n <= 0) {
      return;
    }
    int size = 1 + 10 + 10 * n + 4;
    byte[] frame = size <= smallFrame.length ? smallFrame : new byte[size]; // one append's frame: reused
    int pos = 0;
    frame[pos++] = startsSpan ? STARTS_SPAN : LENGTHS;
    pos += ProtobufVarint.write(frame, pos, n);
    for (int k = from; k < to; k++) {
      pos += ProtobufVarint.write(frame, pos, lengths.get(k));
    }
    int c = crc(frame, 0, pos);
    for (int k = 0; k < 4; k++) {
      frame[pos++] = (byte) (c >>> (8 * k)); // little-endian
    }
    file.write(ByteBuffer.wrap(frame, 0, pos), end);
    end += pos;
  }

  /**
   * Makes the file hold {@code after}, the record after a truncation: keeps the frames whose
   * lengths it still holds, then writes the rest of it as one frame over what followed and cuts the
   * file there. Repeatable (the journal replays truncations), since it reads the file afresh.
   */
  void rewriteTo(WholeLengths after) throws IOException {
    long limit = after.last();
    Read kept = read(limit < 0 ? -1 : limit);
    WholeLengths have = kept.lengths();
    int same = 0;
    while (same < have.size() && same < after.size() && have.get(same) == after.get(same)) {
      same++;
    }
    if (same < have.size() || (have.knownFrom() >= 0 && have.knownFrom() != after.knownFrom())) {
      // cannot happen for a truncation (it only drops from the end and adds one length): start over
      end = 0;
      same = 0;
    }
    append(after, same);
    file.truncate(end);
  }

  private static int crc(byte[] bytes, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, to - from);
    return (int) crc.getValue();
  }
}
