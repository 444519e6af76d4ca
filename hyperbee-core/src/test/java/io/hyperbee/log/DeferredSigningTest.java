package io.hyperbee.log;

import static io.hyperbee.log.HypercoreTest.TV1;
import static io.hyperbee.log.HypercoreTest.hex;
import static io.hyperbee.log.HypercoreTest.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.merkle.Node;
import io.hyperbee.storage.CoreHead;
import io.hyperbee.storage.CoreIdentity;
import io.hyperbee.storage.CoreStorage;
import io.hyperbee.storage.FileCoreStorage;
import io.hyperbee.storage.MemoryCoreStorage;
import io.hyperbee.storage.StorageBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends store their head unsigned and the core signs when a signature is asked for, stores it
 * on close, and re-signs an unsigned head after a crash: every signature it hands out is the one
 * JS makes for that state (tv2a of HypercoreTest).
 */
class DeferredSigningTest {
  /** JS's signature of the default core of TV1 holding "a", "b", "c" (fork 0). */
  private static final String ABC_SIGNATURE =
      "0100ffc0d71651d8c0c24962a662c90f411f371945e3514669899d3189b832a1bd960415ee04d8ccb4c4159506ad230d223f33ca3dce6aa6d16d27e9fbd47efa25050000";

  private static HypercoreOptions writer() {
    return HypercoreOptions.builder().keyPair(TV1).build();
  }

  @Test
  void appendsStoreAnUnsignedHeadThatCloseSigns() {
    MemoryCoreStorage storage = new MemoryCoreStorage();
    Hypercore core = Hypercore.open(new ForwardingStorage(storage), writer()); // stays open after close
    core.append(utf8("a"));
    core.append(utf8("b"));
    core.append(utf8("c"));
    assertNull(storage.head().signature(), "no signature is made while nobody asks for one");
    assertNull(storage.head().treeHash(), "nor a tree hash");
    assertEquals(3, storage.head().length());
    core.close();
    assertEquals(ABC_SIGNATURE, hex(storage.head().signature()));
    assertEquals("7ea73eb86179fb7328e73663f90f4c91256574af1112efe97fdf9309e03b67a7", hex(storage.head().treeHash()));
    try (Hypercore reopened = Hypercore.open(storage, writer())) {
      assertEquals(ABC_SIGNATURE, hex(reopened.signature()));
      reopened.verify();
    }
  }

  @Test
  void aSignatureMadeOnDemandIsStoredByClose() {
    MemoryCoreStorage storage = new MemoryCoreStorage();
    Hypercore core = Hypercore.open(new ForwardingStorage(storage), writer());
    core.append(utf8("a"), utf8("b"));
    core.append(utf8("c"));
    assertEquals(ABC_SIGNATURE, hex(core.signature())); // signed in memory for a reader
    assertNull(storage.head().signature(), "asking signs, it does not commit");
    core.close();
    assertEquals(ABC_SIGNATURE, hex(storage.head().signature()), "close stores what was signed on demand");
    Hypercore reopened = Hypercore.open(new ForwardingStorage(storage), writer());
    reopened.append(utf8("d"));
    reopened.close();
    Hypercore crashed = Hypercore.open(new ForwardingStorage(storage), writer());
    crashed.append(utf8("e")); // never closed: the head stays unsigned
    assertNull(storage.head().signature());
    Hypercore recovered = Hypercore.open(new ForwardingStorage(storage), writer());
    recovered.verify(); // signs the recovered tail in memory
    recovered.close();
    assertEquals(5, storage.head().length());
    try (Hypercore keyless = Hypercore.open(withoutSecret(storage), HypercoreOptions.builder().build())) {
      keyless.verify(); // opens: the stored head is signed
    }
  }

