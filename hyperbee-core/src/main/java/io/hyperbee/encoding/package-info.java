/**
 * Byte encodings shared by the log and the B-tree: compact-encoding (the npm package of that
 * name, used by every Hypercore message and signature container) and protobuf varints (used by
 * Hyperbee nodes).
 *
 * <p>Thread rules: {@link io.hyperbee.encoding.Encoder} and {@link io.hyperbee.encoding.Decoder}
 * are single-threaded cursors; the static helpers are stateless.
 *
 * <p>Error policy: bytes that do not decode raise {@link io.hyperbee.HyperbeeException} with
 * {@link io.hyperbee.ErrorCode#DECODING_ERROR}; bad arguments to encoders raise
 * {@link IllegalArgumentException}.
 */
package io.hyperbee.encoding;
