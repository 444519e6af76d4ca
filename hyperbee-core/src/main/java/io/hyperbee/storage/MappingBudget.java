package io.hyperbee.storage;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps how many mappings {@link StoreFile}s hold at once in this JVM. A dropped mapping is only
 * unmapped when the garbage collector finds its buffer unreachable, and the heap may not need a
 * collection for a long time while a process opens and closes many large cores; without a cap
 * those mappings could use up {@code vm.max_map_count} (65530 by default) and make unrelated
 * {@code mmap}s fail, such as thread stacks. Past the cap reads go positional until the GC has
 * released some. Counted with phantom references polled on each new mapping: no thread.
 */
final class MappingBudget {
  /** The most mappings held at once; a fraction of the default {@code vm.max_map_count}. */
  static volatile int limit = 16_384;

  private static final ReferenceQueue<ByteBuffer> RELEASED = new ReferenceQueue<>();
  private static final Set<Reference<ByteBuffer>> LIVE = ConcurrentHashMap.newKeySet();

  private MappingBudget() {}

  /** Whether {@code n} more mappings fit now. */
  static boolean allows(int n) {
    for (Reference<? extends ByteBuffer> r; (r = RELEASED.poll()) != null; ) {
      LIVE.remove(r);
    }
    return LIVE.size() + n <= limit;
  }

  /** Counts {@code mapping} until it is unreachable. */
  static void track(ByteBuffer mapping) {
    LIVE.add(new PhantomReference<>(mapping, RELEASED));
  }
}
