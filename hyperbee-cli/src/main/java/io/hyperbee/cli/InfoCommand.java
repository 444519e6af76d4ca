package io.hyperbee.cli;

import io.hyperbee.encoding.JsJson;
import io.hyperbee.HyperbeeException;
import io.hyperbee.crypto.Verifier;
import io.hyperbee.log.Hypercore;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code info [DIR]}: the core's identity and head, and whether its signature verifies. */
@Command(
    name = "info",
    header = "Print the keys, length, version, tree hash and signature.",
    description = {
      "Prints the key, discovery key, length, version, byte length, fork, tree hash, signature, and whether the signature verifies; for a replica, how many blocks it holds. With --json one object with the fields key, discoveryKey, length, version, byteLength, fork, treeHash, signature (hex) and verified."
    },
    footer = ExitCodes.HELP)
final class InfoCommand extends BeeCommand {
  @Mixin DirParameter dir;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    try (BeeDirectory db = BeeDirectory.open(dir.orDefault(), true)) {
      Hypercore core = db.core();
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("key", Encoding.hex(core.key()));
      info.put("discoveryKey", Encoding.hex(core.discoveryKey()));
      info.put("length", core.length());
      info.put("version", db.bee().version());
      info.put("byteLength", core.byteLength());
      info.put("fork", core.fork());
      info.put("treeHash", Encoding.hex(core.treeHash()));
      byte[] signature = core.length() == 0 ? null : core.signature();
      info.put("signature", signature == null ? null : Encoding.hex(signature));
      info.put("verified", signature != null && signatureVerifies(core));
      if (output.json) {
        out().println(JsJson.stringify(info));
      } else {
        printPlain(db, info);
      }
    }
    return ExitCodes.OK;
  }

  /** Whether the stored signature signs (tree hash, length, fork) under the core's manifest. */
  private static boolean signatureVerifies(Hypercore core) {
    try {
      return Verifier.forKey(core.key(), core.manifest())
          .verify(core.treeHash(), core.length(), core.fork(), core.signature());
    } catch (HyperbeeException | IllegalArgumentException e) {
      return false;
    }
  }

  private void printPlain(BeeDirectory db, Map<String, Object> info) {
    out().println("directory:     " + db.dir());
    out().println("key:           " + info.get("key"));
    out().println("discovery key: " + info.get("discoveryKey"));
    // the store's secret key, not this look: info opens read-only, so the core itself is never writable here
    out().println("writable:      " + (db.core().keyPair() != null ? "yes"
        : "no: a replica, " + ReplicaCommand.holdings(db)));
    out().println("length:        " + info.get("length") + " blocks");
    out().println("version:       " + info.get("version"));
    out().println("byte length:   " + info.get("byteLength"));
    io.hyperbee.storage.StorageStats stats = db.core().storageStats();
    out().println("bytes live:    " + stats.liveBytes() + " (" + stats.clearedBlocks() + " blocks cleared, "
        + stats.reclaimableBytes() + " bytes reclaimable by compact)");
    out().println("bytes on disk: " + stats.bytesOnDisk());
    out().println("fork:          " + info.get("fork"));
    out().println("tree hash:     " + info.get("treeHash"));
    Object signature = info.get("signature");
    out().println("signature:     " + (signature == null ? "(none: the core is empty)" : signature));
    out().println("verified:      " + (Boolean.TRUE.equals(info.get("verified")) ? "yes" : "NO"));
  }
}
