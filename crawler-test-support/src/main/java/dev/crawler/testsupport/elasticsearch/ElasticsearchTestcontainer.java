package dev.crawler.testsupport.elasticsearch;

import dev.crawler.testsupport.ServerVersions;
import dev.crawler.testsupport.process.FreePorts;
import java.net.URI;
import java.time.Duration;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.elasticsearch.ElasticsearchContainer;

/**
 * Elasticsearch 9 in a container, security off. Its REST port is published on a fixed host port and
 * {@link #stop()}/{@link #start()} stop and start the same container, so an outage test finds the
 * server back at the same address with its data.
 */
final class ElasticsearchTestcontainer implements TestElasticsearch, AutoCloseable {

  private static final int REST_PORT = 9200;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final int hostPort = FreePorts.pick();
  private final FixedPortContainer container;
  private boolean running;

  ElasticsearchTestcontainer() {
    String image =
        System.getProperty(
            "crawler.test.elasticsearch.image",
            "docker.elastic.co/elasticsearch/elasticsearch:" + ServerVersions.elasticsearchImage());
    container = new FixedPortContainer(image, hostPort);
    container
        .withEnv("xpack.security.enabled", "false")
        .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
        .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false")
        .withEnv("ingest.geoip.downloader.enabled", "false")
        .withEnv("action.destructive_requires_name", "false")
        .waitingFor(
            Wait.forHttp("/_cluster/health?wait_for_status=yellow&timeout=1s")
                .forPort(REST_PORT)
                .forStatusCode(200)
                .withStartupTimeout(START_TIMEOUT));
  }

  @Override
  public synchronized void start() {
    if (running) {
      throw new IllegalStateException("Elasticsearch container is already running");
    }
    if (container.getContainerId() == null) {
      container.start();
    } else {
      container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
      awaitHealthy();
    }
    running = true;
  }

  /** Stops the container without removing it, so its data stays for {@link #start()}. */
  @Override
  public synchronized void stop() {
    if (running) {
      container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
      running = false;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return running;
  }

  @Override
  public URI httpUri() {
    return URI.create("http://" + container.getHost() + ":" + hostPort);
  }

  @Override
  public int serverMajorVersion() {
    String version = ServerVersions.elasticsearchImage();
    return Integer.parseInt(version.substring(0, version.indexOf('.')));
  }

  @Override
  public void close() {
    container.stop();
  }

  private void awaitHealthy() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!ClusterHealth.isUp(httpUri())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Elasticsearch container was not healthy within "
                + START_TIMEOUT
                + " after a restart; its log ends with:\n"
                + tail(container.getLogs()));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while restarting Elasticsearch", e);
      }
    }
  }

  private static String tail(String log) {
    return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
  }

  /** The stock container with its REST port published on a host port chosen up front. */
  private static final class FixedPortContainer extends ElasticsearchContainer {
    FixedPortContainer(String image, int hostPort) {
      super(image);
      addFixedExposedPort(hostPort, REST_PORT);
    }
  }
}
