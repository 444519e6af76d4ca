package io.hyperbee.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code demo}: a guided tour that builds a small bee and walks through put/get, a batch, a range
 * scan, a checkout of an old version and a diff. Every step runs the real command in this process
 * and prints it first as a shell line, so a reader can repeat it. Each run starts a fresh bee in
 * a directory of its own: the default {@code hyperbee-data} when it is free (so the commands a
 * newcomer types next work on the demo's bee), else {@code hyperbee-data-2}, {@code -3}, ...:
 * earlier runs and anyone's data are never touched. The key pair comes from a fixed seed, so the keys and hashes
 * printed are the same on every machine (and the same JS Hyperbee computes for these writes).
 */
@Command(
    name = "demo",
    header = "Build a small bee and show put/get, batch, scan, checkout and diff.",
    description = {
      "Walks through put/get, a batch, a range scan, a checkout of an old version and a diff, printing each command and its output. Each run starts a fresh bee: in DIR (default ./hyperbee-data), or in DIR-2, DIR-3, ... when DIR is already taken (by an earlier run or anything else), which is then left untouched."
    },
    footer = ExitCodes.HELP)
final class DemoCommand extends BeeCommand {
  /** The demo's fixed Ed25519 seed: 32 bytes 0x00..0x1f. */
  static final String SEED = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=,+-]+");

  @Parameters(
      arity = "0..1",
      paramLabel = "DIR",
      description = "Where to build the bee (default ./hyperbee-data).")
  Path dir;

  private Path bee;

  @Override
  public Integer call() {
    Path requested = dir == null ? BeeDirectory.DEFAULT : dir;
    bee = freshDirectory(requested);
    String d = bee.toString();
    out().println("Hyperbee demo: an append-only B-tree on a signed log, in " + d);
    if (!bee.equals(requested)) {
      out().println("(" + requested + " is taken, by an earlier run or other data, and is left as"
          + " it is)");
    }
    if (bee.equals(BeeDirectory.DEFAULT)) {
      out().println("This is the default directory: the commands below need no DIR argument.");
    }

    step("1. Create the bee. A fixed seed makes the keys the same on every machine;"
        + " block 0 is the header.");
    run(null, cmd("init", "--seed", SEED));

    step("2. Put a key and read it back. Every write appends one signed block.");
    run(null, cmd("put", "greeting", "hello, world"));
    run(null, cmd("get", "greeting"));

    step("3. A batch: four puts appended atomically, all or nothing. apply reads JSON lines.");
    String batch = "{\"type\":\"batch\",\"ops\":["
        + "{\"type\":\"put\",\"key\":\"fruit/apple\",\"value\":\"red\"},"
        + "{\"type\":\"put\",\"key\":\"fruit/banana\",\"value\":\"yellow\"},"
        + "{\"type\":\"put\",\"key\":\"fruit/cherry\",\"value\":\"dark red\"},"
        + "{\"type\":\"put\",\"key\":\"veg/kale\",\"value\":\"green\"}]}";
    run(batch, cmd("apply"));

    step("4. A range scan: the keys from fruit/ up to (not including) fruit0, in key order.");
    run(null, cmd("scan", "--gte", "fruit/", "--lt", "fruit0"));

    step("5. Change the bee: a new value for one key, a delete of another.");
    run(null, cmd("put", "fruit/banana", "green"));
    run(null, cmd("del", "fruit/cherry"));

    step("6. Check out version 6 (the bee after the batch): old versions stay readable.");
    run(null, cmd("scan", "--version", "6", "--gte", "fruit/", "--lt", "fruit0"));

    step("7. Diff version 6 against now: + added, - removed, ~ changed.");
    run(null, cmd("diff", "--from", "6"));

    step("8. The signed log underneath: length, tree hash, signature, and a full check.",
        "   (JS hyperbee 2.27.3 on hypercore 11 writes the same blocks for these writes:"
            + " same key, tree hash and signature.)");
    run(null, cmd("info"));
    run(null, cmd("verify"));

    out().println();
    out().println("Done. Look further with: " + shell(cmd("history")) + ", "
        + shell(cmd("dump", "--decode")) + ", hyperbee --help");
    return ExitCodes.OK;
  }

  private void step(String... lines) {
    out().println();
    for (String line : lines) {
      out().println(line);
    }
  }

  /** {@code command [DIR] args}: DIR left out when it is the default, as a user would type it. */
  private String[] cmd(String command, String... args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    if (!bee.equals(BeeDirectory.DEFAULT)) {
      all.add(bee.toString());
    }
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  /** The shell line that runs {@code hyperbee args}. */
  private static String shell(String... args) {
    StringBuilder line = new StringBuilder("hyperbee");
    for (String a : args) {
      line.append(' ').append(quote(a));
    }
    return line.toString();
  }

  /** Prints {@code $ hyperbee ARGS} and runs it here; a failing step ends the demo. */
  private void run(String stdin, String... args) {
    StringBuilder shown = new StringBuilder("$ ");
    if (stdin != null) {
      shown.append("echo ").append(quote(stdin)).append(" | ");
    }
    shown.append(shell(args));
    out().println(shown);
    out().flush();
    InputStream in = stdin == null
        ? InputStream.nullInputStream()
        : new ByteArrayInputStream((stdin + "\n").getBytes(StandardCharsets.UTF_8));
    int exit = Main.run(args, new Io(in, out(), err()));
    if (exit != ExitCodes.OK) {
      throw new CliException(exit, "the demo stopped: 'hyperbee " + String.join(" ", args)
          + "' failed (see above)");
    }
  }

  /** {@code requested} if it is free, else the first free {@code requested-N}. */
  private static Path freshDirectory(Path requested) {
    Path candidate = requested;
    for (int n = 2; !isFree(candidate); n++) {
      candidate = requested.resolveSibling(requested.getFileName() + "-" + n);
    }
    return candidate;
  }

  private static boolean isFree(Path dir) {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** Single-quotes {@code arg} for a POSIX shell when it needs it. */
  static String quote(String arg) {
    if (SHELL_SAFE.matcher(arg).matches()) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
