package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a peer says it holds: a prefix and sparse bits, in bounded memory. */
class RemoteBlocksTest {
  private static final long PAGE = 1 << 15;

  @Test
  void prefixRangesAndBitfields() {
    RemoteBlocks blocks = new RemoteBlocks();
    blocks.addPrefix(10);
    assertTrue(blocks.has(9));
    assertFalse(blocks.has(10));
    blocks.set(100, 110, true);
    assertTrue(blocks.has(105));
    blocks.set(5, 6, false); // a drop inside the prefix shortens it
    assertEquals(5, blocks.contiguous());
    assertFalse(blocks.has(5));
    assertTrue(blocks.has(6) && blocks.has(9));
    blocks.insert(64, new int[] {0b101});
    assertTrue(blocks.has(64) && !blocks.has(65) && blocks.has(66));
  }

  @Test
  void aPeerDescribingTooManyPagesGetsNoMoreMemory() {
    RemoteBlocks blocks = new RemoteBlocks();
    int pages = RemoteBlocks.MAX_PAGES + 1000;
    for (long p = 0; p < pages; p++) {
      blocks.insert(p * PAGE, new int[] {1}); // 4 bytes of bitfield, a 4 KiB page each
    }
    assertEquals(RemoteBlocks.MAX_PAGES, blocks.pageCount());
    assertTrue(blocks.has((RemoteBlocks.MAX_PAGES - 1) * PAGE));
    assertFalse(blocks.has((pages - 1) * PAGE), "what it said past the bound is not kept");
  }
}
