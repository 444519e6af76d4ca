/**
 * Persistent state of a core behind {@link io.hyperbee.storage.CoreStorage}: identity, signed head,
 * blocks and Merkle nodes. {@link io.hyperbee.storage.FileCoreStorage} keeps one core per
 * directory with checksummed records, a two-slot head and crash recovery; the in-memory variant
 * serves tests. {@link io.hyperbee.storage.DirectoryLock} keeps one writer per directory (in this
 * process and across processes); {@link io.hyperbee.storage.FileOpener} is the seam through which
 * every file channel of a store is opened (tests put a power-loss simulator behind it);
 * {@link io.hyperbee.storage.FileCoreStorage#openReadOnly} opens a store without changing a byte.
 * Block data lives in segment files ({@code DataSegments}) so that {@link
 * io.hyperbee.storage.CoreStorage#clear} (drop blocks, keep the tree) followed by {@link
 * io.hyperbee.storage.CoreStorage#reclaim} gives the space back to the file system; {@link
 * io.hyperbee.storage.CoreStorage#clearRuns} clears many ranges in the same commits.
 * A replica's fills (fetched blocks and nodes stored into holes below the length) need no journal
 * and, unsynced, no force: recovery turns the ones a power loss tore back into holes (only then
 * may a bad block entry or tree record be taken for a torn fill; anywhere else it is damage).
 * Every storage also keeps {@link io.hyperbee.storage.WholeLengths}, the lengths where appends
 * ended, committed with the appends themselves: local metadata, never part of blocks or tree.
 *
 * <p>Threads: one writer, any number of lock-free readers. The files appends write (data, index,
 * tree, head, whole lengths) are written through read-write memory mappings, pre-extended in steps,
 * so an unsynced append commit makes no system call (a synced core writes positionally); large ones
 * are read through the same mappings (read-only ones where the files are not written), which a
 * truncation never cuts under a reader (see {@code StoreFile}). Blocks are read one at a time, as
 * runs of consecutive blocks ({@code readBlocks(start, count)}: two reads when they lie back to
 * back) or as batches of scattered ones ({@code readBlocks(long[])}: every index entry first, then
 * the blocks, so their memory loads overlap), each checked against its CRC. Errors: damaged or inconsistent stored
 * data is a {@link io.hyperbee.HyperbeeException} ({@code INVALID_CHECKSUM}, {@code CORRUPTION})
 * naming the file and byte offset, never wrong data; I/O failures are latched ({@code IO_ERROR});
 * bad arguments are {@link java.lang.IllegalArgumentException} / {@link
 * java.lang.NullPointerException}.
 */
package io.hyperbee.storage;
