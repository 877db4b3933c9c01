package dev.crawler.testsupport.cluster;

import dev.crawler.testsupport.process.ChildProcess;
import dev.crawler.testsupport.process.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service process of a {@link CrawlCluster}: a JVM running the service's executable jar with
 * its own HTTP port (kept across restarts) and its output appended to its own log file.
 */
public final class ServiceInstance {

  private static final Logger log = LoggerFactory.getLogger(ServiceInstance.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

  private final String name;
  private final ServiceKind kind;
  private static final int PORT_ATTEMPTS = 3;

  private final List<String> launcher;
  private final List<String> arguments;
  private int port;
  private final Path workDir;
  private final Path logFile;
  private final Duration readyTimeout;
  private final Duration stopGrace;
  private ChildProcess process;

  ServiceInstance(
      String name,
      ServiceKind kind,
      Path jar,
      int port,
      List<String> jvmOptions,
      List<String> arguments,
      Path workDir,
      Duration readyTimeout,
      Duration stopGrace) {
    this.name = name;
    this.kind = kind;
    this.port = port;
    this.workDir = workDir;
    this.logFile = workDir.resolve(name + ".log");
    this.readyTimeout = readyTimeout;
    this.stopGrace = stopGrace;
    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.addAll(jvmOptions);
    java.addAll(List.of("-jar", jar.toString()));
    this.launcher = List.copyOf(java);
    this.arguments = List.copyOf(arguments);
  }

  /** {@code fetcher-2}: the kind and a number unique within the cluster. */
  public String name() {
    return name;
  }

  public ServiceKind kind() {
    return kind;
  }

  /** {@code http://127.0.0.1:PORT}: the REST API and actuator. */
  public synchronized URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The process's stdout and stderr, every start appended. */
  public Path logFile() {
    return logFile;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * The process id of the running JVM.
   *
   * @throws IllegalStateException if it is not running
   */
  public synchronized long pid() {
    requireRunning();
    return process.pid();
  }

  /** CPU time and peak memory of the running JVM so far (read them before stopping it). */
  public ProcessUsage usage() {
    return ProcessUsage.of(pid());
  }

  /** Starts the JVM without waiting for it; see {@link #awaitReady()}. */
  synchronized void launch() {
    if (isRunning()) {
      throw new IllegalStateException(name + " is already running");
    }
    List<String> command = new ArrayList<>(launcher);
    command.add("--server.port=" + port);
    command.addAll(arguments);
    process = ChildProcess.start(name, command, Map.of(), workDir, logFile, false);
  }

  /**
   * Waits until {@code /actuator/health} answers 200 (status UP), failing with the tail of the log
   * if the JVM exits first or is not ready in time.
   */
  public void awaitReady() {
    for (int attempt = 1; ; attempt++) {
      ChildProcess started;
      synchronized (this) {
        // A JVM that already exited fails the wait below with its log's tail, which tells whether
        // it lost its port (a service started after another one may have died while it waited).
        started = Objects.requireNonNull(process, () -> name + " was never started");
      }
      try {
        started.awaitReady(this::isHealthy, readyTimeout);
        log.info("event=service_ready name={} pid={} port={}", name, started.pid(), baseUri());
        return;
      } catch (IllegalStateException e) {
        // A port picked free can be taken before the service binds it (outgoing connections draw
        // from the same range), so a start that lost its port is retried on another one.
        if (attempt >= PORT_ATTEMPTS || !lostItsPort(e)) {
          throw e;
        }
        synchronized (this) {
          log.warn("event=service_port_taken name={} port={} action=retry", name, port);
          port = FreePorts.pick();
          launch();
        }
      }
    }
  }

  private boolean lostItsPort(IllegalStateException e) {
    String message = String.valueOf(e.getMessage());
    return !isRunning()
        && (message.contains("listening on port " + port)
            || message.contains("Port " + port + " was already in use"));
  }

  /** Starts the JVM and waits until it is healthy. */
  public void start() {
    launch();
    awaitReady();
  }

  /**
   * Shuts the JVM down gracefully (SIGTERM: the service drains and commits), killing it if it has
   * not exited within the grace period.
   */
  public synchronized void stop() {
    if (isRunning()) {
      log.info("event=service_stop name={} pid={} signal=TERM", name, process.pid());
      process.stop(stopGrace);
    }
  }

  /** Kills the JVM at once (SIGKILL, as {@code kill -9}): no drain, no commit, no shutdown hook. */
  public synchronized void kill9() {
    requireRunning();
    log.info("event=service_kill name={} pid={} signal=KILL", name, process.pid());
    process.kill();
  }

  /** Whether {@code /actuator/health} answers 200 now. */
  public boolean isHealthy() {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(baseUri().resolve("/actuator/health"))
                  .timeout(HEALTH_TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return name + " (port " + port + ", log " + logFile + ")";
  }

  private void requireRunning() {
    if (!isRunning()) {
      throw new IllegalStateException(name + " is not running; log " + logFile);
    }
  }
}
