package io.hyperbee.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Lists and loads the interop vectors: every {@code .json} and {@code .json.gz} file under the
 * classpath folder {@value #FOLDER}, whether that folder is a directory (this module's tests) or
 * inside the core test-jar (other modules' tests). Names are resource names such as
 * {@code vectors/basic.json}, sorted. Files are parsed on demand; large ones hold tens of
 * megabytes of hex, so callers should load one at a time.
 */
public final class Vectors {
  public static final String FOLDER = "vectors";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vectors() {}

  /** Resource names of every vector file, sorted; empty if the folder is missing. */
  public static List<String> names() {
    URL url = Vectors.class.getClassLoader().getResource(FOLDER);
    if (url == null) {
      return List.of();
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = openJar(uri)) {
          return list(fs.getPath(FOLDER));
        }
      }
      return list(Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + url, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad resource URL " + url, e);
    }
  }

  /** Loads every vector file; meant for small sets, prefer {@link #names()} + {@link #load}. */
  public static Stream<VectorFile> all() {
    return names().stream().map(Vectors::load);
  }

  /** Parses the vector file with the given resource name. */
  public static VectorFile load(String name) {
    JsonNode root = readTree(name);
    try {
      return VectorFile.parse(name, root);
    } catch (RuntimeException e) {
      throw new IllegalStateException("malformed vector file " + name + ": " + e.getMessage(), e);
    }
  }

  /** The raw JSON tree of a vector file, for checks the records do not cover. */
  public static JsonNode readTree(String name) {
    try (InputStream in = open(name)) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vector file " + name, e);
    }
  }

  /** The scenario name of a resource name: {@code vectors/basic.json.gz} gives {@code basic}. */
  public static String scenarioName(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    return base.endsWith(".json.gz")
        ? base.substring(0, base.length() - ".json.gz".length())
        : base.substring(0, base.length() - ".json".length());
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = Vectors.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("no such resource: " + name);
    }
    return name.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  private static boolean isVector(String fileName) {
    return fileName.endsWith(".json") || fileName.endsWith(".json.gz");
  }

  private static List<String> list(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      List<String> names = new java.util.ArrayList<>(files
          .filter(Files::isRegularFile)
          .filter(p -> isVector(p.getFileName().toString()))
          .map(p -> FOLDER + "/" + folder.relativize(p).toString().replace('\\', '/'))
          .toList());
      Collections.sort(names);
      return List.copyOf(names);
    }
  }

  private static FileSystem openJar(URI uri) throws IOException {
    try {
      return FileSystems.newFileSystem(uri, java.util.Map.of());
    } catch (FileSystemAlreadyExistsException e) {
      // another caller has it open; a fresh one over the same jar file is independent
      String jar = uri.getSchemeSpecificPart();
      Path jarPath = Path.of(URI.create(jar.substring(0, jar.indexOf("!/"))));
      return FileSystems.newFileSystem(jarPath);
    }
  }
}
