/**
 * Hyperbee: an append-only B-tree stored in a {@link io.hyperbee.log.BlockLog}, byte-identical
 * to the npm package hyperbee 2.27.3 (spec: shared/spec/hyperbee.md).
 *
 * <p>Owns: the block messages (header, node, index), the tree algorithms (put/del with splits,
 * borrows and merges, batches with JS's compaction and dirty-flag quirks), point, range, diff and
 * history reads, checkouts, snapshots and subs. Public entry point: {@link
 * io.hyperbee.btree.Hyperbee}.
 *
 * <p>Two node models, on purpose. Reads walk immutable stored nodes, decoded from their blocks
 * once and kept in a bounded, lock-free {@code NodeCache} shared by a bee and its views: a
 * {@code CachedNode} (one array holding the node's key bytes, key seqs and child pointers) when
 * its keys were at hand, else a {@code LazyNode} that resolves a key when a search compares it,
 * as JS does; a read pins a version (the core length when it starts) and never takes a lock.
 * Writes mirror JS literally: mutable {@code TreeNode}/{@code Key}/{@code Child} objects built
 * inside one write or {@link io.hyperbee.btree.Batch}, because the exact bytes JS writes depend
 * on shared mutable child pointers and dirty flags (spec 3.9, 3.10). The two meet in the node
 * cache: a write inflates a stored node from its cached form (key bytes already resolved) and
 * reads the block only when it needs more, and after a successful append it caches the nodes it
 * wrote; a write also drops the stored nodes it rewrote ({@code StaleNodes}), whose stale copies
 * would otherwise crowd the live tree out of the cache. Decoded blocks have a cache of their own ({@code BlockCache}), which admits a block read
 * from the log on its second read.
 *
 * <p>Range scans that stream through nearby seqs (keys written in order) read runs of raw blocks
 * into a window of their own ({@code RangeIterator}, {@code RawNodeBlock}, uncached
 * {@code LazyNode}s): entries are copied straight out of it and nodes decoded from it, and
 * nothing they read enters the shared caches, so a long scan does not evict the point-lookup
 * working set. Scans over scattered seqs (keys written in random order) read past the caches
 * too, after their first entry: on entering a leaf they read the blocks they need next (that
 * leaf's and its next siblings' entries, the siblings' nodes) in batches whose memory loads
 * overlap ({@code ScatteredReadAhead}, at most a parent's leaves and their keys held), and a
 * block a batch lacks is read alone when the scan reaches it. Either way every block comes
 * through the core's checked reads (CRC32C; with verifyReads, its Merkle leaf), and a damaged
 * block fails the scan only when it gets there.
 *
 * <p>Key order: unsigned bytes (JS's), or a custom {@code Comparator} ({@link
 * io.hyperbee.btree.BeeOptions#keyOrder}) that every search, write descent, range bound and diff
 * follows ({@code KeyOrder}; the default is compared inline, never through the comparator, so it
 * costs its hot paths nothing). Keys the order calls equal are one key. Subs need byte order and
 * are refused under a custom one; the order is not recorded in the core (callers record it).
 *
 * <p>Change notification: the bee listens to its core ({@code ChangeSignal}, one {@link
 * io.hyperbee.log.CoreListener} per bee) and live history and {@link io.hyperbee.btree.Watcher}s
 * ({@code watch}, {@code getAndWatch}) wait on it, woken by local and verified remote appends and
 * by truncations; nothing polls. A checkout made before a truncation refuses reads past the cut.
 *
 * <p>Replicas: a {@link io.hyperbee.btree.Warmup} set on a bee is told when a get or range read
 * is about to wait for a block the core does not hold (JS's {@code onwait}; {@code ReadWaits}
 * carries the read's hook on its thread), with the query a peer needs to push the blocks ahead;
 * {@link io.hyperbee.btree.SeqTrace} answers such queries: the seqs JS's walk touches, in JS's
 * order. The cache-warmup extension in hyperbee-replication joins the two to the wire. Every
 * node decoded asks the core to prefetch its unresolved keys' and its children's blocks at once
 * (JS's {@code TreeNode.preload}, {@code BlockLog.prefetch}; a core holding its blocks asks
 * nothing), so a cold read on a replica waits about one round trip per level, not per compare;
 * a range scan's nodes decoded from its own read-ahead do the same ({@code BlockReader.preload}).
 *
 * <p>History: kept whole unless dropped. {@code clearUnlinked} clears what JS's does; {@link
 * io.hyperbee.btree.Hyperbee#clearHistory} clears what no version a {@link
 * io.hyperbee.btree.Retention} keeps reads ({@code RetainedBlocks}: the union of the kept trees'
 * node and key blocks, plus the tail of the last versions), so kept versions read exactly and the
 * others fail with BLOCK_NOT_AVAILABLE where they need a cleared block.
 *
 * <p>Thread rules: a {@link io.hyperbee.btree.Hyperbee} and its views may be used from many
 * threads. Writes are serialised by one write lock per core-bee (a batch holds it from its first
 * write to flush/close). Iterators are single-threaded.
 *
 * <p>Writer queue (issue 18, {@code WriteQueue}, as LevelDB's): one-shot puts and dels that
 * arrive while a write is in progress wait in line, and the first in line writes them all as one
 * append ({@code PutGroup}): each still its own block with its own full tree index, encoded on the
 * tree the one before it left - byte for byte what the same writes one after the other in queue
 * order give - and the core records every version inside the append as whole, in the same commit
 * ({@link io.hyperbee.log.Hypercore#appendOwned(java.util.List, long[])}), so each put's version
 * can be checked out. One storage commit and one deferred signature for the group; each caller
 * returns once that commit is done (as durable as an ungrouped write). A write that fails alone
 * (a cas that throws, a block that does not read) fails alone; a failed append fails the whole
 * group and stores none of it. Blocks of a group reach the shared caches only after its append.
 * Only a {@link io.hyperbee.log.Hypercore} groups (other logs keep no record of inner versions).
 * Pipelined: while writes keep arriving, the leader encodes the next group on top of the previous
 * group's blocks while one of that group's writers appends it (hash, commit) on its own thread;
 * appends stay in order, and a failed append also fails the groups encoded on top of it. The
 * queue holds the write lock from the first group's encoding to the last group's append. A write
 * that finds nobody leading, waiting or in flight skips the queue's bookkeeping and appends at
 * once, as a group of one would.
 * A one-shot write keeps the nodes it wrote, mutable, for the next one ({@code WrittenPath}),
 * which starts from them instead of re-inflating its root path from the node cache; the path is
 * used only while the core is at the length and fork it was written for, and a write that ends
 * without appending leaves none. Its nodes enter the node cache only when a later write leaves
 * them unchanged (most are rewritten by the next put, so caching each at once was wasted work).
 * A batch's flush ({@code TreeWriter.drain}) compacts its blocks (spec 3.9) and reads each kept
 * node once into a {@code FlatNode}, from which both its index level and its node-cache array are
 * written; the nodes enter the node cache after the append, under the addresses the drain noted
 * (by then they are cold, and reading them again would cost a memory miss each).
 *
 * <p>Error policy: bad arguments raise {@link NullPointerException} / {@link
 * IllegalArgumentException} naming the argument, before anything is written; state errors and
 * bad data raise {@link io.hyperbee.HyperbeeException} with READ_ONLY, CLOSED,
 * INVALID_OPERATION, DECODING_ERROR or SNAPSHOT_NOT_AVAILABLE; errors of the core pass through. A
 * checkout or diff of a version strictly inside an atomic batch (no whole tree exists there) is
 * refused with VERSION_INSIDE_BATCH naming the batch's bounds. {@code BatchBounds} tells such
 * versions exactly, on checkouts only, never on plain reads: from the core's record of where its
 * appends ended ({@link io.hyperbee.storage.WholeLengths}) where it has one, else from block
 * rules confirmed by replaying the blocks' operations ({@code ReplayCheck}).
 *
 * <p>Deliberate deviations from JS: {@code get} never returns a deleted key's old entry (JS can,
 * see {@code Lookup}); a thread that would deadlock on the write lock gets INVALID_OPERATION; keys
 * above 1 MiB and values above 14 MiB are refused.
 */
package io.hyperbee.btree;
