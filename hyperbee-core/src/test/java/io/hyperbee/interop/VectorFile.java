package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed vector file: the scenario JS replayed, the versions of the packages that produced
 * it, the core's identity (key pair, key, discovery key, encoded manifest), every block of the
 * final core in index order, and the recorded steps in op order.
 *
 * @param file the resource name the file was loaded from, e.g. {@code vectors/basic.json}
 */
public record VectorFile(
    String file,
    Scenario scenario,
    Map<String, String> versions,
    byte[] publicKey,
    byte[] secretKey,
    byte[] key,
    byte[] discoveryKey,
    byte[] manifest,
    List<byte[]> blocks,
    List<Step> steps) {

  public VectorFile {
    versions = Map.copyOf(versions);
    blocks = List.copyOf(blocks);
    steps = List.copyOf(steps);
  }

  /** The step recorded for op {@code index}, or {@code null} if that op was not recorded. */
  public Step stepOf(int index) {
    int lo = 0;
    int hi = steps.size() - 1;
    while (lo <= hi) { // steps are in op order
      int mid = (lo + hi) >>> 1;
      int op = steps.get(mid).op();
      if (op == index) {
        return steps.get(mid);
      }
      if (op < index) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return null;
  }

  /** The last recorded step: the final state of the core. */
  public Step lastStep() {
    if (steps.isEmpty()) {
      throw new IllegalStateException(file + " has no steps");
    }
    return steps.get(steps.size() - 1);
  }

  static VectorFile parse(String file, JsonNode node) {
    Map<String, String> versions = new LinkedHashMap<>();
    JsonNode v = node.get("versions");
    if (v != null && v.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = v.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        versions.put(e.getKey(), e.getValue().asText());
      }
    }
    List<byte[]> blocks = new ArrayList<>();
    int i = 0;
    for (JsonNode block : Json.required(node, "blocks")) {
      blocks.add(Json.parseHex(block.asText(), "blocks[" + i++ + "]"));
    }
    List<Step> steps = new ArrayList<>();
    for (JsonNode step : Json.required(node, "steps")) {
      steps.add(Step.parse(step));
    }
    return new VectorFile(
        file,
        Scenario.parse(Json.required(node, "scenario")),
        versions,
        Json.hex(node, "publicKey"),
        Json.hex(node, "secretKey"),
        Json.hex(node, "key"),
        Json.hex(node, "discoveryKey"),
        Json.hex(node, "manifest"),
        blocks,
        steps);
  }
}
