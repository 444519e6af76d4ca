package io.hyperbee.cli;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.btree.Header;
import io.hyperbee.btree.Hyperbee;
import io.hyperbee.btree.NodeBlock;
import io.hyperbee.encoding.JsJson;
import io.hyperbee.log.Hypercore;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code verify [DIR]}: checks every block against the Merkle tree and the signature (Hypercore's
 * own verify), then that every block decodes as a hyperbee block whose tree references point at
 * earlier blocks, or forward within the atomic batch the block was written in (a batch stores its
 * nodes with their end-of-batch contents, so JS writes such pointers: spec 3.9). Exits 4 naming
 * the first corruption.
 */
@Command(
    name = "verify",
    header = "Check every block, the Merkle tree and the signature.",
    description = {
      "Checks every block against the Merkle tree and the signature, and that every block decodes as a hyperbee block. Exits with 4 naming the first corruption found."
    },
    footer = ExitCodes.HELP)
final class VerifyCommand extends BeeCommand {
  @Mixin DirParameter dir;

  @Mixin OutputOptions output;

  /** The last block of the batch the block being checked belongs to, once a forward pointer asked. */
  private long batchEnd = -1;

  @Override
  public Integer call() {
    try (BeeDirectory db = BeeDirectory.open(dir.orDefault(), true)) {
      Hypercore core = db.core();
      long length = core.length();
      try (Progress progress = Progress.of(io(), "verifying Merkle tree and signature")) {
        progress.update(0, -1);
        core.verify();
      } catch (HyperbeeException e) {
        throw new CliException(ExitCodes.CORRUPT, "verification failed: " + e.getMessage(), e);
      }
      try (Progress progress = Progress.of(io(), "checking blocks")) {
        for (long seq = 0; seq < length; seq++) {
          checkBlock(db.bee(), seq, core.get(seq), length);
          progress.update(seq + 1, length);
        }
      }
      report(db, length);
    }
    return ExitCodes.OK;
  }

  private void report(BeeDirectory db, long length) {
    String treeHash = Encoding.hex(db.core().treeHash());
    if (output.json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("ok", true);
      o.put("length", length);
      o.put("treeHash", treeHash);
      o.put("wouldRepair", db.core().recoveryFindings());
      out().println(JsJson.stringify(o));
    } else if (length == 0) {
      out().println("ok: the core is empty, nothing to verify");
    } else {
      out().println("ok: " + length + " blocks match the Merkle tree and the signature,"
          + " and decode as hyperbee blocks");
      out().println("tree hash: " + treeHash);
    }
    if (!output.json) { // verify opens read-only: what a writable open would repair is only reported
      for (String finding : db.core().recoveryFindings()) {
        out().println("note: " + finding);
      }
    }
  }

  private void checkBlock(Hyperbee bee, long seq, byte[] block, long length) {
    try {
      if (seq == 0) {
        String protocol = Header.decode(block).protocol();
        if (!Header.PROTOCOL.equals(protocol)) {
          throw invalid(seq, "header protocol is '" + protocol + "', not 'hyperbee'");
        }
        return;
      }
      NodeBlock node = NodeBlock.decode(seq, block);
      for (int level = 0; level < node.levelCount(); level++) {
        for (long key : node.keys(level)) {
          checkReference(bee, seq, key, "key", length);
        }
        long[] children = node.children(level);
        for (int i = 0; i < children.length; i += 2) {
          checkReference(bee, seq, children[i], "child", length);
        }
      }
    } catch (HyperbeeException e) {
      if (e.code() != ErrorCode.DECODING_ERROR) {
        throw e;
      }
      throw invalid(seq, e.getMessage());
    }
  }

  private void checkReference(Hyperbee bee, long seq, long target, String what, long length) {
    if (target >= 1 && target <= seq) {
      return;
    }
    long end = target < 1 ? seq : lastBlockOfBatch(bee, seq, length);
    if (target < 1 || target > end) {
      throw invalid(seq, "its tree points to a " + what + " in block " + target + " (must be 1.."
          + end + (end > seq ? ", block " + end + " being the last of its batch" : "") + ")");
    }
  }

  /** The last block of the atomic append holding block {@code seq}: the next whole version - 1. */
  private long lastBlockOfBatch(Hyperbee bee, long seq, long length) {
    if (batchEnd < seq) {
      long v = seq + 1;
      while (v < length && !bee.isWholeVersion(v)) {
        v++;
      }
      batchEnd = v - 1;
    }
    return batchEnd;
  }

  private static CliException invalid(long seq, String why) {
    return new CliException(ExitCodes.CORRUPT,
        "verification failed: block " + seq + " is not a valid hyperbee block: " + why);
  }
}
