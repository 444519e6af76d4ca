package io.hyperbee.bench.repl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer line of the peer protocol: {@code ok name=value ...} or {@code error message}. Values
 * never contain spaces. The Java peer ({@link ReplPeer}) and {@code interop/repl-bench-peer.js}
 * answer in this form, so the orchestrator reads both the same way.
 */
record Reply(Map<String, String> fields) {
  static Reply parse(String line) {
    if (line == null) {
      throw new IllegalStateException("the peer exited without answering");
    }
    if (line.startsWith("error")) {
      throw new IllegalStateException("the peer failed: " + line.substring(5).trim());
    }
    if (!line.startsWith("ok")) {
      throw new IllegalStateException("the peer answered neither ok nor error: " + line);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : line.substring(2).trim().split(" ")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalStateException("malformed field '" + part + "' in: " + line);
      }
      fields.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return new Reply(Map.copyOf(fields));
  }

  static String format(Map<String, ?> fields) {
    StringBuilder sb = new StringBuilder("ok");
    fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }

  String text(String name) {
    String v = fields.get(name);
    if (v == null) {
      throw new IllegalStateException("the peer's answer has no '" + name + "': " + fields);
    }
    return v;
  }

  long integer(String name) {
    return Long.parseLong(text(name));
  }

  double number(String name) {
    return Double.parseDouble(text(name));
  }
}
