package io.hyperbee.leveldb;

import io.hyperbee.log.Hypercore;
import java.util.HexFormat;

/**
 * What {@code DB.getProperty} answers for a Hyperbee database.
 *
 * <table>
 *   <caption>Property names</caption>
 *   <tr><th>name</th><th>value</th></tr>
 *   <tr><td>leveldb.stats</td><td>a short text: the log's length, byte length, fork and the tree
 *       version (Hyperbee has no levels and no compactions)</td></tr>
 *   <tr><td>leveldb.sstables</td><td>the one "table" there is: the Hypercore log, its block range
 *       and byte length</td></tr>
 *   <tr><td>leveldb.num-files-at-level&lt;0..6&gt;</td><td>"0": there are no sstables</td></tr>
 *   <tr><td>leveldb.approximate-memory-usage</td><td>an estimate of the bytes held by the
 *       decoded-block cache (cached blocks times the mean block size)</td></tr>
 *   <tr><td>hyperbee.version</td><td>the tree version this DB reads</td></tr>
 *   <tr><td>hyperbee.key, hyperbee.discovery-key</td><td>the core's keys, lower-case hex</td></tr>
 *   <tr><td>hyperbee.length, hyperbee.byte-length, hyperbee.fork</td><td>of the core</td></tr>
 *   <tr><td>hyperbee.tree-hash</td><td>the Merkle tree hash at this DB's version, hex</td></tr>
 * </table>
 *
 * Any other name gives null, as in LevelDB.
 */
final class DbProperties {
  private static final String LEVEL_PREFIX = "leveldb.num-files-at-level";
  private static final int LEVELS = 7;

  private DbProperties() {}

  static String get(String name, Hypercore core, long version, long cacheBlocks) {
    if (name.startsWith(LEVEL_PREFIX)) {
      return levelFiles(name.substring(LEVEL_PREFIX.length()));
    }
    HexFormat hex = HexFormat.of();
    long length = core.length();
    long byteLength = core.byteLength();
    return switch (name) {
      case "leveldb.stats" ->
          String.format(
              "Hyperbee on a Hypercore log: no levels, no compactions%n"
                  + "version     %d%nlength      %d blocks%nbyte-length %d%nfork        %d%n",
              version, length, byteLength, core.fork());
      case "leveldb.sstables" ->
          length == 0
              ? String.format("--- hypercore log ---%n no blocks (Hyperbee keeps no sstables)%n")
              : String.format(
                  "--- hypercore log ---%n blocks 0..%d, %d bytes (Hyperbee keeps no sstables)%n",
                  length - 1, byteLength);
      case "leveldb.approximate-memory-usage" ->
          Long.toString(length == 0 ? 0 : Math.min(cacheBlocks, length) * (byteLength / length));
      case "hyperbee.version" -> Long.toString(version);
      case "hyperbee.key" -> hex.formatHex(core.key());
      case "hyperbee.discovery-key" -> hex.formatHex(core.discoveryKey());
      case "hyperbee.length" -> Long.toString(length);
      case "hyperbee.byte-length" -> Long.toString(byteLength);
      case "hyperbee.fork" -> Long.toString(core.fork());
      case "hyperbee.tree-hash" -> hex.formatHex(core.treeHash(Math.min(version, length)));
      default -> null;
    };
  }

  private static String levelFiles(String level) {
    try {
      int n = Integer.parseInt(level);
      return n >= 0 && n < LEVELS ? "0" : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
