package io.hyperbee.storage;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.nio.file.Path;

/**
 * A child process for lock tests. {@code probe DIR NAME}: tries to take the lock file {@code NAME}
 * of {@code DIR} and prints {@code LOCKED} or {@code FREE} (releasing it again). {@code hold DIR}:
 * opens the core stored in {@code DIR}, prints {@code READY} and keeps it open until killed.
 */
public final class LockProbe {
  private LockProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    if (args[0].equals("probe")) {
      try (DirectoryLock lock = DirectoryLock.acquire(dir, args[2])) {
        System.out.println("FREE");
      } catch (HyperbeeException e) {
        System.out.println(e.code() == ErrorCode.LOCKED ? "LOCKED" : "ERROR " + e);
      }
    } else {
      FileCoreStorage storage = FileCoreStorage.open(dir, false, false, false);
      System.out.println("READY " + storage.head().length());
      System.in.read(); // until killed
    }
    System.out.flush();
  }

  /** What a probe in another process says about the lock file {@code name} of {@code dir}: LOCKED or FREE. */
  public static String probe(Path dir, String name) throws Exception {
    try (ChildJvm child = ChildJvm.start(LockProbe.class, "probe", dir.toString(), name)) {
      return child.nextLine(120);
    }
  }
}
