/**
 * JMH benchmarks. {@link io.hyperbee.bench.DbBench} runs LevelDB's db_bench workloads against iq80
 * LevelDB, leveldbjni and Hyperbee through the same org.iq80.leveldb API. Benchmarks own their
 * scratch directories and delete them on tear-down.
 */
package io.hyperbee.bench;
