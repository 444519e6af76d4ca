package io.hyperbee.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.merkle.Proof;
import io.hyperbee.merkle.ProofRequest;
import io.hyperbee.storage.FileCoreStorage;
import io.hyperbee.storage.PowerLossFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sparse replica on disk fetching blocks (one proof a commit, or many in one commit as the
 * replicator stores them), growing with the writer and syncing now and then, under simulated power
 * losses ({@link PowerLossFiles}: the cut comes at any write, force or truncation; each unforced
 * write is then kept, dropped or torn at any byte, in any order). Fills are written without
 * journal and, with sync off, without force, so they may be lost; after every power loss the
 * replica must open, verify, read every block either right or as missing (and serve a proof for
 * every block it holds), hold every block it held at its last durable point, and fetch what it
 * lost again. Half the rounds open the storage with sync on.
 */
class SparseFillPowerLossTest {
  private static final long SEED = Long.getLong("powerloss.seed", 0x5BA2_5E11L);
  private static final int ROUNDS = Integer.getInteger("powerloss.rounds", 200);

  @TempDir Path tmp;

  private final Random random = new Random(SEED);
  private final PowerLossFiles files = new PowerLossFiles();
  private final List<byte[]> content = new ArrayList<>();
  private Hypercore writer;
  private Hypercore replica;
  private FileCoreStorage storage;
  private boolean sync;
  /** The blocks and length the replica holds at its last durable point. */
  private TreeSet<Long> durableBlocks = new TreeSet<>();
  private long durableLength;
  /** The blocks fetched since the replica was opened (acknowledged, maybe not durable). */
  private final TreeSet<Long> fetched = new TreeSet<>();

