package io.hyperbee.btree;

import static java.util.Objects.requireNonNull;

/** Block 0 of a bee: the protocol name ("hyperbee") and the optional metadata (may be null). */
public record Header(String protocol, Metadata metadata) {
  public static final String PROTOCOL = "hyperbee";

  /**
   * Decodes a header block (for inspection tools; the protocol is not checked here).
   *
   * @throws io.hyperbee.HyperbeeException {@code DECODING_ERROR} when the bytes are not a header
   */
  public static Header decode(byte[] block) {
    return Messages.decodeHeader(requireNonNull(block, "block is null"));
  }
}
