package dev.crawler.testsupport.kafka;

import dev.crawler.testsupport.process.ChildProcess;
import dev.crawler.testsupport.process.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker as a separate OS process ({@code kafka.Kafka
 * server.properties}, storage formatted first), for tests that run services in several processes or
 * kill the broker. It listens on 127.0.0.1 only and keeps its data in a directory of the caller's,
 * so {@link #start()} after {@link #stop()} or {@link #kill()} brings back the same broker with its
 * topics and offsets.
 *
 * <p>The broker runs on the Kafka jars of this JVM's class path (crawler-test-support brings them
 * through spring-kafka-test), or on the class path in the system property {@value
 * #CLASSPATH_PROPERTY}.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

  /** System property with the class path to run the broker on instead of this JVM's jars. */
  public static final String CLASSPATH_PROPERTY = "crawler.test.kafka.classpath";

  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private final String classpath;
  private final List<String> jvmOptions;
  private final Map<String, String> settings;
  private ChildProcess process;

  private KafkaBrokerProcess(Builder builder) {
    this.dataDir = builder.dataDir.toAbsolutePath();
    this.port = builder.port == 0 ? FreePorts.pick() : builder.port;
    this.controllerPort = FreePorts.pick();
    this.classpath = builder.classpath == null ? defaultClasspath() : builder.classpath;
    this.jvmOptions = List.copyOf(builder.jvmOptions);
    Map<String, String> all = new LinkedHashMap<>(TestBrokerSettings.defaults());
    all.putAll(builder.settings);
    all.putAll(listenerSettings());
    this.settings = Map.copyOf(all);
  }

  /** A broker keeping its data (KRaft metadata and logs) under {@code dataDir}. */
  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /**
   * Starts the broker, formatting its storage on first start, and returns once it serves metadata.
   *
   * @throws IllegalStateException if it is already running, or does not come up (with the tail of
   *     its log)
   */
  public synchronized KafkaBrokerProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("Kafka broker on port " + port + " is already running");
    }
    try {
      Files.createDirectories(dataDir);
      Path config = writeConfig();
      if (!Files.exists(logDir().resolve("meta.properties"))) {
        ChildProcess.run(
            "kafka storage format",
            java(
                "kafka.tools.StorageTool",
                "format",
                "--cluster-id",
                Uuid.randomUuid().toString(),
                "--config",
                config.toString()),
            dataDir,
            FORMAT_TIMEOUT);
      }
      process =
          ChildProcess.start(
              "kafka broker on port " + port,
              java("kafka.Kafka", config.toString()),
              Map.of(),
              dataDir,
              dataDir.resolve("broker.log"),
              false);
      process.awaitReady(this::servesMetadata, READY_TIMEOUT);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka broker in " + dataDir, e);
    }
  }

  /** Shuts the broker down cleanly (SIGTERM), killing it if it has not exited within 30 s. */
  public synchronized void stop() {
    if (process != null) {
      process.stop(STOP_GRACE);
    }
  }

  /** Kills the broker at once (SIGKILL), like a crash; {@link #start()} recovers its logs. */
  public synchronized void kill() {
    if (process != null) {
      process.kill();
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** {@code 127.0.0.1:PORT}; the port stays the same across restarts. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The broker's output (stdout and stderr of every start, appended). */
  public Path logFile() {
    return dataDir.resolve("broker.log");
  }

  @Override
  public void close() {
    stop();
  }

  private Map<String, String> listenerSettings() {
    return Map.of(
        "process.roles", "broker,controller",
        "node.id", "1",
        "controller.quorum.voters", "1@127.0.0.1:" + controllerPort,
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names", "CONTROLLER",
        "inter.broker.listener.name", "PLAINTEXT",
        "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs", logDir().toString());
  }

  private Path logDir() {
    return dataDir.resolve("kraft-logs");
  }

  private Path writeConfig() throws IOException {
    Properties properties = new Properties();
    properties.putAll(settings);
    Path config = dataDir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(config)) {
      properties.store(out, "Kafka broker for tests, written by KafkaBrokerProcess");
    }
    Path logback = dataDir.resolve("logback.xml");
    Files.writeString(
        logback,
        """
        <configuration>
          <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{ISO8601} %-5level [%logger{36}] %msg%n</pattern></encoder>
          </appender>
          <logger name="org.apache.kafka" level="INFO"/>
          <logger name="kafka" level="INFO"/>
          <root level="WARN"><appender-ref ref="out"/></root>
        </configuration>
        """);
    return config;
  }

  private List<String> java(String mainClass, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Dlogback.configurationFile=" + dataDir.resolve("logback.xml"));
    command.addAll(List.of("-cp", classpath, mainClass));
    command.addAll(Arrays.asList(arguments));
    return command;
  }

  private boolean servesMetadata() {
    if (!FreePorts.isListening(port)) {
      return false;
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * The jars of this JVM's class path. Directories (a module's own classes) are left out so an
   * application's logging configuration or classes cannot leak into the broker.
   */
  private static String defaultClasspath() {
    String configured = System.getProperty(CLASSPATH_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    String jars =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> entry.endsWith(".jar"))
            .collect(Collectors.joining(File.pathSeparator));
    if (!jars.contains("kafka_2.13")) {
      throw new IllegalStateException(
          "the class path of this JVM has no kafka_2.13 jar to run a broker on; add"
              + " crawler-test-support as a dependency or set -D"
              + CLASSPATH_PROPERTY);
    }
    return jars;
  }

  /** Options of a broker process; only the data directory is required. */
  public static final class Builder {
    private final Path dataDir;
    private int port;
    private String classpath;
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xms128m", "-Xmx512m"));
    private final Map<String, String> settings = new LinkedHashMap<>();

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    /** The client port on 127.0.0.1 (default: a free port picked once). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The class path with the Kafka broker jars (default: this JVM's jars). */
    public Builder classpath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    /** Replaces the JVM options (default {@code -Xms128m -Xmx512m}). */
    public Builder jvmOptions(String... options) {
      jvmOptions.clear();
      jvmOptions.addAll(List.of(options));
      return this;
    }

    /** A broker setting on top of the test defaults; listeners and log dirs are not settable. */
    public Builder setting(String key, String value) {
      settings.put(key, value);
      return this;
    }

    public KafkaBrokerProcess build() {
      return new KafkaBrokerProcess(this);
    }
  }
}
