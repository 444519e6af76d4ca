package io.hyperbee.btree;

/** Block 0 of a bee: the protocol name ("hyperbee") and the optional metadata (may be null). */
public record Header(String protocol, Metadata metadata) {
  public static final String PROTOCOL = "hyperbee";
}
