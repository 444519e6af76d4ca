package io.hyperbee.replication.protomux;

import io.hyperbee.encoding.Encoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The items a corked mux collects: {@code 00 00 firstChannel (len item)*}, where an item of
 * length 0 is followed by the next channel id. Control items (open, reject, close) sit under
 * channel 0. Like JS it flushes once the batch holds {@link #MAX_BATCH} bytes, so one frame stays
 * well inside a secret-stream message.
 */
final class Batch {
  static final int MAX_BATCH = 8 * 1024 * 1024;

  private record Item(int channel, byte[] bytes) {}

  private final List<Item> items = new ArrayList<>();
  /** The encoded size, computed as JS's preencode does (starts at 1, +1 per channel switch). */
  private long size = 1;

  boolean isFull() {
    return size >= MAX_BATCH;
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  void add(int channel, byte[] item) {
    if (items.isEmpty() || items.get(items.size() - 1).channel() != channel) {
      size += 1 + Encoder.uintLength(channel);
    }
    size += Encoder.uintLength(item.length) + item.length;
    items.add(new Item(channel, item));
  }

  byte[] encode() {
    Encoder e = new Encoder((int) Math.min(size + 1, Integer.MAX_VALUE)).uint8(0).uint8(Frames.BATCH);
    int previous = items.get(0).channel();
    e.uint(previous);
    for (Item item : items) {
      if (item.channel() != previous) {
        previous = item.channel();
        e.uint8(0).uint(previous);
      }
      e.buffer(item.bytes());
    }
    return e.toByteArray();
  }
}
