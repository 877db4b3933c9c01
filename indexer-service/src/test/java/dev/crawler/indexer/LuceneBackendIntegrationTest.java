package dev.crawler.indexer;

import static dev.crawler.indexer.index.Pages.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.testsupport.kafka.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service with the embedded Lucene backend, as the standalone mode runs it: operations from the
 * real broker end up searchable through the REST API, and the health names the backend.
 */
@SpringBootTest(
    classes = IndexerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=indexer",
      "crawler.kafka.partitions=3",
      "crawler.indexer.backend=lucene",
      "crawler.indexer.ingest.batch-interval=200ms",
      "crawler.indexer.ingest.poll-timeout=100ms",
      "crawler.indexer.lucene.refresh-interval=100ms"
    })
class LuceneBackendIntegrationTest {

  @TempDir static Path indexDirectory;

  private static final JsonMapper JSON = new JsonMapper();
  private static final JsonCodec<IndexOp> OPS = JsonCodec.of(IndexOp.class);

  @LocalServerPort int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    registry.add("crawler.indexer.lucene.path", () -> indexDirectory.toString());
    registry.add("crawler.indexer.ingest.group-id", () -> "lucene-it-" + UUID.randomUUID());
  }

  @Test
  void operationsOnTheTopicBecomeSearchableInTheEmbeddedIndex() throws Exception {
    String crawl = "lucene-" + UUID.randomUUID();
    List<IndexOp> ops =
        List.of(
            IndexOp.upsert(page(crawl, "/a", "Embedded search", "lucene holds this page")),
            IndexOp.upsert(page(crawl, "/b", "Another", "lucene holds that page too")),
            IndexOp.upsert(page(crawl, "/c", "Gone", "lucene drops this page")),
            IndexOp.delete(crawl, "https://example.test/c"));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      for (IndexOp op : ops) {
        producer.send(
            new ProducerRecord<>(
                Topics.DOCUMENTS, op.url().getBytes(StandardCharsets.UTF_8), OPS.encode(op)));
      }
    }

    JsonNode result =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> JSON.readTree(get("/api/search?q=lucene&crawl=" + crawl).body()),
                found -> found.path("total").asLong() == 2);

    assertThat(result.path("hits").get(0).path("url").asString())
        .isEqualTo("https://example.test/a");
    assertThat(result.path("hits").get(0).path("snippet").asString()).contains("<em>lucene</em>");
    assertThat(result.path("hits").get(0).path("fetchedAt").asString())
        .isEqualTo("2026-01-02T03:04:05Z");
    assertThat(result.path("size").asInt()).isEqualTo(10);
    assertThat(result.path("page").asInt()).isEqualTo(1);
    assertThat(result.has("tookMs")).isTrue();
    JsonNode health = JSON.readTree(get("/actuator/health").body());
    assertThat(health.at("/components/documentIndex/details/backend").asString())
        .isEqualTo("lucene");
  }

  private HttpResponse<String> get(String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
