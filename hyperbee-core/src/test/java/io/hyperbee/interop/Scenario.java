package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario as replayed by the generator: the Ed25519 seed of the core's key pair, the bee's
 * encodings and header metadata, and the fully expanded ops.
 */
public record Scenario(
    String name,
    String description,
    byte[] seed,
    Encoding keyEncoding,
    Encoding valueEncoding,
    Metadata metadata,
    List<Op> ops) {

  public Scenario {
    ops = List.copyOf(ops);
  }

  static Scenario parse(JsonNode node) {
    Encoding keyEncoding = Encoding.of(Json.text(node, "keyEncoding"));
    Encoding valueEncoding = Encoding.of(Json.text(node, "valueEncoding"));
    List<Op> ops = new ArrayList<>();
    for (JsonNode op : Json.required(node, "ops")) {
      ops.add(Op.parse(op, keyEncoding, valueEncoding));
    }
    JsonNode description = node.get("description");
    return new Scenario(
        Json.text(node, "name"),
        description == null ? "" : description.asText(),
        Json.hex(node, "seed"),
        keyEncoding,
        valueEncoding,
        Metadata.parse(node.get("metadata")),
        ops);
  }
}
