package io.hyperbee.cli;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import io.hyperbee.btree.Header;
import io.hyperbee.btree.Metadata;
import io.hyperbee.btree.NodeBlock;
import io.hyperbee.encoding.JsJson;
import io.hyperbee.log.Hypercore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dump [DIR] [--from S] [--to S] [--decode]}: the raw blocks, one hex line each; with
 * {@code --decode} what each holds (header, or put/del with key, value and the tree nodes).
 */
@Command(
    name = "dump",
    header = "Print the raw blocks (hex), or what they hold with --decode.",
    description = {
      "One hex line per block, from block S (--from) up to but not including --to. With --decode each block is shown as what it holds: the header, or put/del with its key, its value and the tree nodes written with it ([key seqs | child seq/offset ...])."
    },
    footer = ExitCodes.HELP)
final class DumpCommand extends BeeCommand {
  @Mixin DirParameter dir;

  @Option(names = "--from", paramLabel = "S", defaultValue = "0", description = "First block (default 0).")
  long from;

  @Option(
      names = "--to",
      paramLabel = "S",
      description = "Stop before block S (exclusive; default: the length).")
  Long to;

  @Option(names = "--decode", description = "Show decoded blocks instead of hex.")
  boolean decode;

  @Mixin EncodingOptions encodings;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    int exit = ExitCodes.OK;
    try (BeeDirectory db = BeeDirectory.open(dir.orDefault(), true)) {
      Hypercore core = db.core();
      long length = core.length();
      long end = to == null ? length : to;
      if (from < 0 || end > length || from > end) {
        throw CliException.usage("bad block range --from " + from + " --to " + end
            + ": the core has blocks 0.." + (length - 1) + " (--to is exclusive, at most " + length + ")");
      }
      for (long seq = from; seq < end; seq++) {
        byte[] block = core.get(seq);
        if (!decode) {
          printRaw(seq, block);
        } else if (!printDecoded(seq, block)) {
          exit = ExitCodes.CORRUPT;
        }
      }
    }
    if (exit != ExitCodes.OK) {
      err().println("hyperbee: some blocks do not decode as hyperbee blocks (see above)");
    }
    return exit;
  }

  private void printRaw(long seq, byte[] block) {
    if (output.json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("seq", seq);
      o.put("block", Encoding.hex(block));
      out().println(JsJson.stringify(o));
    } else {
      out().println(Encoding.hex(block));
    }
  }

  /** Prints one decoded block; false when it does not decode. */
  private boolean printDecoded(long seq, byte[] block) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("seq", seq);
    o.put("block", Encoding.hex(block));
    StringBuilder line = new StringBuilder().append(seq).append(' ');
    boolean ok = true;
    try {
      if (seq == 0) {
        Header h = Header.decode(block);
        o.put("type", "header");
        o.put("protocol", h.protocol());
        Map<String, Object> metadata = null;
        line.append("header protocol=").append(h.protocol());
        Metadata m = h.metadata();
        if (m != null) {
          metadata = new LinkedHashMap<>();
          metadata.put("contentFeed", m.contentFeed() == null ? null : Encoding.hex(m.contentFeed()));
          metadata.put("userData", m.userData() == null ? null : Encoding.hex(m.userData()));
          line.append(" metadata={contentFeed=").append(metadata.get("contentFeed"))
              .append(", userData=").append(metadata.get("userData")).append('}');
        }
        o.put("metadata", metadata);
      } else {
        NodeBlock n = NodeBlock.decode(seq, block);
        String type = n.isDeletion() ? "del" : "put";
        o.put("type", type);
        o.put("key", show(encodings.keyEncoding, n.key()));
        o.put("value", n.value() == null ? null : show(encodings.valueEncoding, n.value()));
        List<Object> nodes = new ArrayList<>();
        line.append(type).append(" key=").append(text(encodings.keyEncoding, n.key()));
        if (n.value() != null) {
          line.append(" value=").append(text(encodings.valueEncoding, n.value()));
        }
        StringJoiner nodeTexts = new StringJoiner(" ", " nodes=", "").setEmptyValue(" nodes=(none)");
        for (int i = 0; i < n.levelCount(); i++) {
          nodes.add(nodeJson(n.keys(i), n.children(i)));
          nodeTexts.add(nodeText(n.keys(i), n.children(i)));
        }
        line.append(nodeTexts);
        o.put("nodes", nodes);
      }
    } catch (HyperbeeException e) {
      if (e.code() != ErrorCode.DECODING_ERROR) {
        throw e;
      }
      ok = false;
      o.put("type", "undecodable");
      o.put("error", e.getMessage());
      line.append("does not decode: ").append(e.getMessage());
    }
    out().println(output.json ? JsJson.stringify(o) : line.toString());
    return ok;
  }

  /** One tree node: key seqs and flat (seq, offset) child pairs. */
  private static Map<String, Object> nodeJson(long[] keySeqs, long[] childPairs) {
    Map<String, Object> o = new LinkedHashMap<>();
    List<Object> keys = new ArrayList<>();
    for (long k : keySeqs) {
      keys.add(k);
    }
    List<Object> children = new ArrayList<>();
    for (int i = 0; i < childPairs.length; i += 2) {
      children.add(List.of(childPairs[i], childPairs[i + 1]));
    }
    o.put("keys", keys);
    o.put("children", children);
    return o;
  }

  /** {@code [k1,k2 | s/o s/o s/o]}. */
  private static String nodeText(long[] keySeqs, long[] childPairs) {
    StringJoiner keys = new StringJoiner(",", "[", "");
    for (long k : keySeqs) {
      keys.add(Long.toString(k));
    }
    StringBuilder text = new StringBuilder(keys.toString());
    if (childPairs.length > 0) {
      text.append(" |");
      for (int i = 0; i < childPairs.length; i += 2) {
        text.append(' ').append(childPairs[i]).append('/').append(childPairs[i + 1]);
      }
    }
    return text.append(']').toString();
  }

  /** The bytes in {@code encoding} for JSON output, or "hex:..." when they do not decode so. */
  private static Object show(Encoding encoding, byte[] bytes) {
    try {
      return encoding.toJsonValue(bytes);
    } catch (IllegalArgumentException e) {
      return "hex:" + Encoding.hex(bytes);
    }
  }

  private static String text(Encoding encoding, byte[] bytes) {
    try {
      return encoding.toText(bytes);
    } catch (IllegalArgumentException e) {
      return "hex:" + Encoding.hex(bytes);
    }
  }
}