  @Test
  void fillsSurvivePowerLossWholeOrNotAtAll() throws Exception {
    writer = Hypercore.inMemory(HypercoreOptions.builder().keyPair(KeyPair.fromSeed(new byte[32])).build());
    appendToWriter(40);
    Path dir = tmp.resolve("replica");
    long fills = 0;
    long lostAndFetchedAgain = 0;
    long tornFound = 0;
    long durableChecked = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String context = "round " + round + " (seed " + SEED + ")";
      sync = random.nextBoolean();
      try {
        storage = FileCoreStorage.open(dir, true, false, sync, files);
        replica = Hypercore.open(storage, HypercoreOptions.builder().key(writer.key())
            .blockSource(writer::proof).build());
      } catch (RuntimeException e) {
        throw new AssertionError(context + ": the replica does not open after a power loss: " + e, e);
      }
      for (String finding : replica.recoveryFindings()) {
        tornFound += finding.startsWith("dropped ") ? 1 : 0;
      }
      TreeSet<Long> held = check(context);
      durableChecked += durableBlocks.size();
      TreeSet<Long> lost = new TreeSet<>(fetched);
      lost.removeAll(held);
      for (long i : lost) {
        assertArrayEquals(content.get((int) i), replica.get(i), context + ": block " + i + " fetched again");
        assertArrayEquals(content.get((int) i), storage.readBlock(i), context + ": block " + i + " stored again");
        lostAndFetchedAgain++;
      }
      // what the open recovered is durable (a writable open leaves a checkpoint)
      replica.sync();
      durableBlocks = held(replica.length());
      durableLength = replica.length();
      fetched.clear();
      fetched.addAll(durableBlocks);

      files.failAfter(1 + random.nextInt(60));
      while (!files.dead()) {
        try {
          fills += step();
        } catch (RuntimeException e) {
          if (!files.dead()) {
            throw e;
          }
        }
      }
      try {
        replica.close();
      } catch (RuntimeException e) {
        // the power is off: closing cannot sync
      }
      files.powerLoss(random);
    }
    writer.close();
    System.out.printf("sparse fill power loss: %d rounds, %d fill commits, %d durable blocks checked, %d torn or"
            + " lost fills dropped by recovery, %d lost blocks fetched again; pending file operations kept %d,"
            + " dropped %d, torn %d%n", ROUNDS, fills, durableChecked, tornFound, lostAndFetchedAgain,
        files.pendingOpsKept, files.pendingOpsDropped, files.pendingOpsTorn);
    assertTrue(tornFound > 0, "no recovery ever dropped a torn fill: the power losses tested nothing");
    assertTrue(lostAndFetchedAgain > 0, "no fill was ever lost");
    assertTrue(durableChecked > 1000, "too few durable blocks checked: " + durableChecked);
  }

  /**
   * Checks the reopened replica: it verifies, its length is at least the durable one, every
   * block reads right or as missing (storage and its map agree), every held block can be served,
   * and every durable block is held. Returns the blocks held.
   */
  private TreeSet<Long> check(String context) {
    try {
      replica.verify();
    } catch (RuntimeException e) {
      throw new AssertionError(context + ": the replica does not verify after a power loss: " + e, e);
    }
    long length = replica.length();
    assertTrue(length >= durableLength, context + ": length " + length + " below the durable " + durableLength);
    TreeSet<Long> held = held(length);
    for (long i : held) {
      assertArrayEquals(content.get((int) i), storage.readBlock(i), context + ": block " + i);
      assertNotNull(replica.proof(ProofRequest.block(replica.fork(), i, 0)), context + ": proof of block " + i);
    }
    for (long i = 0; i < length; i++) {
      assertEquals(held.contains(i), storage.hasAll(i, i + 1), context + ": the block map for block " + i);
    }
    TreeSet<Long> missing = new TreeSet<>(durableBlocks);
    missing.removeAll(held);
    assertTrue(missing.isEmpty(), context + ": durable blocks lost: " + missing);
    return held;
  }

  /** The blocks the replica's storage holds below {@code length} (a torn entry must read as missing). */
  private TreeSet<Long> held(long length) {
    TreeSet<Long> held = new TreeSet<>();
    for (long i = 0; i < length; i++) {
      if (storage.readBlock(i) != null) {
        held.add(i);
      }
    }
    return held;
  }

  /** One random step; returns the number of fill commits it made. */
  private int step() {
    int op = random.nextInt(20);
    long length = replica.length();
    if (op == 0 || length == 0 || fetched.size() == length) {
      if (writer.length() < 400 || writer.length() == length) {
        appendToWriter(1 + random.nextInt(30));
      }
      ProofRequest req = ProofRequest.upgrade(replica.fork(), length, writer.length() - length).withManifest(true);
      if (writer.length() > length) {
        replica.applyProof(writer.proof(req), req);
        acknowledged();
      }
      return 0;
    }
    if (op == 1) {
      replica.sync();
      durableBlocks = new TreeSet<>(fetched);
      durableLength = replica.length();
      return 0;
    }
    List<Long> missing = new ArrayList<>();
    for (long i = 0; i < length; i++) {
      if (!fetched.contains(i)) {
        missing.add(i);
      }
    }
    if (missing.isEmpty()) {
      return 0;
    }
    if (op < 12) {
      long i = missing.get(random.nextInt(missing.size()));
      assertArrayEquals(content.get((int) i), replica.get(i));
      fetched.add(i);
      acknowledged();
      return 1;
    }
    // several proofs stored in one commit, as the replicator stores a round of answers
    List<Proof> proofs = new ArrayList<>();
    List<ProofRequest> requests = new ArrayList<>();
    List<Long> asked = new ArrayList<>();
    for (int k = 1 + random.nextInt(8); k > 0 && !missing.isEmpty(); k--) {
      long i = missing.remove(random.nextInt(missing.size()));
      ProofRequest req = replica.missingBlockRequest(i);
      proofs.add(writer.proof(req));
      requests.add(req);
      asked.add(i);
    }
    List<RuntimeException> outcomes = replica.applyProofs(proofs, requests);
    for (int k = 0; k < asked.size(); k++) {
      if (outcomes.get(k) != null) {
        throw outcomes.get(k);
      }
    }
    fetched.addAll(asked);
    acknowledged();
    return 1;
  }

  /** With sync on, a commit that returned is durable. */
  private void acknowledged() {
    if (sync) {
      durableBlocks = new TreeSet<>(fetched);
      durableLength = replica.length();
    }
  }

  private void appendToWriter(int n) {
    List<byte[]> add = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      byte[] b = new byte[1 + random.nextInt(300)];
      random.nextBytes(b);
      add.add(b);
    }
    writer.append(add);
    content.addAll(add);
  }
}
