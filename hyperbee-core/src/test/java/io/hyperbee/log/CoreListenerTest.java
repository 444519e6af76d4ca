package io.hyperbee.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperbee.HyperbeeException;
import io.hyperbee.merkle.ProofRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreListenerTest {

  private static byte[] b(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Records events as strings, with the length a read from inside the listener sees. */
  private static final class Recorder implements CoreListener {
    final List<String> events = new ArrayList<>();
    final Hypercore core;

    Recorder(Hypercore core) {
      this.core = core;
    }

    @Override
    public void onAppend(long previousLength, long length, boolean remote) {
      events.add("append " + previousLength + "->" + length + (remote ? " remote" : "") + " sees " + core.length());
    }

    @Override
    public void onTruncate(long length, long fork) {
      events.add("truncate " + length + " fork " + fork + " sees " + core.length());
    }
  }

  @Test
  void appendsAndTruncatesArriveInOrderWithTheNewStateVisible() throws Exception {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults())) {
      Recorder r = new Recorder(core);
      AutoCloseable handle = core.addListener(r);
      core.append(b("a"));
      core.append(b("b"), b("c"));
      core.append(List.of()); // nothing appended, nothing told
      core.truncate(1);
      core.append(b("x"));
      handle.close();
      core.append(b("y"));
      assertEquals(List.of(
          "append 0->1 sees 1",
          "append 1->3 sees 3",
          "truncate 1 fork 1 sees 1",
          "append 1->2 sees 2"), r.events);
    }
  }

  @Test
  void aThrowingListenerDoesNotUndoTheAppendOrSilenceOthers() {
    try (Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults())) {
      List<Throwable> reported = new ArrayList<>();
      Thread.UncaughtExceptionHandler before = Thread.currentThread().getUncaughtExceptionHandler();
      Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
      try {
        core.addListener(new CoreListener() {
          @Override
          public void onAppend(long previousLength, long length, boolean remote) {
            throw new IllegalStateException("listener bug");
          }
        });
        Recorder r = new Recorder(core);
        core.addListener(r);
        assertEquals(1, core.append(b("a")));
        assertEquals(List.of("append 0->1 sees 1"), r.events);
        assertEquals(1, reported.size());
        assertEquals("listener bug", reported.get(0).getMessage());
      } finally {
        Thread.currentThread().setUncaughtExceptionHandler(before);
      }
    }
  }

  @Test
  void aReplicaTellsOfVerifiedRemoteUpgrades() {
    try (Hypercore writer = Hypercore.inMemory(HypercoreOptions.defaults());
        Hypercore replica = Hypercore.inMemory(HypercoreOptions.builder().key(writer.key()).build())) {
      writer.append(b("a"), b("b"), b("c"));
      Recorder r = new Recorder(replica);
      replica.addListener(r);
      ProofRequest upgrade = ProofRequest.upgrade(0, 0, 3).withManifest(true);
      replica.applyProof(writer.proof(upgrade), upgrade);
      assertEquals(List.of("append 0->3 remote sees 3"), r.events);
    }
  }

  @Test
  void closedCoreRefusesListeners() {
    Hypercore core = Hypercore.inMemory(HypercoreOptions.defaults());
    core.close();
    assertThrows(HyperbeeException.class, () -> core.addListener(new CoreListener() {}));
  }
}
