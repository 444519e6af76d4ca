package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperbee.btree.DiffEntry;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.HistoryEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The state JS recorded right after op {@code op}: the core's length, byte length and fork, the
 * bee's version, the tree hash and the stored signature container at that length, whether a
 * write appended blocks ({@code null} for reads) and, for reads, the raw result.
 */
public record Step(
    int op,
    long length,
    long byteLength,
    long fork,
    long version,
    byte[] treeHash,
    byte[] signature,
    Boolean appended,
    JsonNode result) {

  static Step parse(JsonNode node) {
    JsonNode appended = node.get("appended");
    JsonNode result = node.get("result");
    return new Step(
        Math.toIntExact(Json.number(node, "op")),
        Json.number(node, "length"),
        Json.number(node, "byteLength"),
        Json.number(node, "fork"),
        Json.number(node, "version"),
        Json.hex(node, "treeHash"),
        Json.hex(node, "signature"),
        appended == null || appended.isNull() ? null : appended.asBoolean(),
        result);
  }

  /** The result of a get: the entry or {@code null} for a miss. */
  public Entry entry() {
    return parseEntry(result);
  }

  /** The result of a range, in stream order. */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    for (JsonNode e : requireArray()) {
      out.add(parseEntry(e));
    }
    return out;
  }

  /** The result of a diff, in stream order. */
  public List<DiffEntry> diffs() {
    List<DiffEntry> out = new ArrayList<>();
    for (JsonNode d : requireArray()) {
      out.add(new DiffEntry(parseEntry(d.get("left")), parseEntry(d.get("right"))));
    }
    return out;
  }

  /** The result of a history, in stream order. */
  public List<HistoryEntry> history() {
    List<HistoryEntry> out = new ArrayList<>();
    for (JsonNode h : requireArray()) {
      HistoryEntry.Type type = switch (Json.text(h, "type")) {
        case "put" -> HistoryEntry.Type.PUT;
        case "del" -> HistoryEntry.Type.DEL;
        default -> throw new IllegalStateException("history type must be put or del: " + h);
      };
      out.add(new HistoryEntry(
          type, Json.number(h, "seq"), Json.hex(h, "key"), Json.optionalHex(h, "value")));
    }
    return out;
  }

  private JsonNode requireArray() {
    if (result == null || !result.isArray()) {
      throw new IllegalStateException("step of op " + op + " has no list result");
    }
    return result;
  }

  private static Entry parseEntry(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return new Entry(Json.number(node, "seq"), Json.hex(node, "key"), Json.optionalHex(node, "value"));
  }
}
