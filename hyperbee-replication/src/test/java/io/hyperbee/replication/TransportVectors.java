package io.hyperbee.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** The vectors interop/transport-vectors.js writes with the real JS packages. */
public final class TransportVectors {
  private static JsonNode root;

  private TransportVectors() {}

  public static synchronized JsonNode get(String section) {
    if (root == null) {
      try (InputStream in = TransportVectors.class.getResourceAsStream("/vectors/transport.json")) {
        if (in == null) {
          throw new IllegalStateException("vectors/transport.json missing: run node interop/transport-vectors.js");
        }
        root = new ObjectMapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root.get(section);
  }

  public static byte[] hex(JsonNode node) {
    return HexFormat.of().parseHex(node.asText());
  }
}
