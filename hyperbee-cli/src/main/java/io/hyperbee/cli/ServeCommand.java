package io.hyperbee.cli;

import io.hyperbee.crypto.KeyPair;
import io.hyperbee.replication.host.Host;
import io.hyperbee.replication.net.Connection;
import io.hyperbee.replication.replicator.ReplicatorOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code serve DIR... [--port P]}: hosts bees for replicas until stopped. */
@Command(
    name = "serve",
    header = "Host bees (writable or replicas) for peers to clone and follow, until stopped.",
    description = {
      "Listens on HOST:PORT (default 127.0.0.1, port 0 = any free port), prints the address and the key of each bee it serves, then one line per peer that connects or disconnects, with the peer's public key. A replica is served with what it holds. Stops on Ctrl-C (SIGINT) or SIGTERM, closing the bees cleanly.",
      "While served, a bee is locked: a put to it from another process waits, then exits with 5. Write to a served bee from the process that serves it (the library's io.hyperbee.replication.host.Host), or stop serve to write."
    },
    customSynopsis = "hyperbee serve [OPTIONS] DIR...",
    footer = ExitCodes.HELP)
final class ServeCommand extends BeeCommand {
  private static final long POLL_MILLIS = 1000;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "The bees to serve.")
  List<Path> dirs;

  @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "The TCP port (default 0: any free port, printed).")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "The address to listen on (default 127.0.0.1: this machine only).")
  String host;

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw CliException.usage("--port must be 0..65535, got " + port);
    }
    InetSocketAddress address = PeerAddress.parse(host + ":" + port);
    List<BeeDirectory> bees = new ArrayList<>();
    try (StopSignal stop = StopSignal.install()) {
      try {
        for (Path dir : dirs) {
          bees.add(BeeDirectory.open(dir, false));
        }
        serve(address, bees, stop);
      } finally {
        closeAll(bees);
        out().println("stopped");
        out().flush();
      }
    }
    return ExitCodes.OK;
  }

  private void serve(InetSocketAddress address, List<BeeDirectory> bees, StopSignal stop) {
    PrintWriter out = out();
    try (Host server = Host.listen(address, KeyPair.random(), ReplicatorOptions.defaults(), observer(out))) {
      for (BeeDirectory db : bees) {
        try {
          db.extendWith(server.serve(db.core())); // answers readers' cache-warmup queries
        } catch (IllegalArgumentException sameCore) {
          throw CliException.usage(db.dir() + " holds the same core as another DIR given");
        }
      }
      synchronized (out) {
        out.println("listening on " + PeerAddress.format(server.address()));
        for (BeeDirectory db : bees) {
          out.println("serving " + Encoding.hex(db.core().key()) + " " + db.dir() + " ("
              + (db.isReplica() ? "replica, " + ReplicaCommand.holdings(db) : "writable, length " + db.core().length())
              + ")");
        }
        out.flush();
      }
      while (!stop.await(POLL_MILLIS)) {
        // serving happens on the connections' threads
      }
    } catch (IOException e) {
      throw CliException.failed("cannot listen on " + PeerAddress.format(address) + ": " + e.getMessage());
    }
  }

  private static Host.Observer observer(PrintWriter out) {
    return new Host.Observer() {
      @Override
      public void connected(Connection c) {
        Io.printLine(out, "connected " + Encoding.hex(c.remotePublicKey()));
      }

      @Override
      public void disconnected(Connection c, IOException reason) {
        Io.printLine(out, "disconnected " + Encoding.hex(c.remotePublicKey())
            + (reason == null ? "" : " (" + reason.getMessage() + ")"));
      }
    };
  }

  /** Closes every bee (each syncs its store), even when one fails; the first failure is thrown. */
  private static void closeAll(List<BeeDirectory> bees) {
    RuntimeException failure = null;
    for (BeeDirectory db : bees) {
      try {
        db.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
