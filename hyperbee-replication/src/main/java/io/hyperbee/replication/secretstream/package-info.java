/**
 * secret-stream ({@code @hyperswarm/secret-stream} 6.9.2) as a pure session:
 * {@link io.hyperbee.replication.secretstream.SecretStreamSession} turns raw wire bytes into
 * decrypted messages and messages into wire frames, with the Noise XX handshake of the
 * {@code noise} package, the 56-byte stream header ({@code StreamHeader}), the uint24 framing
 * ({@code FrameDecoder}) and {@code crypto_secretstream_xchacha20poly1305}
 * ({@code SecretStreamState}, {@code HChaCha20}). No I/O and no threads: the {@code net} package
 * drives it over a socket. Every failure is a
 * {@link io.hyperbee.replication.secretstream.SecretStreamException}.
 */
package io.hyperbee.replication.secretstream;
