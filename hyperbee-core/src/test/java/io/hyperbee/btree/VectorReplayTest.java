package io.hyperbee.btree;

import static io.hyperbee.btree.TestUtil.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.interop.HistoryOpts;
import io.hyperbee.interop.Op;
import io.hyperbee.interop.Scenario;
import io.hyperbee.interop.Step;
import io.hyperbee.interop.VectorFile;
import io.hyperbee.interop.Vectors;
import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every interop vector (scenarios recorded from JS hyperbee 2.27.3) and requires
 * byte-identical blocks, tree hashes and signatures, and equal read/range/diff/history results at
 * every recorded step. The bee runs on a real in-memory {@link Hypercore} with the vector's key.
 */
class VectorReplayTest {

  @TestFactory
  Stream<DynamicTest> everyVector() {
    List<String> names = Vectors.names();
    assertEquals(false, names.isEmpty(), "no interop vectors found");
    return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> replay(Vectors.load(name))));
  }

  static Hyperbee target(Hyperbee db, Op op) {
    Hyperbee t = db;
    for (byte[] p : op.subPrefixes()) {
      t = t.sub(p);
    }
    return t;
  }

  private static void replay(VectorFile vector) {
    KeyPair keyPair = KeyPair.fromSeed(vector.scenario().seed());
    try (Hypercore core = Hypercore.inMemory(
        HypercoreOptions.builder().keyPair(keyPair).sync(false).build())) {
      assertEquals(hex(vector.key()), hex(core.key()), "core key");
      replay(vector, core);
    }
  }

  private static void replay(VectorFile vector, Hypercore log) {
    Scenario scenario = vector.scenario();
    BeeOptions.Builder options = BeeOptions.builder();
    if (scenario.metadata() != null) {
      options.metadata(new Metadata(
          scenario.metadata().contentFeed(), scenario.metadata().userData()));
    }
    Hyperbee db = Hyperbee.open(log, options.build());
    List<Op> ops = scenario.ops();
    java.util.Set<Long> whole = new java.util.HashSet<>(List.of(0L, 1L));
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      Step step = vector.stepOf(i);
      String at = scenario.name() + " op " + i + " (" + op.type() + ")";
      long before = log.length();
      Object result = run(db, op);
      whole.add(log.length());
      if (step == null) {
        continue;
      }
      assertEquals(step.length(), log.length(), at + ": length");
      assertEquals(step.version(), db.version(), at + ": version");
      assertEquals(hexOrNull(step.treeHash()), hexOrNull(log.treeHash()), at + ": tree hash");
      assertEquals(hexOrNull(step.signature()), hexOrNull(log.signature()), at + ": signature");
      if (step.appended() != null) {
        assertEquals(step.appended(), log.length() > before, at + ": appended");
      }
      switch (op.type()) {
        case GET -> assertEquals(step.entry(), result, at);
        case RANGE -> assertEquals(step.entries(), result, at);
        case DIFF -> assertEquals(step.diffs(), result, at);
        case HISTORY -> assertEquals(step.history(), result, at);
        default -> { }
      }
    }
    BatchBoundsTest.assertVerdicts(db, whole, scenario.name());
    List<byte[]> blocks = vector.blocks();
    // the JS-written blocks on a log with no record of its appends: block rules and replay (each
    // version costs a walk of its whole tree: the large vectors are sampled, some 300 versions)
    Hyperbee foreign = Hyperbee.open(MemoryLog.readOnlyOf(blocks));
    long step = Math.max(1, blocks.size() / 300);
    BatchBoundsTest.assertVerdicts(foreign, whole, scenario.name() + " (no record)", step);
    BatchBoundsTest.assertReplayAloneIsExact(foreign, whole, scenario.name() + " (no record)", step);
    assertEquals(blocks.size(), log.length(), scenario.name() + ": block count");
    for (int i = 0; i < blocks.size(); i++) {
      assertEquals(hex(blocks.get(i)), hex(log.get(i)), scenario.name() + ": block " + i);
    }
  }

  private static Object run(Hyperbee db, Op op) {
    Hyperbee t = target(db, op);
    switch (op.type()) {
      case PUT -> t.put(op.key(), op.value(), op.cas() == null ? null : op.cas().asCas());
      case DEL -> t.del(op.key(), op.cas() == null ? null : op.cas().asCas());
      case BATCH -> {
        Batch batch = t.batch();
        for (Op o : op.ops()) {
          Batch b = batch;
          if (!o.sub().isEmpty() && !o.sub().equals(op.sub())) {
            throw new IllegalStateException("batch op with its own sub is not supported");
          }
          if (o.type() == Op.Type.PUT) {
            b.put(o.key(), o.value(), o.cas() == null ? null : o.cas().asCas());
          } else {
            b.del(o.key(), o.cas() == null ? null : o.cas().asCas());
          }
        }
        batch.flush();
      }
      case GET -> {
        return t.get(op.key());
      }
      case RANGE -> {
        return TestUtil.collect(t.range(op.range().toKeyRange()));
      }
      case DIFF -> {
        Hyperbee left = op.version() == null ? t : t.checkout(op.version());
        return TestUtil.collect(left.diff(op.other(), op.range().toKeyRange()));
      }
      case HISTORY -> {
        return TestUtil.collect(t.history(historyRange(op.history())));
      }
      default -> throw new IllegalStateException("unknown op " + op.type());
    }
    return null;
  }

  private static String hexOrNull(byte[] b) {
    return b == null || b.length == 0 ? null : hex(b); // an empty core has no signature
  }

  static HistoryRange historyRange(HistoryOpts o) {
    HistoryRange h = HistoryRange.all();
    if (o.gt() != null) {
      h = h.gt(o.gt());
    }
    if (o.gte() != null) {
      h = h.gte(o.gte());
    }
    if (o.lt() != null) {
      h = h.lt(o.lt());
    }
    if (o.lte() != null) {
      h = h.lte(o.lte());
    }
    return h.reverse(o.reverse()).limit(o.limit());
  }

}
