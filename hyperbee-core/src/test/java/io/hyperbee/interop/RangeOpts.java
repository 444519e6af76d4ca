package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperbee.btree.KeyRange;
import java.util.HexFormat;

/**
 * Range options of a range or diff op, bounds already encoded with the scenario's key encoding
 * ({@code null} = not given), limit -1 when absent. Note JS treats a range's {@code gt} together
 * with {@code gte} as {@code gt} (as {@link KeyRange} does), scenarios avoid giving both to diffs,
 * where JS would pair the {@code gt} key with inclusiveness.
 */
public record RangeOpts(byte[] gt, byte[] gte, byte[] lt, byte[] lte, boolean reverse, long limit) {

  static final RangeOpts NONE = new RangeOpts(null, null, null, null, false, -1);

  static RangeOpts parse(JsonNode node, Encoding keyEncoding) {
    if (node == null || node.isNull()) {
      return NONE;
    }
    Long limit = Json.optionalNumber(node, "limit");
    return new RangeOpts(
        keyEncoding.encode(node.get("gt")),
        keyEncoding.encode(node.get("gte")),
        keyEncoding.encode(node.get("lt")),
        keyEncoding.encode(node.get("lte")),
        Json.flag(node, "reverse"),
        limit == null ? -1 : limit);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    StringBuilder out = new StringBuilder("{");
    String[] names = {"gt", "gte", "lt", "lte"};
    byte[][] bounds = {gt, gte, lt, lte};
    for (int i = 0; i < bounds.length; i++) {
      if (bounds[i] != null) {
        out.append(names[i]).append('=').append(hex.formatHex(bounds[i])).append(' ');
      }
    }
    return out.append("reverse=").append(reverse).append(" limit=").append(limit).append('}').toString();
  }

  /** The same options as the B-tree's {@link KeyRange}. */
  public KeyRange toKeyRange() {
    KeyRange range = KeyRange.all();
    if (gte != null) {
      range = range.gte(gte);
    }
    if (gt != null) {
      range = range.gt(gt);
    }
    if (lte != null) {
      range = range.lte(lte);
    }
    if (lt != null) {
      range = range.lt(lt);
    }
    return range.reverse(reverse).limit(limit);
  }
}
