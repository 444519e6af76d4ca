package io.hyperbee.cli;

import io.hyperbee.encoding.JsJson;
import io.hyperbee.btree.Metadata;
import io.hyperbee.crypto.KeyPair;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code init [DIR] [--seed HEX | --public-key HEX]}: creates a bee. A writable bee gets its
 * header block at once (so it verifies and has version 1 right away; the bytes are those JS
 * writes lazily on the first put). With {@code --public-key} the bee is an empty read-only
 * replica of that writer's core.
 */
@Command(
    name = "init",
    header = "Create a bee and print its keys.",
    description = {
      "Creates a bee in DIR (a new or empty directory). The key pair comes from --seed when given (the same seed always gives the same key), else it is random. With --public-key the bee is a read-only copy of that writer's core: it holds no secret key and refuses writes."
    },
    footer = ExitCodes.HELP)
final class InitCommand extends BeeCommand {
  @Parameters(
      arity = "0..1",
      paramLabel = "DIR",
      description = "Where to create the bee (default ./hyperbee-data).")
  Path dir;

  @ArgGroup(exclusive = true)
  KeySource keySource = new KeySource();

  @Option(
      names = "--content-feed",
      paramLabel = "HEX",
      description = "Header metadata: the content feed key (hex).")
  String contentFeed;

  @Option(
      names = "--user-data",
      paramLabel = "HEX",
      description = "Header metadata: user data (hex).")
  String userData;

  @Mixin OutputOptions output;

  /** Either a seed for a writable bee or a public key for a read-only one. */
  static final class KeySource {
    @Option(
        names = "--seed",
        paramLabel = "HEX",
        description = "32-byte Ed25519 seed (64 hex digits): the same seed gives the same key.")
    String seed;

    @Option(
        names = "--public-key",
        paramLabel = "HEX",
        description = "Create a read-only bee of the writer with this Ed25519 public key"
            + " (64 hex digits); it can be read and verified, not written.")
    String publicKey;
  }

  @Override
  public Integer call() {
    Path target = dirOrDefault(dir);
    BeeDirectory created;
    if (keySource.publicKey != null) {
      if (contentFeed != null || userData != null) {
        throw CliException.usage(
            "--content-feed and --user-data need a writable bee (not --public-key)");
      }
      created = BeeDirectory.createReadOnly(target, hex32("public key", keySource.publicKey));
    } else {
      KeyPair keyPair =
          keySource.seed == null ? KeyPair.random() : KeyPair.fromSeed(hex32("seed", keySource.seed));
      created = BeeDirectory.create(target, keyPair, metadataOrNull());
    }
    try (BeeDirectory db = created) {
      print(db);
    }
    return ExitCodes.OK;
  }

  private Metadata metadataOrNull() {
    if (contentFeed == null && userData == null) {
      return null;
    }
    return new Metadata(
        contentFeed == null ? null : hexOption("--content-feed", contentFeed),
        userData == null ? null : hexOption("--user-data", userData));
  }

  private void print(BeeDirectory db) {
    String key = Encoding.hex(db.core().key());
    String discoveryKey = Encoding.hex(db.core().discoveryKey());
    boolean writable = db.core().writable();
    if (output.json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("directory", db.dir().toString());
      o.put("key", key);
      o.put("discoveryKey", discoveryKey);
      o.put("writable", writable);
      out().println(JsJson.stringify(o));
    } else {
      out().println("created a " + (writable ? "writable" : "read-only") + " bee in " + db.dir());
      out().println("key:           " + key);
      out().println("discovery key: " + discoveryKey);
    }
  }

  private static byte[] hex32(String what, String text) {
    byte[] bytes;
    try {
      bytes = Encoding.hex(text);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("bad " + what + ": " + e.getMessage()
          + "; expected 64 hex digits (32 bytes)");
    }
    if (bytes.length != 32) {
      throw CliException.usage("bad " + what + ": expected 64 hex digits (32 bytes), got "
          + text.length() + " digits");
    }
    return bytes;
  }

  private static byte[] hexOption(String option, String text) {
    try {
      return Encoding.hex(text);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("bad " + option + ": " + e.getMessage());
    }
  }
}
