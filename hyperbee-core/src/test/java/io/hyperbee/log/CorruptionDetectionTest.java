package io.hyperbee.log;

import static io.hyperbee.log.HypercoreTest.block;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.merkle.Node;
import io.hyperbee.storage.CoreHead;
import io.hyperbee.storage.CoreIdentity;
import io.hyperbee.storage.CoreStorage;
import io.hyperbee.storage.MemoryCoreStorage;
import io.hyperbee.storage.StorageBatch;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** verify() and verifyReads catch data that changed under the core. */
class CorruptionDetectionTest {
  /** Memory storage whose reads can be tampered with. */
  static final class TamperedStorage implements CoreStorage {
    final MemoryCoreStorage inner = new MemoryCoreStorage();
    final Map<Long, byte[]> blocks = new HashMap<>();
    final Map<Long, Node> nodes = new HashMap<>();
    CoreHead head;

    @Override public CoreIdentity identity() { return inner.identity(); }
    @Override public void create(CoreIdentity identity) { inner.create(identity); }
    @Override public CoreHead head() { return head != null ? head : inner.head(); }
    @Override public byte[] readBlock(long index) { return blocks.getOrDefault(index, inner.readBlock(index)); }
    @Override public Node readNode(long index) { return nodes.getOrDefault(index, inner.readNode(index)); }
    boolean failCommit;

    @Override public void commit(StorageBatch batch) {
      if (failCommit) {
        throw new HyperbeeException(ErrorCode.IO_ERROR, "disk full");
      }
      inner.commit(batch);
    }
    boolean keepOpen;

    @Override public void close() {
      if (!keepOpen) {
        inner.close();
      }
    }
  }

  private static HypercoreOptions reopen(boolean verifyReads) {
    return HypercoreOptions.builder().verifyReads(verifyReads).build();
  }

  @Test
  void tamperedBlocksNodesAndHeadsAreReported() {
    TamperedStorage s = new TamperedStorage();
    Hypercore writer = Hypercore.open(s, HypercoreOptions.builder().keyPair(HypercoreTest.TV1).build());
    for (int i = 0; i < 10; i++) {
      writer.append(block(i));
    }
    s.blocks.put(4L, "evil".getBytes());
    assertEquals(ErrorCode.INVALID_CHECKSUM, assertThrows(HyperbeeException.class, writer::verify).code());
    Hypercore paranoid = Hypercore.open(s, reopen(true));
    assertEquals(ErrorCode.INVALID_CHECKSUM, assertThrows(HyperbeeException.class, () -> paranoid.get(4)).code());
    assertArrayEquals(block(5), paranoid.get(5));
    s.blocks.clear();
    writer.verify();

    Node n = s.inner.readNode(5);
    s.nodes.put(5L, new Node(5, n.size(), new byte[32]));
    assertEquals(ErrorCode.INVALID_CHECKSUM, assertThrows(HyperbeeException.class, writer::verify).code());
    s.nodes.clear();

    s.keepOpen = true; // a failed open closes its storage; keep this one for the next case
    CoreHead h = s.inner.head(); // unsigned, without tree hash: the writer defers both
    s.head = new CoreHead(h.fork(), h.length(), h.byteLength() + 1, null, null);
    assertEquals(ErrorCode.CORRUPTION, assertThrows(HyperbeeException.class, () -> Hypercore.open(s, reopen(false))).code());
    s.head = new CoreHead(h.fork(), h.length(), h.byteLength(), writer.treeHash(), new byte[68]);
    assertEquals(ErrorCode.INVALID_SIGNATURE, assertThrows(HyperbeeException.class, () -> Hypercore.open(s, reopen(false))).code());
    byte[] badHash = writer.treeHash();
    badHash[0] ^= 1;
    s.head = new CoreHead(h.fork(), h.length(), h.byteLength(), badHash, writer.signature());
    assertEquals(ErrorCode.CORRUPTION, assertThrows(HyperbeeException.class, () -> Hypercore.open(s, reopen(false))).code());
    s.head = new CoreHead(h.fork(), h.length(), h.byteLength(), null, writer.signature());
    assertEquals(ErrorCode.CORRUPTION, assertThrows(HyperbeeException.class, () -> Hypercore.open(s, reopen(false))).code());
    s.head = new CoreHead(h.fork(), h.length(), h.byteLength(), writer.treeHash(), writer.signature());
    try (Hypercore signed = Hypercore.open(s, reopen(false))) {
      signed.verify();
    }
  }

  @Test
  void aFailedCommitIsLatchedUntilReopen() {
    TamperedStorage s = new TamperedStorage();
    s.keepOpen = true;
    Hypercore core = Hypercore.open(s, HypercoreOptions.builder().keyPair(HypercoreTest.TV1).build());
    core.append(block(0));
    s.failCommit = true;
    HyperbeeException first = assertThrows(HyperbeeException.class, () -> core.append(block(1)));
    assertEquals("IO_ERROR: disk full", first.getMessage());
    assertEquals(1, core.length());
    HyperbeeException later = assertThrows(HyperbeeException.class, () -> core.get(0));
    assertEquals(ErrorCode.IO_ERROR, later.code());
    assertEquals(first, later.getCause());
    core.close();
    s.failCommit = false;
    try (Hypercore reopened = Hypercore.open(s, reopen(false))) {
      assertEquals(1, reopened.length());
      reopened.verify();
    }
  }
}