  @Test
  void everySignatureHandedOutIsTheOneForItsState() {
    try (Hypercore deferred = Hypercore.inMemory(writer());
        Hypercore reference = Hypercore.inMemory(writer())) {
      reference.append(utf8("a"), utf8("b"), utf8("c"));
      deferred.append(utf8("a"), utf8("b"));
      byte[] atTwo = deferred.signature();
      deferred.append(utf8("c"));
      assertEquals(ABC_SIGNATURE, hex(deferred.signature()));
      assertArrayEquals(deferred.signature(), deferred.state().signature());
      assertEquals(ABC_SIGNATURE, hex(reference.state().signature()));
      deferred.truncate(2);
      deferred.append(utf8("c"));
      // same tree as before the truncation but fork 1: a different signature, and not the one at length 2
      assertEquals(1, deferred.fork());
      byte[] forked = deferred.signature();
      assertEquals(68, forked.length);
      assertNotEquals(ABC_SIGNATURE, hex(forked));
      assertNotEquals(hex(atTwo), hex(forked));
      deferred.verify();
    }
  }

  @Test
  void aReplicaVerifiesProofsOfADeferredWriter() {
    try (Hypercore origin = Hypercore.inMemory(writer())) {
      origin.append(utf8("a"));
      origin.append(utf8("b"));
      origin.append(utf8("c"));
      try (Hypercore replica = Hypercore.sparseReplicaOf(origin)) {
        assertArrayEquals(utf8("c"), replica.get(2));
        assertEquals(ABC_SIGNATURE, hex(replica.signature()));
      }
    }
  }

  @Test
  void aCrashBeforeTheSignatureWasStoredIsResignedOnOpen() {
    MemoryCoreStorage storage = new MemoryCoreStorage();
    Hypercore crashed = Hypercore.open(storage, writer());
    crashed.append(utf8("a"), utf8("b"));
    crashed.append(utf8("c"));
    assertNull(storage.head().signature());
    // the process dies here: crashed is never closed
    try (Hypercore reopened = Hypercore.open(storage, writer())) {
      assertEquals(3, reopened.length());
      assertEquals(ABC_SIGNATURE, hex(reopened.signature()));
      reopened.verify();
    }
  }

  @Test
  void aFileCoreKilledBeforeCloseIsResignedOnOpen(@TempDir Path dir, @TempDir Path snapshot) throws IOException {
    Hypercore crashed = Hypercore.open(dir, writer());
    crashed.append(utf8("a"), utf8("b"), utf8("c"));
    // what a SIGKILL now would leave on disk (the page cache keeps every write)
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.copy(p, snapshot.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    crashed.close();
    try (FileCoreStorage stored = FileCoreStorage.open(snapshot, false, false, false)) {
      assertNull(stored.head().signature());
    }
    try (Hypercore reopened = Hypercore.open(snapshot, writer())) {
      assertEquals(ABC_SIGNATURE, hex(reopened.signature()));
      reopened.verify();
    }
    try (FileCoreStorage stored = FileCoreStorage.open(dir, false, false, false)) {
      assertEquals(ABC_SIGNATURE, hex(stored.head().signature()), "close stores the signature");
    }
  }

  @Test
  void anUnsignedHeadWithoutTheSecretKeyIsCorruption() {
    MemoryCoreStorage storage = new MemoryCoreStorage();
    Hypercore crashed = Hypercore.open(storage, writer());
    crashed.append(utf8("a"), utf8("b"), utf8("c"));
    HyperbeeException e = assertThrows(HyperbeeException.class,
        () -> Hypercore.open(withoutSecret(storage), HypercoreOptions.builder().build()));
    assertEquals(ErrorCode.CORRUPTION, e.code());
  }

  /** {@code storage} as a reader without the writer's secret key sees it. */
  private static CoreStorage withoutSecret(CoreStorage storage) {
    return new ForwardingStorage(storage) {
      @Override
      public CoreIdentity identity() {
        CoreIdentity id = storage.identity();
        return new CoreIdentity(id.key(), id.manifest(), id.publicKey(), null, id.compat());
      }
    };
  }

  /** Passes every call through to another storage (never closes it). */
  private static class ForwardingStorage implements CoreStorage {
    private final CoreStorage inner;

    ForwardingStorage(CoreStorage inner) {
      this.inner = inner;
    }

    @Override public CoreIdentity identity() { return inner.identity(); }
    @Override public void create(CoreIdentity identity) { inner.create(identity); }
    @Override public CoreHead head() { return inner.head(); }
    @Override public byte[] readBlock(long index) { return inner.readBlock(index); }
    @Override public Node readNode(long index) { return inner.readNode(index); }
    @Override public void commit(StorageBatch batch) { inner.commit(batch); }
    @Override public void close() {}
  }
}
