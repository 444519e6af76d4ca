package io.hyperbee.cli;

import io.hyperbee.encoding.JsJson;
import io.hyperbee.btree.DiffEntry;
import io.hyperbee.btree.Entry;
import io.hyperbee.btree.HistoryEntry;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints entries, diffs and history records either as plain text for people or, with
 * {@code --json}, as one JSON object a line with the fields the JS streams give: {@code seq},
 * {@code key}, {@code value} (and {@code type} for history; {@code left}, {@code right} for diff).
 * Keys and values are shown in the chosen encodings.
 *
 * <p>Plain text: an entry is {@code KEY<TAB>VALUE}; a diff line is {@code + KEY<TAB>VALUE}
 * (only in the newer version), {@code - KEY<TAB>VALUE} (only in the older) or
 * {@code ~ KEY<TAB>OLD -> NEW}; a history line is {@code SEQ<TAB>put|del<TAB>KEY[<TAB>VALUE]}.
 */
final class EntryPrinter {
  private final PrintWriter out;
  private final EncodingOptions encodings;
  private final boolean json;

  EntryPrinter(PrintWriter out, EncodingOptions encodings, boolean json) {
    this.out = out;
    this.encodings = encodings;
    this.json = json;
  }

  /** One entry of a scan. */
  void entry(Entry e) {
    if (json) {
      out.println(JsJson.stringify(toJson(e)));
    } else {
      out.println(key(e) + "\t" + value(e));
    }
  }

  /** The result of a get: the value alone in plain text, the whole entry (or null) in JSON. */
  void getResult(Entry e) {
    if (json) {
      out.println(JsJson.stringify(e == null ? null : toJson(e)));
    } else if (e != null) {
      out.println(value(e));
    }
  }

  /** One difference; {@code left} is the newer side (JS createDiffStream's this-bee side). */
  void diff(DiffEntry d) {
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("left", d.left() == null ? null : toJson(d.left()));
      o.put("right", d.right() == null ? null : toJson(d.right()));
      out.println(JsJson.stringify(o));
    } else if (d.right() == null) {
      out.println("+ " + key(d.left()) + "\t" + value(d.left()));
    } else if (d.left() == null) {
      out.println("- " + key(d.right()) + "\t" + value(d.right()));
    } else {
      out.println("~ " + key(d.left()) + "\t" + value(d.right()) + " -> " + value(d.left()));
    }
  }

  /** A change a watch saw: version {@code previous} became {@code version}, with {@code diff}. */
  void change(long version, long previous, List<DiffEntry> diff) {
    if (!json) {
      out.println("@ " + version + " (was " + previous + ")");
    }
    for (DiffEntry d : diff) {
      if (json) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("version", version);
        o.put("previous", previous);
        o.put("left", d.left() == null ? null : toJson(d.left()));
        o.put("right", d.right() == null ? null : toJson(d.right()));
        out.println(JsJson.stringify(o));
      } else {
        diff(d);
      }
    }
  }

  /** A watch saw the core truncated: now at {@code version}, not comparable with before. */
  void truncated(long version) {
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("version", version);
      o.put("truncated", true);
      out.println(JsJson.stringify(o));
    } else {
      out.println("@ " + version + " truncated");
    }
  }

  /** One history record. */
  void history(HistoryEntry h) {
    String type = h.type() == HistoryEntry.Type.PUT ? "put" : "del";
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("type", type);
      o.put("seq", h.seq());
      o.put("key", keyJson(h.seq(), h.key()));
      o.put("value", h.value() == null ? null : valueJson(h.seq(), h.value()));
      out.println(JsJson.stringify(o));
    } else {
      String line = h.seq() + "\t" + type + "\t" + keyText(h.seq(), h.key());
      if (h.type() == HistoryEntry.Type.PUT || h.value() != null) {
        line += "\t" + (h.value() == null ? "" : valueText(h.seq(), h.value()));
      }
      out.println(line);
    }
  }

  private Map<String, Object> toJson(Entry e) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("seq", e.seq());
    o.put("key", keyJson(e.seq(), e.key()));
    o.put("value", e.value() == null ? null : valueJson(e.seq(), e.value()));
    return o;
  }

  private String key(Entry e) {
    return keyText(e.seq(), e.key());
  }

  /** Plain value text; a put without value shows as nothing. */
  private String value(Entry e) {
    return e.value() == null ? "" : valueText(e.seq(), e.value());
  }

  private String keyText(long seq, byte[] key) {
    try {
      return encodings.keyEncoding.toText(key);
    } catch (IllegalArgumentException e) {
      throw undecodable("key", seq, encodings.keyEncoding, e);
    }
  }

  private String valueText(long seq, byte[] value) {
    try {
      return encodings.valueEncoding.toText(value);
    } catch (IllegalArgumentException e) {
      throw undecodable("value", seq, encodings.valueEncoding, e);
    }
  }

  private Object keyJson(long seq, byte[] key) {
    try {
      return encodings.keyEncoding.toJsonValue(key);
    } catch (IllegalArgumentException e) {
      throw undecodable("key", seq, encodings.keyEncoding, e);
    }
  }

  private Object valueJson(long seq, byte[] value) {
    try {
      return encodings.valueEncoding.toJsonValue(value);
    } catch (IllegalArgumentException e) {
      throw undecodable("value", seq, encodings.valueEncoding, e);
    }
  }

  private static CliException undecodable(
      String what, long seq, Encoding encoding, IllegalArgumentException e) {
    return CliException.usage("the " + what + " in block " + seq + " cannot be shown as "
        + encoding + " (" + e.getMessage() + "); show it with --" + what + "-encoding hex");
  }
}
