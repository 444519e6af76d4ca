package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Options of a history op: seq bounds as given ({@code null} = absent; negative values count
 * back from the version, as in JS), reverse, and limit (-1 when absent).
 */
public record HistoryOpts(Long gt, Long gte, Long lt, Long lte, boolean reverse, long limit) {

  static final HistoryOpts NONE = new HistoryOpts(null, null, null, null, false, -1);

  static HistoryOpts parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return NONE;
    }
    Long limit = Json.optionalNumber(node, "limit");
    return new HistoryOpts(
        Json.optionalNumber(node, "gt"),
        Json.optionalNumber(node, "gte"),
        Json.optionalNumber(node, "lt"),
        Json.optionalNumber(node, "lte"),
        Json.flag(node, "reverse"),
        limit == null ? -1 : limit);
  }
}
