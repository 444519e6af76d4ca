package io.hyperbee.cli;

import io.hyperbee.encoding.JsJson;
import io.hyperbee.btree.Batch;
import io.hyperbee.btree.Hyperbee;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code apply [DIR] < ops.jsonl}: many writes in one process, one JSON object a line (see
 * {@link OpParser}). Each put and del is its own write, exactly as the put and del commands;
 * a batch line is one atomic append. Lines are read, checked and applied one by one, so a bad
 * line stops the run before it with every earlier line applied and durable.
 */
@Command(
    name = "apply",
    header = "Apply many writes from JSON lines (stdin or --input).",
    description = {
      "One JSON object a line, applied in order:",
      "  {\"type\":\"put\",\"key\":K,\"value\":V}",
      "  {\"type\":\"del\",\"key\":K}",
      "  {\"type\":\"batch\",\"ops\":[...puts and dels...]}   (one atomic append)",
      "Each put and del is its own write, exactly as the put and del commands. K and V are strings (utf8), hex strings (hex) or any JSON value (json); a null V puts no value. Puts and dels may carry \"cas\": true|false|{\"prevValue\":V} and \"sub\": [\"name\", ...]. Blank lines are skipped.",
      "A bad line stops the run before it (exit 2, naming the line number); every earlier line stays applied and durable (with --no-sync: applied, and on disk once the OS writes it)."
    },
    footer = ExitCodes.HELP)
final class ApplyCommand extends BeeCommand {
  @Mixin DirParameter dir;

  @Option(
      names = {"-i", "--input"},
      paramLabel = "FILE",
      description = "Read the lines from FILE instead of stdin.")
  Path input;

  @Option(
      names = "--no-sync",
      description = "Do not wait for each write to reach the disk (much faster bulk loads; a"
          + " crash or power loss may then lose the most recent writes).")
  boolean noSync;

  @Mixin SubOption sub;
  @Mixin EncodingOptions encodings;
  @Mixin OutputOptions output;

  private long puts;
  private long dels;
  private long batches;

  @Override
  public Integer call() throws IOException {
    OpParser parser = new OpParser(encodings.keyEncoding, encodings.valueEncoding);
    try (BeeDirectory db = BeeDirectory.openWritable(dir.orDefault(), !noSync);
        BufferedReader lines = reader()) {
      long lineCount = applyAll(sub.of(db.bee()), lines, parser);
      printSummary(lineCount, db.bee().version());
    }
    return ExitCodes.OK;
  }

  /** Applies every line; the progress line is erased before anything else is printed. */
  private long applyAll(Hyperbee bee, BufferedReader lines, OpParser parser) throws IOException {
    long lineNumber = 0;
    try (Progress progress = Progress.of(io(), "applying lines")) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        WriteOp op;
        try {
          op = parser.parse(line);
        } catch (IllegalArgumentException e) {
          throw CliException.usage(stopped(lineNumber, e.getMessage()));
        }
        try {
          apply(bee, op);
        } catch (RuntimeException e) {
          ErrorReporter.Failure failure = ErrorReporter.classify(e);
          throw new CliException(failure.exitCode(), stopped(lineNumber, failure.message()), e);
        }
        progress.update(lineNumber, -1);
      }
    }
    return lineNumber;
  }

  private static String stopped(long lineNumber, String problem) {
    return "line " + lineNumber + ": " + problem
        + (lineNumber == 1 ? " (nothing was applied)" : " (stopped there; lines 1-"
            + (lineNumber - 1) + " are applied)");
  }

  private BufferedReader reader() throws IOException {
    InputStream in;
    if (input == null) {
      if (io().interactive()) {
        err().println("hyperbee: reading JSON lines from the terminal; end with Ctrl-D"
            + " (or pipe a file: hyperbee apply DIR < ops.jsonl)");
        err().flush();
      }
      in = io().in();
    } else {
      if (!Files.isRegularFile(input)) {
        throw CliException.failed("cannot read " + input + ": no such file");
      }
      in = Files.newInputStream(input);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private void apply(Hyperbee bee, WriteOp op) {
    if (op instanceof WriteOp.Batch batch) {
      try (Batch b = bee.batch()) {
        for (WriteOp inner : batch.ops()) {
          applyInBatch(b, inner);
        }
        b.flush();
      }
      batches++;
    } else if (op instanceof WriteOp.Put put) {
      if (put.cas() == null) {
        bee.put(put.key(), put.value());
      } else {
        bee.put(put.key(), put.value(), put.cas());
      }
      puts++;
    } else if (op instanceof WriteOp.Del del) {
      if (del.cas() == null) {
        bee.del(del.key());
      } else {
        bee.del(del.key(), del.cas());
      }
      dels++;
    }
  }

  private void applyInBatch(Batch b, WriteOp op) {
    if (op instanceof WriteOp.Put put) {
      puts++;
      if (put.cas() == null) {
        b.put(put.key(), put.value());
      } else {
        b.put(put.key(), put.value(), put.cas());
      }
    } else if (op instanceof WriteOp.Del del) {
      dels++;
      if (del.cas() == null) {
        b.del(del.key());
      } else {
        b.del(del.key(), del.cas());
      }
    } else {
      throw new IllegalStateException("the parser refuses nested batches");
    }
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : noun.endsWith("h") ? "es" : "s");
  }

  private void printSummary(long lines, long version) {
    if (output.json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("lines", lines);
      o.put("puts", puts);
      o.put("dels", dels);
      o.put("batches", batches);
      o.put("version", version);
      out().println(JsJson.stringify(o));
    } else {
      out().println("applied " + count(lines, "line") + ": " + count(puts, "put") + ", "
          + count(dels, "del") + (batches == 0 ? "" : " (" + count(batches, "batch") + ")")
          + "; version " + version);
    }
  }
}
