/**
 * JMH benchmarks. Run with {@code java -jar benchmarks/target/benchmarks.jar <pattern>} after
 * {@code mvn -pl benchmarks -am package -DskipTests}. {@link io.hyperbee.bench.DbBench} runs
 * LevelDB's db_bench workloads against iq80 LevelDB, leveldbjni and Hyperbee through the same
 * org.iq80.leveldb API (reads on databases loaded in key order and in shuffled order, see
 * {@link io.hyperbee.bench.LoadOrder}); the others measure the hot paths of the log, the storage
 * and the B-tree.
 * Benchmarks own their scratch directories and delete them on tear-down. {@code bash
 * benchmarks/run-all.sh} runs DbBench, the JS reference and {@link io.hyperbee.bench.Growth}, and
 * {@link io.hyperbee.bench.DiskUse} measures bytes on disk per key before and after a compaction;
 * {@link io.hyperbee.bench.Report} turns their output into one markdown report (see
 * benchmarks/README.md).
 */
package io.hyperbee.bench;
