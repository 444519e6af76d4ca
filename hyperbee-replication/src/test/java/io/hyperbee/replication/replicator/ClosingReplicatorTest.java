package io.hyperbee.replication.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hyperbee.log.Hypercore;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing a replicator while its core goes on changing: an append that lands while the replicator
 * stops must not make the replicator's listener throw because its announcement thread is gone (the
 * append is stored; there is no peer left to tell). The core reports a listener's exception to the
 * appending thread's uncaught-exception handler, which the test records.
 */
class ClosingReplicatorTest extends ReplicationFixture {

  @Test
  void appendsRacingAReplicatorsCloseNeverFail() throws Exception {
    for (int round = 0; round < 200; round++) {
      Replicator replicator = writer(1);
      Hypercore core = replicator.core();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);
      Thread appender = new Thread(() -> {
        started.countDown();
        try {
          for (int i = 1; i <= 200; i++) {
            core.append(List.of(block(i)));
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      appender.setUncaughtExceptionHandler((t, e) -> failure.compareAndSet(null, e));
      appender.start();
      started.await();
      replicator.close();
      appender.join(20_000);
      if (failure.get() != null) {
        throw new AssertionError("round " + round + ": a listener failed on an append as the replicator closed", failure.get());
      }
      assertEquals(201, core.length());
    }
  }
}
