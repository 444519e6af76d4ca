package io.hyperbee.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Damages a bee on disk the way a bad disk would: one flipped bit in stored block data. */
final class CorruptFiles {
  private CorruptFiles() {}

  /**
   * Flips one bit in the middle of {@code marker} (text stored in some block) in whichever file
   * of {@code dir} holds it; returns that file.
   */
  static Path flipByteOf(Path dir, String marker) throws IOException {
    byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      int at = indexOf(content, needle);
      if (at >= 0) {
        content[at + needle.length / 2] ^= 0x01;
        Files.write(file, content);
        return file;
      }
    }
    fail("no file under " + dir + " holds '" + marker + "': " + files);
    return null;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
