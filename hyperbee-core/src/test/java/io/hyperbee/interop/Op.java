package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One scenario op with keys, values and range bounds already encoded the way the scenario's
 * bee encodes them. Fields that do not apply to the op's type are {@code null} (or empty).
 *
 * @param key encoded key (put, del, get)
 * @param value encoded value of a put, {@code null} for a put without value
 * @param cas compare-and-swap of a put or del, {@code null} if none
 * @param sub nested sub-database names (outermost first), empty for the root bee
 * @param ops the ops of a batch
 * @param range options of a range or diff
 * @param history options of a history
 * @param other the right-hand version of a diff
 * @param version the left-hand version of a diff, {@code null} = the current version
 */
public record Op(
    Type type,
    byte[] key,
    byte[] value,
    CasSpec cas,
    List<String> sub,
    List<Op> ops,
    RangeOpts range,
    HistoryOpts history,
    Long other,
    Long version) {

  public enum Type {
    PUT,
    DEL,
    BATCH,
    GET,
    RANGE,
    DIFF,
    HISTORY;

    static Type of(String name) {
      for (Type t : values()) {
        if (t.name().toLowerCase().equals(name)) {
          return t;
        }
      }
      throw new IllegalStateException("unknown op type: " + name);
    }
  }

  public Op {
    sub = List.copyOf(sub);
    ops = List.copyOf(ops);
  }

  /** True for put, del and batch: the ops that may append blocks. */
  public boolean isWrite() {
    return type == Type.PUT || type == Type.DEL || type == Type.BATCH;
  }

  /** The sub names as the UTF-8 bytes JS turns them into (separator not included). */
  public List<byte[]> subPrefixes() {
    List<byte[]> out = new ArrayList<>(sub.size());
    for (String name : sub) {
      out.add(name.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  /** A short readable form for assertion messages (keys and values in hex). */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(type.name().toLowerCase());
    if (!sub.isEmpty()) {
      out.append(" sub=").append(sub);
    }
    if (key != null) {
      out.append(" key=").append(HexFormat.of().formatHex(key));
    }
    if (type == Type.PUT) {
      String v = value == null ? "null" : HexFormat.of().formatHex(value);
      out.append(" value=").append(v.length() > 64 ? v.substring(0, 64) + "...(" + value.length + " bytes)" : v);
    }
    if (cas != null) {
      out.append(" cas=").append(cas.kind());
    }
    if (type == Type.BATCH) {
      out.append(" ops=").append(ops);
    }
    if (range != null) {
      out.append(" range=").append(range);
    }
    if (history != null) {
      out.append(" history=").append(history);
    }
    if (other != null) {
      out.append(" other=").append(other).append(" version=").append(version);
    }
    return out.toString();
  }

  static Op parse(JsonNode node, Encoding keyEncoding, Encoding valueEncoding) {
    Type type = Type.of(Json.text(node, "type"));
    List<String> sub = new ArrayList<>();
    JsonNode subNode = node.get("sub");
    if (subNode != null && !subNode.isNull()) {
      subNode.forEach(name -> {
        if (!name.isTextual()) {
          throw new IllegalStateException("sub names must be strings: " + Json.abbreviate(node));
        }
        sub.add(name.textValue());
      });
    }
    List<Op> ops = new ArrayList<>();
    if (type == Type.BATCH) {
      for (JsonNode child : Json.required(node, "ops")) {
        Op op = parse(child, keyEncoding, valueEncoding);
        if (op.type != Type.PUT && op.type != Type.DEL) {
          throw new IllegalStateException("a batch holds only puts and dels: " + Json.abbreviate(node));
        }
        ops.add(op);
      }
    }
    boolean keyed = type == Type.PUT || type == Type.DEL || type == Type.GET;
    return new Op(
        type,
        keyed ? keyEncoding.encode(Json.required(node, "key")) : null,
        type == Type.PUT ? valueEncoding.encode(node.get("value")) : null,
        CasSpec.parse(node.get("cas"), valueEncoding),
        sub,
        ops,
        type == Type.RANGE || type == Type.DIFF
            ? RangeOpts.parse(node.get("opts"), keyEncoding) : null,
        type == Type.HISTORY ? HistoryOpts.parse(node.get("opts")) : null,
        type == Type.DIFF ? Json.number(node, "other") : null,
        type == Type.DIFF ? Json.optionalNumber(node, "version") : null);
  }
}
