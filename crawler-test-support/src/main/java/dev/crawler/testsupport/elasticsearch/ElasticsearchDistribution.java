package dev.crawler.testsupport.elasticsearch;

import dev.crawler.testsupport.ServerVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The Elasticsearch integ-test-zip from the local Maven repository, unpacked once per machine into
 * {@code ${java.io.tmpdir}/crawler-test-es/VERSION} and shared read-only by every node: each node
 * has its own configuration, data and log directories.
 */
final class ElasticsearchDistribution {

  /** System property naming the zip, instead of the local Maven repository's. */
  static final String ZIP_PROPERTY = "crawler.test.elasticsearch.zip";

  private ElasticsearchDistribution() {}

  /**
   * The unpacked distribution's home directory. Unpacking is guarded by a file lock, so test JVMs
   * started in parallel unpack it once, and a half-unpacked tree from a killed JVM is redone.
   */
  static synchronized Path home() {
    String version = ServerVersions.elasticsearchIntegTestZip();
    Path cache = Path.of(System.getProperty("java.io.tmpdir"), "crawler-test-es", version);
    Path home = cache.resolve("elasticsearch-" + version);
    Path complete = cache.resolve(".complete");
    if (Files.exists(complete)) {
      return home;
    }
    Path zip = zip(version);
    try {
      Files.createDirectories(cache);
      try (FileChannel channel =
              FileChannel.open(
                  cache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        if (!Files.exists(complete)) {
          deleteTree(home);
          unzip(zip, cache);
          if (!Files.isRegularFile(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException(zip + " has no elasticsearch-" + version + "/bin");
          }
          Files.createFile(complete);
        }
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + zip + " into " + cache, e);
    }
  }

  private static Path zip(String version) {
    String configured = System.getProperty(ZIP_PROPERTY);
    Path zip;
    if (configured != null && !configured.isBlank()) {
      zip = Path.of(configured);
    } else {
      String repository =
          System.getProperty(
              "maven.repo.local",
              Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
      zip =
          Path.of(
              repository,
              "org/elasticsearch/distribution/integ-test-zip/elasticsearch",
              version,
              "elasticsearch-" + version + ".zip");
    }
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException(
          "no Elasticsearch integ-test-zip at "
              + zip
              + "; fetch it with `mvn dependency:get -Dartifact=org.elasticsearch.distribution"
              + ".integ-test-zip:elasticsearch:"
              + version
              + ":zip` or name it with -D"
              + ZIP_PROPERTY);
    }
    return zip;
  }

  /** Unpacks keeping the Unix modes, which {@link java.util.zip} drops (bin/ must be runnable). */
  private static void unzip(Path zip, Path target) throws IOException {
    try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
      Enumeration<ZipArchiveEntry> entries = file.getEntries();
      while (entries.hasMoreElements()) {
        ZipArchiveEntry entry = entries.nextElement();
        Path path = target.resolve(entry.getName()).normalize();
        if (!path.startsWith(target)) {
          throw new IOException("zip entry escapes the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          continue;
        }
        Files.createDirectories(path.getParent());
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(path, readableBy(entry.getUnixMode()));
      }
    }
  }

  /** The entry's mode made readable by all: nodes may run as another user than the unpacker. */
  private static Set<PosixFilePermission> readableBy(int unixMode) {
    Set<PosixFilePermission> permissions =
        EnumSet.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);
    if ((unixMode & 0111) != 0) {
      permissions.addAll(
          EnumSet.of(
              PosixFilePermission.OWNER_EXECUTE,
              PosixFilePermission.GROUP_EXECUTE,
              PosixFilePermission.OTHERS_EXECUTE));
    }
    return permissions;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
