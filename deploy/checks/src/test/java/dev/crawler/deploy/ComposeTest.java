package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml starts in order, scales fetchers and parsers, and wires the services to its
 * Kafka and Elasticsearch. Its schema is checked by deploy/checks/schemas/validate.mjs.
 */
class ComposeTest {

  private final ComposeFile compose = new ComposeFile();

  @Test
  void fetchersAndParsersScaleBecauseNoneHasAFixedHostPortOrName() {
    for (String name : List.of("fetcher", "parser")) {
      assertThat(compose.service(name))
          .as("compose service %s (docker compose up --scale %s=3)", name, name)
          .doesNotContainKeys("ports", "container_name");
    }
    compose
        .crawlerServices()
        .keySet()
        .forEach(name ->
            assertThat(compose.service(name))
                .as("compose service %s", name)
                .doesNotContainKey("container_name"));
  }

  @Test
  void everyServiceStartsAfterTheTopicsExistAndReportsItsHealth() {
    assertThat(Tree.string(compose.service("topics"), "depends_on", "kafka", "condition"))
        .isEqualTo("service_healthy");
    assertThat(compose.service("kafka")).containsKey("healthcheck");
    assertThat(compose.service("elasticsearch")).containsKey("healthcheck");
    compose
        .crawlerServices()
        .keySet()
        .forEach(name -> {
          Map<String, Object> service = compose.service(name);
          assertThat(service).as("compose service %s", name).containsKey("healthcheck");
          assertThat(Tree.string(service, "depends_on", "topics", "condition"))
              .as("compose service %s waits for the topics", name)
              .isEqualTo("service_completed_successfully");
        });
    assertThat(Tree.string(compose.service("indexer"), "depends_on", "elasticsearch", "condition"))
        .isEqualTo("service_healthy");
  }

  @Test
  void servicesReachTheComposeKafkaOnItsAdvertisedListener() {
    String advertised =
        ComposeFile.environment(compose.service("kafka")).get("KAFKA_ADVERTISED_LISTENERS");
    compose
        .crawlerServices()
        .forEach((name, crawler) -> {
          for (String server : crawler.required("spring.kafka.bootstrap-servers").split(",")) {
            assertThat(advertised)
                .as("%s: bootstrap server %s is an advertised listener", crawler.where(), server)
                .containsPattern(
                    "(^|,)[A-Z_]+://" + java.util.regex.Pattern.quote(server.strip()) + "(,|$)");
          }
        });
  }

  @Test
  void indexerUsesTheComposeElasticsearchWithItsMajorVersion() {
    Map<String, Object> elasticsearch = compose.service("elasticsearch");
    String image = Tree.string(elasticsearch, "image");
    String major = image.substring(image.lastIndexOf(':') + 1).split("\\.")[0];
    assertThat(major).as("Elasticsearch image %s", image).isEqualTo("9");
    Map<String, String> environment = ComposeFile.environment(elasticsearch);
    assertThat(environment)
        .containsEntry("discovery.type", "single-node")
        .containsEntry("xpack.security.enabled", "false");
    CrawlerContainer indexer = compose.crawlerServices().get("indexer");
    assertThat(indexer.required("crawler.indexer.backend")).isEqualToIgnoringCase("elasticsearch");
    assertThat(indexer.required("crawler.indexer.elasticsearch.server-major-version"))
        .isEqualTo(major);
    for (String uri : indexer.required("crawler.indexer.elasticsearch.uris").split(",")) {
      assertThat(URI.create(uri.strip()).getHost())
          .as("crawler.indexer.elasticsearch.uris of the compose indexer")
          .isEqualTo("elasticsearch");
    }
  }

  @Test
  void crawlerImagesAreBuiltFromTheSharedDockerfileForTheirModule() {
    compose
        .crawlerServices()
        .forEach((name, crawler) -> {
          Map<String, Object> build = Tree.map(compose.service(name), "build");
          assertThat(Tree.string(build, "dockerfile")).isEqualTo("deploy/docker/Dockerfile");
          assertThat(Tree.string(build, "args", "SERVICE")).isEqualTo(crawler.service().module());
          assertThat(Tree.string(compose.service(name), "image"))
              .startsWith("crawler/" + crawler.service().module() + ":");
        });
  }

  /**
   * Published ports listen on loopback only: they serve the actuator and Kafka without
   * authentication, and anyone who reaches Kafka can write to crawl.jobs around the API key.
   */
  @Test
  void everyPublishedPortListensOnLoopbackOnly() {
    compose
        .services()
        .forEach((name, service) -> {
          for (Object port : Tree.list(service, "ports")) {
            String hostIp =
                port instanceof Map<?, ?> longForm
                    ? String.valueOf(longForm.get("host_ip"))
                    : String.valueOf(port).split(":").length == 3
                        ? String.valueOf(port).split(":")[0]
                        : "";
            assertThat(hostIp)
                .as("compose service %s publishes %s on all interfaces", name, port)
                .isIn("127.0.0.1", "[::1]");
          }
        });
  }

  /**
   * Docker's default stop timeout (10 s) would kill a frontier in its exactly-once close (commit,
   * RocksDB flush, leaving the group: up to 30 s), or an indexer or parser in its last batch.
   */
  @Test
  void everyCrawlerServiceHasTimeToStopCleanly() {
    compose
        .crawlerServices()
        .keySet()
        .forEach(name -> {
          String grace = Tree.string(compose.service(name), "stop_grace_period");
          assertThat(grace).as("stop_grace_period of compose service %s", name).isNotNull();
          assertThat(Durations.parse(grace, "s"))
              .as("stop_grace_period of compose service %s", name)
              .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        });
  }
}
