package dev.crawler.testsupport.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the services' executable jars are: {@code <module>/target/<module>-<version>-exec.jar}
 * under the repository root, which is the system property {@value #ROOT_PROPERTY} if set, else the
 * nearest directory at or above the working directory that holds {@code frontier-service/pom.xml}
 * (Maven runs tests in the module's own directory, a benchmark may run from the root).
 */
public final class ServiceJars {

  /** System property: the repository root, for runs from outside the source tree. */
  public static final String ROOT_PROPERTY = "crawler.repo.root";

  private static final String VERSION = loadVersion();

  private ServiceJars() {}

  /**
   * The executable jar of a service.
   *
   * @throws IllegalStateException if the repository root cannot be found or the jar is not built
   */
  public static Path jar(ServiceKind kind) {
    String name = kind.module() + "-" + VERSION + "-exec.jar";
    Path jar = repositoryRoot().resolve(kind.module()).resolve("target").resolve(name);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: build it with `mvn -B -o package -DskipTests -pl "
              + kind.module()
              + " -am`");
    }
    return jar;
  }

  /** The repository root (the directory of the parent pom). */
  public static Path repositoryRoot() {
    String configured = System.getProperty(ROOT_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(ServiceKind.FRONTIER.module()).resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no crawler repository at or above " + start + "; set -D" + ROOT_PROPERTY);
  }

  private static String loadVersion() {
    try (InputStream in = ServiceJars.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        throw new IllegalStateException("build.properties is missing from crawler-test-support");
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("project.version");
      if (version == null || version.startsWith("@")) {
        throw new IllegalStateException("build.properties lacks a filtered project.version");
      }
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
