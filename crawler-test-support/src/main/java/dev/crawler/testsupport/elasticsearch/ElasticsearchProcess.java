package dev.crawler.testsupport.elasticsearch;

import dev.crawler.testsupport.ServerVersions;
import dev.crawler.testsupport.process.ChildProcess;
import dev.crawler.testsupport.process.FreePorts;
import dev.crawler.testsupport.process.UnprivilegedUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch as a separate OS process, from Maven Central's {@code
 * org.elasticsearch.distribution.integ-test-zip:elasticsearch} (version from the parent pom), for
 * machines without Docker.
 *
 * <p>It listens on 127.0.0.1 only, with security off, single-node discovery, a 512 MB heap and the
 * disk watermarks off (a nearly full disk must not turn indices read-only mid-test). Its
 * configuration, data and logs live in the run directory given to {@link #create(Path)}; the
 * unpacked distribution is shared. As root it runs as {@code nobody}: Elasticsearch refuses root.
 *
 * <p>Known gaps of the integ-test-zip build, which code under test must live with:
 *
 * <ul>
 *   <li>no {@code analysis-common} module: only the {@code standard}, {@code simple}, {@code
 *       whitespace}, {@code keyword} and similar built-in analyzers, no language analyzers;
 *   <li>no {@code lang-painless}: no scripts (scripted updates, script queries, runtime fields);
 *   <li>no {@code GET /} handler (405): ask {@code /_cluster/health} or {@code /_nodes} instead;
 *   <li>it is 8.x, so a 9.x Java client must send {@code compatible-with=8} media types.
 * </ul>
 *
 * <p>It runs on the JDK named by {@code -Dcrawler.test.elasticsearch.java-home}, else this JVM's if
 * it is 21 or newer, else {@code /usr/lib/jvm/temurin-25-jdk-amd64}. Elasticsearch 8.19 starts on
 * JDK 17, 21 and 25 alike.
 */
public final class ElasticsearchProcess implements TestElasticsearch, AutoCloseable {

  /** System property: the JDK to run Elasticsearch on. */
  public static final String JAVA_HOME_PROPERTY = "crawler.test.elasticsearch.java-home";

  /** System property: how long to wait for a start, ISO-8601 (default PT3M: 2 shared cores). */
  public static final String START_TIMEOUT_PROPERTY = "crawler.test.elasticsearch.start-timeout";

  private static final Path FALLBACK_JDK = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final String HEAP = "-Xms512m -Xmx512m";

  private final Path home;
  private final Path runDir;
  private final int httpPort;
  private final int transportPort;
  private ChildProcess process;

  private ElasticsearchProcess(Path home, Path runDir, int httpPort, int transportPort) {
    this.home = home;
    this.runDir = runDir;
    this.httpPort = httpPort;
    this.transportPort = transportPort;
  }

  /**
   * A node (not yet started) with its configuration, data and logs under {@code runDir}, on free
   * ports that it keeps across restarts.
   */
  public static ElasticsearchProcess create(Path runDir) {
    return create(runDir, FreePorts.pick());
  }

  /** A node (not yet started) serving HTTP on the given port of 127.0.0.1. */
  public static ElasticsearchProcess create(Path runDir, int httpPort) {
    return new ElasticsearchProcess(
        ElasticsearchDistribution.home(), runDir.toAbsolutePath(), httpPort, FreePorts.pick());
  }

  /**
   * Starts the node and returns once its cluster is yellow or green.
   *
   * @throws IllegalStateException if it is already running, or is not healthy in time (the message
   *     carries the tail of its log)
   */
  @Override
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("Elasticsearch on port " + httpPort + " is already running");
    }
    if (FreePorts.isListening(httpPort)) {
      throw new IllegalStateException(
          "port " + httpPort + " on 127.0.0.1 is taken by another process");
    }
    try {
      prepareRunDir();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Elasticsearch in " + runDir, e);
    }
    process =
        ChildProcess.start(
            "elasticsearch on port " + httpPort,
            List.of(home.resolve("bin/elasticsearch").toString()),
            Map.of(
                "ES_JAVA_HOME", javaHome().toString(),
                "ES_PATH_CONF", runDir.resolve("config").toString(),
                "ES_TMPDIR", runDir.resolve("tmp").toString(),
                "ES_JAVA_OPTS", HEAP),
            runDir,
            runDir.resolve("elasticsearch.out"),
            true);
    process.awaitReady(() -> ClusterHealth.isUp(httpUri()), startTimeout());
  }

  /** Shuts the node down (SIGTERM), killing it if it has not exited within 30 s. */
  @Override
  public synchronized void stop() {
    if (process != null) {
      process.stop(STOP_GRACE);
    }
  }

  /** Kills the node at once (SIGKILL), like a crash. */
  public synchronized void kill() {
    if (process != null) {
      process.kill();
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  @Override
  public URI httpUri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  @Override
  public int serverMajorVersion() {
    String version = ServerVersions.elasticsearchIntegTestZip();
    return Integer.parseInt(version.substring(0, version.indexOf('.')));
  }

  /** The node's main log (Elasticsearch's own, under the run directory). */
  public Path logFile() {
    return runDir.resolve("logs/crawler-test.log");
  }

  @Override
  public void close() {
    stop();
  }

  /** Stops the node and deletes its run directory. */
  void closeAndDelete() {
    try {
      stop();
      ElasticsearchDistribution.deleteTree(runDir);
    } catch (IOException | RuntimeException e) {
      System.err.println("cannot clean up Elasticsearch in " + runDir + ": " + e);
    }
  }

  /**
   * Writes this node's configuration next to its data (the shared distribution's own config
   * directory stays untouched: Elasticsearch creates a keystore in whichever it is given).
   */
  private void prepareRunDir() throws IOException {
    Path config = runDir.resolve("config");
    for (String dir : List.of("config", "data", "logs", "tmp")) {
      Files.createDirectories(runDir.resolve(dir));
    }
    try (Stream<Path> files = Files.list(home.resolve("config"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path copy = config.resolve(file.getFileName().toString());
        if (!Files.exists(copy)) {
          Files.copy(file, copy);
        }
      }
    }
    Files.createDirectories(config.resolve("jvm.options.d"));
    Files.writeString(
        config.resolve("elasticsearch.yml"),
        """
        # Written by ElasticsearchProcess: a throw-away single node for tests.
        cluster.name: crawler-test
        node.name: crawler-test-node
        network.host: 127.0.0.1
        http.port: %d
        transport.port: %d
        discovery.type: single-node
        path.data: %s
        path.logs: %s
        xpack.security.enabled: false
        # A nearly full disk must not turn indices read-only in the middle of a test.
        cluster.routing.allocation.disk.threshold_enabled: false
        action.destructive_requires_name: false
        """
            .formatted(httpPort, transportPort, runDir.resolve("data"), runDir.resolve("logs")));
    UnprivilegedUser.handOver(runDir);
  }

  private static Path javaHome() {
    String configured = System.getProperty(JAVA_HOME_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    if (Runtime.version().feature() >= 21) {
      return Path.of(System.getProperty("java.home"));
    }
    if (Files.isExecutable(FALLBACK_JDK.resolve("bin/java"))) {
      return FALLBACK_JDK;
    }
    throw new IllegalStateException(
        "Elasticsearch needs a JDK 21+: this JVM is "
            + Runtime.version()
            + " and "
            + FALLBACK_JDK
            + " is missing; set -D"
            + JAVA_HOME_PROPERTY);
  }

  private static Duration startTimeout() {
    return Duration.parse(System.getProperty(START_TIMEOUT_PROPERTY, "PT3M"));
  }
}
