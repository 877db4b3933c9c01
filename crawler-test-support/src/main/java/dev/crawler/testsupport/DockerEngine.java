package dev.crawler.testsupport;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Whether this JVM can use a Docker engine, asked once. Tests then get containers; without one (our
 * development and CI machines) they get the same servers as local processes.
 *
 * <p>The system property or environment variable {@code crawler.test.docker} / {@code
 * CRAWLER_TEST_DOCKER} forces the choice: {@code true}, {@code false} or {@code auto} (default).
 */
public final class DockerEngine {

  private static final Logger log = LoggerFactory.getLogger(DockerEngine.class);
  static final String PROPERTY = "crawler.test.docker";

  private static volatile Boolean available;

  private DockerEngine() {}

  /** Whether containers are used; the first call probes the engine, later calls are free. */
  public static boolean isAvailable() {
    Boolean known = available;
    if (known == null) {
      synchronized (DockerEngine.class) {
        known = available;
        if (known == null) {
          known = probe();
          available = known;
        }
      }
    }
    return known;
  }

  private static boolean probe() {
    String setting = System.getProperty(PROPERTY, System.getenv("CRAWLER_TEST_DOCKER"));
    String mode = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
    boolean result =
        switch (mode) {
          case "true" -> true;
          case "false" -> false;
          case "auto" -> DockerClientFactory.instance().isDockerAvailable();
          default ->
              throw new IllegalArgumentException(
                  PROPERTY + " must be true, false or auto, not '" + setting + "'");
        };
    log.info("event=docker_probe mode={} available={}", mode, result);
    return result;
  }
}
