package io.hyperbee.leveldb;

import io.hyperbee.log.Hypercore;
import io.hyperbee.storage.StorageStats;
import java.util.HexFormat;

/**
 * What {@code DB.getProperty} answers for a Hyperbee database.
 *
 * <table>
 *   <caption>Property names</caption>
 *   <tr><th>name</th><th>value</th></tr>
 *   <tr><td>leveldb.stats</td><td>LevelDB's compaction table: its header exactly as LevelDB prints
 *       it and no level rows, since LevelDB prints a row only for a level with files or compaction
 *       time and Hyperbee has neither (what a new LevelDB prints; nothing after it, so that parsers
 *       of the table read no stray lines; the log's figures are the hyperbee.* names)</td></tr>
 *   <tr><td>leveldb.sstables</td><td>the one "table" there is: the Hypercore log, its block range
 *       and byte length</td></tr>
 *   <tr><td>leveldb.num-files-at-level&lt;0..6&gt;</td><td>"0": there are no sstables</td></tr>
 *   <tr><td>leveldb.approximate-memory-usage</td><td>an estimate of the bytes held by the
 *       decoded-block cache (cached blocks times the mean block size)</td></tr>
 *   <tr><td>hyperbee.version</td><td>the tree version this DB reads</td></tr>
 *   <tr><td>hyperbee.key, hyperbee.discovery-key</td><td>the core's keys, lower-case hex</td></tr>
 *   <tr><td>hyperbee.length, hyperbee.byte-length, hyperbee.fork</td><td>of the core</td></tr>
 *   <tr><td>hyperbee.tree-hash</td><td>the Merkle tree hash at this DB's version, hex</td></tr>
 *   <tr><td>hyperbee.live-bytes</td><td>bytes of the blocks stored (not cleared)</td></tr>
 *   <tr><td>hyperbee.reclaimable-bytes</td><td>bytes on disk that cleared or moved blocks left
 *       behind, which {@code compactRange} gives back</td></tr>
 *   <tr><td>hyperbee.bytes-on-disk</td><td>bytes of every file of the log (blocks, index, Merkle
 *       tree, head)</td></tr>
 *   <tr><td>hyperbee.cleared-blocks</td><td>blocks dropped by {@code compactRange}</td></tr>
 *   <tr><td>hyperbee.stats</td><td>the four above, one "name: value" line each</td></tr>
 * </table>
 *
 * Any other name gives null, as in LevelDB.
 */
final class DbProperties {
  private static final String LEVEL_PREFIX = "leveldb.num-files-at-level";
  private static final int LEVELS = 7;

  /** LevelDB's (DBImpl::GetProperty) table header, byte for byte; tools grep for it. */
  static final String STATS_HEADER =
      "                               Compactions\n"
          + "Level  Files Size(MB) Time(sec) Read(MB) Write(MB)\n"
          + "--------------------------------------------------\n";

  private DbProperties() {}

  static String get(String name, Hypercore core, long version, long cacheBlocks) {
    if (name.startsWith(LEVEL_PREFIX)) {
      return levelFiles(name.substring(LEVEL_PREFIX.length()));
    }
    HexFormat hex = HexFormat.of();
    long length = core.length();
    long byteLength = core.byteLength();
    return switch (name) {
      case "leveldb.stats" -> STATS_HEADER;
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
      case "hyperbee.live-bytes" -> Long.toString(core.storageStats().liveBytes());
      case "hyperbee.reclaimable-bytes" -> Long.toString(core.storageStats().reclaimableBytes());
      case "hyperbee.bytes-on-disk" -> Long.toString(core.storageStats().bytesOnDisk());
      case "hyperbee.cleared-blocks" -> Long.toString(core.storageStats().clearedBlocks());
      case "hyperbee.stats" -> stats(core.storageStats());
      default -> null;
    };
  }

  /** One snapshot of the storage figures, so that the lines agree with each other. */
  private static String stats(StorageStats s) {
    return "live-bytes: " + s.liveBytes() + "\n"
        + "reclaimable-bytes: " + s.reclaimableBytes() + "\n"
        + "bytes-on-disk: " + s.bytesOnDisk() + "\n"
        + "cleared-blocks: " + s.clearedBlocks() + "\n";
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
