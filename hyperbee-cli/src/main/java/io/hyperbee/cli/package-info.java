/**
 * The {@code hyperbee} command-line tool (picocli): one class per subcommand, the encodings that
 * turn typed text into stored bytes and back ({@link io.hyperbee.cli.Encoding}, with JS
 * {@code JSON.stringify} semantics in {@link io.hyperbee.encoding.JsJson}), output formatting and the
 * {@code apply} line parser. It uses only the public API of {@code io.hyperbee.btree},
 * {@code io.hyperbee.log} and, for {@code serve}, {@code clone}, {@code follow} and {@code --peer},
 * {@code io.hyperbee.replication.host}. A replica is a bee directory with the core's key and no
 * secret key ({@link io.hyperbee.cli.BeeDirectory}); {@code serve} and {@code follow} run until
 * SIGINT/SIGTERM ({@link io.hyperbee.cli.StopSignal}) and close their stores before the JVM exits;
 * {@code follow} reaches a peer it lost again ({@link io.hyperbee.cli.LinkReport} prints each loss
 * and reconnect) and fails only when the upstream gives up or refuses the peer.
 *
 * <p>Threads: one command per process (or per {@link io.hyperbee.cli.Main#run} call in tests); no
 * state is shared between runs. Errors: every failure reaches {@link io.hyperbee.cli.ErrorReporter},
 * which prints one line on stderr and maps it to an exit code ({@link io.hyperbee.cli.ExitCodes});
 * stack traces only with {@code --verbose}. Commands that read never create or change a bee.
 */
package io.hyperbee.cli;
