package io.hyperbee.leveldb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fusesource.leveldbjni.internal.NativeDB;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;

/**
 * The failures that clients of leveldbjni test for, done the same way on leveldbjni and on
 * Hyperbee: the same exception type ({@code NativeDB.DBException}), the same {@code isNotFound()}
 * and the same message once the directory's own path is replaced by {@code <dir>}.
 */
class JniErrorIdiomTest extends ConformanceSupport {

  /** What a failure looks like to a client: type, flag, message with the path abstracted. */
  record Failure(String type, boolean notFound, String message) {}

  interface Action {
    void run(DBFactory factory, File dir) throws Exception;
  }

  /** Runs {@code action} on a fresh directory prepared by {@code setUp}, for one factory. */
  private Failure failureOf(Peer peer, Function<File, File> setUp, Action action) {
    File dir = newDir();
    File target = setUp.apply(dir);
    Exception e = assertThrows(Exception.class, () -> action.run(peer.factory(), target));
    boolean notFound = e instanceof NativeDB.DBException d && d.isNotFound();
    String message = e.getMessage().replace(canonical(target), "<dir>");
    return new Failure(e.getClass().getName(), notFound, message);
  }

  private void sameOnBoth(String expectedMessage, Function<File, File> setUp, Action action) {
    Failure jni = failureOf(Peer.JNI, setUp, action);
    Failure bee = failureOf(Peer.HYPERBEE, setUp, action);
    assertEquals(new Failure(NativeDB.DBException.class.getName(), false, expectedMessage), jni);
    assertEquals(jni, bee);
  }

  @Test
  void missingDatabaseWithCreateIfMissingOff() {
    sameOnBoth(
        "Invalid argument: <dir>: does not exist (create_if_missing is false)",
        dir -> dir,
        (f, dir) -> f.open(dir, new Options().createIfMissing(false)));
  }

  @Test
  void emptyDirectoryWithCreateIfMissingOff() {
    sameOnBoth(
        "Invalid argument: <dir>: does not exist (create_if_missing is false)",
        dir -> {
          assertTrue(dir.mkdirs());
          return dir;
        },
        (f, dir) -> f.open(dir, new Options().createIfMissing(false)));
  }

  /** leveldbjni names the canonical path, also for a relative one. */
  @Test
  void relativePathIsNamedCanonically() {
    sameOnBoth(
        "Invalid argument: <dir>: does not exist (create_if_missing is false)",
        dir -> relative(dir),
        (f, dir) -> f.open(dir, new Options().createIfMissing(false)));
  }

  @Test
  void existingDatabaseWithErrorIfExists() {
    for (Peer peer : new Peer[] {Peer.JNI, Peer.HYPERBEE}) {
      File dir = newDir();
      Failure failure;
      try {
        peer.factory().open(dir, new Options()).close();
        failure = failureOf(peer, d -> dir, (f, d) -> f.open(d, new Options().errorIfExists(true)));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      assertEquals(
          new Failure(
              NativeDB.DBException.class.getName(),
              false,
              "Invalid argument: <dir>: exists (error_if_exists is true)"),
          failure,
          peer.name());
    }
  }

  @Test
  void secondOpenAndDestroyWhileOpen() throws IOException {
    for (Peer peer : new Peer[] {Peer.JNI, Peer.HYPERBEE}) {
      File dir = newDir();
      DB db = open(peer, dir, new Options());
      Failure open = failureOf(peer, d -> dir, (f, d) -> f.open(d, new Options()));
      Failure destroy = failureOf(peer, d -> dir, (f, d) -> f.destroy(d, new Options()));
      Failure expected =
          new Failure(
              NativeDB.DBException.class.getName(),
              false,
              "IO error: lock <dir>/LOCK: already held by process");
      assertEquals(expected, open, peer.name());
      assertEquals(expected, destroy, peer.name());
      db.close();
    }
  }

  @Test
  void regularFileIsNotADirectory() {
    Function<File, File> file =
        dir -> {
          try {
            assertTrue(dir.createNewFile());
          } catch (IOException e) {
            throw new AssertionError(e);
          }
          return dir;
        };
    sameOnBoth("IO error: <dir>/LOCK: Not a directory", file, (f, d) -> f.open(d, new Options()));
    sameOnBoth("IO error: <dir>: Not a directory", file, (f, d) -> f.repair(d, new Options()));
  }

  /** Both ignore a destroy of a regular file (LevelDB cannot list it, so finds nothing to delete). */
  @Test
  void destroyOfARegularFileIsIgnored() throws Exception {
    for (Peer peer : new Peer[] {Peer.JNI, Peer.HYPERBEE}) {
      File file = newDir();
      assertTrue(file.createNewFile());
      peer.factory().destroy(file, new Options());
      assertTrue(file.isFile(), peer.name());
    }
  }

  @Test
  void nullPath() {
    for (Peer peer : new Peer[] {Peer.JNI, Peer.HYPERBEE}) {
      for (Action action :
          new Action[] {
            (f, d) -> f.open(null, new Options()), (f, d) -> f.destroy(null, new Options())
          }) {
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class, () -> action.run(peer.factory(), newDir()));
        assertEquals("The path argument cannot be null", e.getMessage(), peer.name());
      }
    }
  }

