/**
 * The org.iq80.leveldb API over Hyperbee: {@link io.hyperbee.leveldb.HyperbeeDBFactory} is a
 * drop-in for {@code Iq80DBFactory} and {@code JniDBFactory}; the {@link
 * io.hyperbee.leveldb.HyperbeeDB} it opens stores a Hyperbee on a Hypercore in the database
 * directory ({@code LOCK}, a {@code HYPERBEE} marker file and the core's storage in {@code core/}).
 *
 * <p>Behaviour follows native LevelDB (leveldbjni) where iq80 and leveldbjni disagree, except where
 * leveldbjni is undefined or refuses what the API promises; the conformance suite in this module's
 * tests documents every such case.
 *
 * <p>Replicas: {@link io.hyperbee.leveldb.HyperbeeDBFactory#openReplica} opens a read-only DB
 * over a replica that follows its peer, through {@code io.hyperbee.replication.host.Upstream}.
 * The dependency points one way (this module uses hyperbee-replication, which never imports the
 * LevelDB API): replication serves any core, and only this adapter knows what a DB is.
 *
 * <p>Threads: a DB is safe for any number of reader and writer threads. Writes are serialised (puts and
 * deletes from several threads meet in the bee's writer queue and are appended in groups, each
 * still its own block and version; a write asking for a snapshot runs alone);
 * reads, snapshots and iterators read fixed versions of the append-only tree and never block
 * writers. An iterator or write batch is for one thread at a time.
 *
 * <p>Errors: failures of the Hyperbee and Hypercore layers reach callers as {@link
 * org.iq80.leveldb.DBException} carrying the original exception as cause (this package is the only
 * place that converts); the factory reports open/destroy/repair failures as leveldbjni does, with
 * LevelDB's message texts as leveldbjni's {@code NativeDB.DBException} (an {@link
 * java.io.IOException}) when leveldbjni is on the class path, see {@link
 * io.hyperbee.leveldb.LevelDbStatus}. Bad arguments are {@link
 * java.lang.IllegalArgumentException}s naming the argument.
 */
package io.hyperbee.leveldb;
