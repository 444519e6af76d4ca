package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;

/** The header metadata a scenario gives the bee; either field may be {@code null}. */
public record Metadata(byte[] contentFeed, byte[] userData) {

  static Metadata parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return new Metadata(Json.optionalHex(node, "contentFeed"), Json.optionalHex(node, "userData"));
  }
}
