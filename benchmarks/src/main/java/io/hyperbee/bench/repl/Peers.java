package io.hyperbee.bench.repl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bench's peer processes, started when first needed: one writer and one reader process per
 * implementation ({@code java}, {@code js}), so every measured link joins two processes, each with
 * its own threads or event loop, as two real peers. Owns them; {@link #close} ends each by PID.
 */
final class Peers implements AutoCloseable {
  private final BenchOptions options;
  private final Path base;
  private final Map<String, PeerProcess> started = new LinkedHashMap<>();

  Peers(BenchOptions options, Path base) {
    this.options = options;
    this.base = base;
  }

  PeerProcess writer(String impl) throws IOException {
    return get(impl, "writer");
  }

  PeerProcess reader(String impl) throws IOException {
    return get(impl, "reader");
  }

  private PeerProcess get(String impl, String role) throws IOException {
    String name = impl + "-" + role;
    PeerProcess p = started.get(name);
    if (p == null) {
      p = switch (impl) {
        case "java" -> PeerProcess.java(name, base, options.peerJvmArgs());
        case "js" -> PeerProcess.node(name, base, options.interop());
        default -> throw new IllegalArgumentException("unknown implementation " + impl);
      };
      started.put(name, p);
    }
    return p;
  }

  @Override
  public void close() throws InterruptedException {
    for (PeerProcess p : started.values()) {
      p.close();
    }
    started.clear();
  }
}