  /**
   * A database open in another process: LevelDB's fcntl lock fails with the OS's words, not the
   * "already held by process" it says for its own process.
   */
  @Test
  void openInAnotherProcess() throws Exception {
    for (Peer peer : new Peer[] {Peer.JNI, Peer.HYPERBEE}) {
      File dir = newDir();
      Process holder =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  LockHolder.class.getName(),
                  peer.name(),
                  dir.getPath())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8))) {
        assertEquals("open", out.readLine(), peer.name());
        Failure failure = failureOf(peer, d -> dir, (f, d) -> f.open(d, new Options()));
        assertEquals(
            new Failure(
                NativeDB.DBException.class.getName(),
                false,
                "IO error: lock <dir>/LOCK: Resource temporarily unavailable"),
            failure,
            peer.name());
      } finally {
        holder.destroyForcibly();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
      }
    }
  }

  /** The other process: opens the database, says "open", and keeps it open until killed. */
  public static final class LockHolder {
    /** Held until the process dies (kept reachable so that nothing releases the lock). */
    static DB held;

    public static void main(String[] args) throws Exception {
      held = Peer.valueOf(args[0]).factory().open(new File(args[1]), new Options());
      System.out.println("open");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  /**
   * Damage is a "Corruption: " failure of the same type on both; the details name each store's own
   * files, so only the shape is compared.
   */
  @Test
  void corruptionHasLevelDbsPrefix() throws IOException {
    File jniDir = newDir();
    Peer.JNI.factory().open(jniDir, new Options()).close();
    Files.writeString(jniDir.toPath().resolve("CURRENT"), "no newline");
    IOException jni =
        assertThrows(IOException.class, () -> Peer.JNI.factory().open(jniDir, new Options()));

    File beeDir = newDir();
    try (DB db = Peer.HYPERBEE.factory().open(beeDir, new Options())) {
      putAll(db, "a", "b");
    }
    try (var files = Files.walk(beeDir.toPath().resolve("core"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Files.write(p, new byte[0]);
      }
    }
    IOException bee =
        assertThrows(IOException.class, () -> Peer.HYPERBEE.factory().open(beeDir, new Options()));

    for (IOException e : new IOException[] {jni, bee}) {
      NativeDB.DBException d = assertInstanceOfJni(e);
      assertFalse(d.isNotFound());
      assertTrue(e.getMessage().startsWith("Corruption: "), e.getMessage());
    }
  }

  private static NativeDB.DBException assertInstanceOfJni(IOException e) {
    assertTrue(e instanceof NativeDB.DBException, e.getClass() + ": " + e.getMessage());
    return (NativeDB.DBException) e;
  }

  private static File relative(File dir) {
    Path cwd = Path.of("").toAbsolutePath();
    return cwd.relativize(dir.toPath().toAbsolutePath()).toFile();
  }

  private static String canonical(File f) {
    try {
      return f.getCanonicalPath();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
