/**
 * Replication side by side with JS (issue 14): {@link io.hyperbee.bench.repl.ReplBench} runs full
 * replication of an N-key bee between Java and JS peers in every direction, and cold remote gets
 * and range scans, reproducing /work/shared/bench/js-repl/bench.mjs's data ({@link
 * io.hyperbee.bench.repl.Workload}), wiring and counting. Every peer is its own process ({@link
 * io.hyperbee.bench.repl.ReplPeer} for Java, {@code interop/repl-bench-peer.js} for JS) driven by
 * one line protocol; the reader counts wire bytes off its socket and, through a {@code WireTap},
 * requests, blocks and round trips ({@link io.hyperbee.bench.repl.WireMeter}), with an RTT
 * emulated by a {@link io.hyperbee.bench.repl.DelayProxy} for the round-trip rows. Not JMH: every
 * number is one multi-process wall-clock run from a cold reader.
 */
package io.hyperbee.bench.repl;
