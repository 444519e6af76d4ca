package io.hyperbee.replication.protomux;

/**
 * How one channel message type is put on the wire: the payload is everything after the varint
 * type (JS protomux's {@code encoding} option; {@link #RAW} is its default {@code c.raw}).
 * {@code decode} may throw any runtime exception on bad bytes: the mux turns it into a
 * {@link ProtomuxException} and destroys the stream, as JS does.
 */
public interface MessageEncoding<T> {
  byte[] encode(T value);

  T decode(byte[] payload);

  /** The payload bytes as they are. */
  MessageEncoding<byte[]> RAW =
      new MessageEncoding<>() {
        @Override
        public byte[] encode(byte[] value) {
          return value.clone();
        }

        @Override
        public byte[] decode(byte[] payload) {
          return payload;
        }
      };
}
