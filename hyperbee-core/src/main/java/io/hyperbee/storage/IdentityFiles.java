package io.hyperbee.storage;

import io.hyperbee.ErrorCode;
import io.hyperbee.HyperbeeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The {@code identity} and {@code secret-key} files of a core, each written once: to a temporary
 * file, forced, then renamed into place, so a crash while creating leaves no half-written file.
 * The secret key lives apart so that only it needs owner-only permissions; they are set when the
 * file is created (never widened and narrowed later), where the file system supports POSIX
 * permissions. Little-endian:
 *
 * <pre>
 * identity:   u32 magic "HBID" (0x44494248), u8 version 1,
 *             u8 flags (bit 0 compat, bit 1 manifest present, bit 2 secret key stored),
 *             32-byte key, 32-byte public key, u32 manifest length m, m manifest bytes,
 *             u32 CRC32C of all preceding bytes
 * secret-key: u32 magic "HBSK" (0x4B534248), 64-byte secret key, u32 CRC32C of the preceding bytes
 * </pre>
 */
final class IdentityFiles {
  static final String IDENTITY = "identity";
  static final String SECRET_KEY = "secret-key";
  private static final int IDENTITY_MAGIC = 0x44494248;
  private static final int SECRET_MAGIC = 0x4B534248;
  private static final int MAX_MANIFEST = 1 << 20;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private IdentityFiles() {}

  /** The stored identity of the core in {@code dir}, or null when none was created. */
  static CoreIdentity read(Path dir) throws IOException {
    Path path = dir.resolve(IDENTITY);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 4 + 2 + 64 + 4 + 4 || buf.getInt() != IDENTITY_MAGIC) {
      throw new HyperbeeException(ErrorCode.CORRUPTION, "not an identity file (" + bytes.length + " bytes): " + path);
    }
    checkCrc(path, bytes);
    int version = buf.get();
    int flags = buf.get();
    if (version != 1 || (flags & ~7) != 0) {
      throw new HyperbeeException(
          ErrorCode.CORRUPTION, "unknown identity version " + version + " / flags " + flags + ": " + path + " offset 4");
    }
    byte[] key = new byte[32];
    byte[] publicKey = new byte[32];
    buf.get(key).get(publicKey);
    int m = buf.getInt();
    if (m < 0 || m != buf.remaining() - 4 || ((flags & 2) == 0 && m != 0)) {
      throw new HyperbeeException(ErrorCode.CORRUPTION, "bad manifest length " + m + ": " + path + " offset 70");
    }
    byte[] manifest = null;
    if ((flags & 2) != 0) {
      manifest = new byte[m];
      buf.get(manifest);
    }
    byte[] secretKey = (flags & 4) != 0 ? readSecretKey(dir.resolve(SECRET_KEY)) : null;
    return new CoreIdentity(key, manifest, publicKey, secretKey, (flags & 1) != 0);
  }

  private static byte[] readSecretKey(Path path) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new HyperbeeException(
          ErrorCode.CORRUPTION, "the identity says a secret key is stored, but " + path + " is missing");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length != 4 + 64 + 4 || buf.getInt() != SECRET_MAGIC) {
      throw new HyperbeeException(ErrorCode.CORRUPTION, "not a secret key file (" + bytes.length + " bytes): " + path);
    }
    checkCrc(path, bytes);
    return Arrays.copyOfRange(bytes, 4, 68);
  }

  private static void checkCrc(Path path, byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if ((int) crc.getValue() != stored) {
      throw new HyperbeeException(ErrorCode.INVALID_CHECKSUM,
          "file fails its checksum: " + path + " (" + bytes.length + " bytes, CRC at offset " + (bytes.length - 4) + ")");
    }
  }

  /** Makes the entries of the directory durable (an fsync of the directory). */
  interface DirectorySync {
    void run() throws IOException;
  }

  /**
   * Writes both files, each durable with its directory entry before the next step: the secret key
   * first, since the identity's presence is what says the core exists (and that the key is there).
   */
  static void write(Path dir, CoreIdentity id, DirectorySync syncDirectory) throws IOException {
    if (id.secretKey() != null) {
      ByteBuffer sk = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN);
      sk.putInt(SECRET_MAGIC).put(id.secretKey());
      writeAtomically(dir, SECRET_KEY, withCrc(sk), true);
      syncDirectory.run();
    }
    int m = id.manifest() == null ? 0 : id.manifest().length;
    ByteBuffer buf = ByteBuffer.allocate(4 + 2 + 64 + 4 + m + 4).order(ByteOrder.LITTLE_ENDIAN);
    int flags = (id.compat() ? 1 : 0) | (id.manifest() != null ? 2 : 0) | (id.secretKey() != null ? 4 : 0);
    buf.putInt(IDENTITY_MAGIC).put((byte) 1).put((byte) flags).put(id.key()).put(id.publicKey()).putInt(m);
    if (id.manifest() != null) {
      buf.put(id.manifest());
    }
    writeAtomically(dir, IDENTITY, withCrc(buf), false);
    syncDirectory.run();
  }

  static void checkManifest(byte[] manifest) {
    if (manifest != null && manifest.length > MAX_MANIFEST) {
      throw new IllegalArgumentException("manifest is " + manifest.length + " bytes, at most " + MAX_MANIFEST);
    }
  }

  private static ByteBuffer withCrc(ByteBuffer buf) {
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    return buf.flip();
  }

  private static void writeAtomically(Path dir, String name, ByteBuffer content, boolean ownerOnly) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Files.deleteIfExists(tmp);
    FileAttribute<?>[] attrs = ownerOnly && supportsPosix(dir)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
    try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
      while (content.hasRemaining()) {
        ch.write(content);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean supportsPosix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Removes temporary files a crash during {@link #write} may have left. */
  static void deleteLeftovers(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(IDENTITY + ".tmp"));
    Files.deleteIfExists(dir.resolve(SECRET_KEY + ".tmp"));
  }
}
