package io.hyperbee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hyperbee.log.Hypercore;
import io.hyperbee.log.HypercoreOptions;
import io.hyperbee.storage.ChildJvm;
import io.hyperbee.storage.LockProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI and the store's safety rules (issue 12): a bee another process has open is reported as
 * locked (exit 5), never as "no bee here" and never written by a second writer; {@code verify}
 * (like every read command) changes no byte on disk, whatever state the store is in.
 */
class StoreSafetyTest {
  @TempDir Path tmp;
  Path bee;

  @BeforeEach
  void createBee() {
    bee = tmp.resolve("bee");
    assertEquals(0, Cli.run("init", bee.toString(), "--seed", CliCommandsTest.SEED).exit());
    for (int i = 0; i < 20; i++) {
      assertEquals(0, Cli.run("put", bee.toString(), "key" + i, "value " + i).exit());
    }
  }

  @Test
  void aBeeOpenInAnotherProcessIsLocked() throws Exception {
    try (ChildJvm holder = ChildJvm.start(LockProbe.class, "hold", bee.toString())) {
      assertTrue(holder.nextLine(120).startsWith("READY"));
      for (String[] command : new String[][] {
          {"put", bee.toString(), "k", "v"}, {"get", bee.toString(), "key1"}, {"verify", bee.toString()}}) {
        Cli.Result r = Cli.run(command);
        assertEquals(ExitCodes.LOCKED, r.exit(), r::toString);
        assertTrue(r.err().contains("locked") && r.err().contains("another process"), r.err());
      }
      holder.kill();
    }
    assertEquals(0, Cli.run("put", bee.toString(), "k", "v").exit()); // kill -9 released it
    assertEquals("v\n", Cli.run("get", bee.toString(), "k").out());
  }

  @Test
  void aBeeOpenInThisProcessIsLocked() {
    try (Hypercore owner = Hypercore.open(bee, HypercoreOptions.defaults())) {
      Cli.Result r = Cli.run("put", bee.toString(), "k", "v");
      assertEquals(ExitCodes.LOCKED, r.exit(), r::toString);
      assertTrue(r.err().contains("locked"), r.err());
      owner.append(new byte[] {1}); // the owner still writes
    }
  }

  @Test
  void verifyChangesNothingOnAHealthyBee() throws Exception {
    Map<String, String> before = checksums(bee);
    Cli.Result r = Cli.run("verify", bee.toString());
    assertEquals(0, r.exit(), r::toString);
    assertEquals(before, checksums(bee));
  }

  @Test
  void verifyReportsATornTailAndLeavesIt() throws Exception {
    for (String file : new String[] {"data", "index", "tree"}) { // an append torn before its head
      Files.write(bee.resolve(file), new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}, StandardOpenOption.APPEND);
    }
    Map<String, String> before = checksums(bee);
    Cli.Result r = Cli.run("verify", bee.toString());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("note: a writable open would cut what was written past head"), r.out());
    assertEquals(before, checksums(bee));
    Cli.Result read = Cli.run("get", bee.toString(), "key3"); // read commands are read-only too
    assertEquals("value 3\n", read.out(), read::toString);
    assertEquals(before, checksums(bee));
  }

  @Test
  void verifyChangesNothingOnADamagedBee() throws Exception {
    CorruptFiles.flipByteOf(bee, "value 7");
    Map<String, String> before = checksums(bee);
    Cli.Result r = Cli.run("verify", bee.toString());
    assertEquals(ExitCodes.CORRUPT, r.exit(), r::toString);
    assertEquals(before, checksums(bee));
  }

  /** SHA-256 of every file under {@code dir}, by name. */
  private static Map<String, String> checksums(Path dir) throws IOException, NoSuchAlgorithmException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        out.put(f.getFileName().toString(), HexFormat.of().formatHex(digest));
      }
    }
    return out;
  }
}
