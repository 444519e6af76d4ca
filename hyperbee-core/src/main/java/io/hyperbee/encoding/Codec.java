package io.hyperbee.encoding;

/**
 * Turns values of type {@code T} into the bytes stored in a bee and back, as the npm
 * {@code codecs} do for hyperbee's {@code keyEncoding}/{@code valueEncoding}. Implementations are
 * stateless and thread-safe. A null value is never passed to a codec: null stays null (absent).
 */
public interface Codec<T> {
  byte[] encode(T value);

  /**
   * @throws io.hyperbee.HyperbeeException {@code DECODING_ERROR} when the bytes are not valid
   */
  T decode(byte[] bytes);
}
