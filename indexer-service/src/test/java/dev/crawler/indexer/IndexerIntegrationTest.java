package dev.crawler.indexer;

import static dev.crawler.indexer.index.Pages.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.crawler.common.kafka.DeadLetter;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.messages.IndexedCount;
import dev.crawler.common.messages.ParsedDocument;
import dev.crawler.indexer.index.elasticsearch.ElasticsearchClientFactory;
import dev.crawler.testsupport.elasticsearch.TestElasticsearch;
import dev.crawler.testsupport.kafka.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The indexer end to end against a real broker and a real Elasticsearch: index operations put on
 * {@code crawl.documents} become searchable through the REST API, exactly once, through redelivery,
 * an Elasticsearch outage and bad records.
 */
@SpringBootTest(
    classes = IndexerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=indexer",
      "crawler.kafka.partitions=3",
      "crawler.indexer.backend=elasticsearch",
      "crawler.indexer.ingest.batch-interval=200ms",
      "crawler.indexer.ingest.poll-timeout=100ms",
      "crawler.indexer.ingest.initial-backoff=100ms",
      "crawler.indexer.ingest.max-backoff=1s",
      "crawler.indexer.counts.interval=200ms",
      "crawler.indexer.elasticsearch.replicas=0",
      "crawler.indexer.elasticsearch.refresh-interval=100ms",
      "crawler.indexer.elasticsearch.connect-timeout=1s",
      "crawler.indexer.elasticsearch.response-timeout=10s"
    })
class IndexerIntegrationTest {

  private static final Duration INDEXED_WITHIN = Duration.ofSeconds(30);
  private static final JsonMapper JSON = new JsonMapper();
  private static final JsonCodec<IndexOp> OPS = JsonCodec.of(IndexOp.class);
  private static final JsonCodec<IndexedCount> COUNTS = JsonCodec.of(IndexedCount.class);

  private static KafkaProducer<byte[], byte[]> producer;
  private static Admin admin;
  private static String groupId;
  private static final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;
  @Autowired IndexerProperties properties;

  private String crawl;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestElasticsearch elasticsearch = TestElasticsearch.get();
    registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    registry.add("crawler.indexer.elasticsearch.uris", () -> elasticsearch.httpUri().toString());
    registry.add(
        "crawler.indexer.elasticsearch.server-major-version", elasticsearch::serverMajorVersion);
    String run = UUID.randomUUID().toString();
    registry.add("crawler.indexer.elasticsearch.index", () -> "it-pages-" + run);
    groupId = "it-indexer-" + run;
    registry.add("crawler.indexer.ingest.group-id", () -> groupId);
  }

  @BeforeAll
  static void startProducer() {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
  }

  @AfterAll
  static void stopProducer() {
    producer.close();
    admin.close();
  }

  @BeforeEach
  void newCrawl() {
    crawl = "it-" + UUID.randomUUID();
  }

  @Test
  void operationsOnTheTopicBecomeSearchableAndRedeliveryAddsNoDuplicates() {
    List<ParsedDocument> pages = pages("/doc", 10, "ingested");
    pages.forEach(page -> send(IndexOp.upsert(page)));
    awaitTotal("ingested", 10);

    // The same records again, as after a crash before a commit, then a marker after them.
    pages.forEach(page -> send(IndexOp.upsert(page)));
    send(IndexOp.upsert(page(crawl, "/marker", "Marker", "ingested marker")));
    awaitTotal("marker", 1);

    assertThat(search("ingested", "&size=100").path("total").asLong()).isEqualTo(11);
    awaitIndexedCount(11);

    send(IndexOp.delete(crawl, pages.getFirst().url()));
    awaitTotal("ingested", 10);
    awaitIndexedCount(10);
    assertThat(meters.get("crawler.indexer.documents.indexed").counter().count())
        .isGreaterThanOrEqualTo(21);
    assertThat(meters.get("crawler.indexer.documents.deleted").counter().count())
        .isGreaterThanOrEqualTo(1);
    assertThat(meters.get("crawler.indexer.bulk.latency").timer().count()).isPositive();
  }

  @Test
  void everyDocumentIsIndexedOnceAfterAnElasticsearchOutage() {
    TestElasticsearch elasticsearch = TestElasticsearch.get();
    pages("/before", 5, "outage").forEach(page -> send(IndexOp.upsert(page)));
    awaitTotal("outage", 5);

    elasticsearch.stop();
    List<RecordMetadata> during;
    try {
      during =
          pages("/during", 10, "outage").stream().map(p -> sendAndWait(IndexOp.upsert(p))).toList();
      await()
          .atMost(INDEXED_WITHIN)
          .untilAsserted(
              () -> assertThat(meters.get("crawler.indexer.paused").gauge().value()).isEqualTo(1));
      assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
      assertNotCommitted(during);
    } finally {
      elasticsearch.start();
    }

    JsonNode result = awaitTotal("outage", 15);
    awaitCommitted(during);
    List<String> urls = new ArrayList<>();
    result.path("hits").forEach(hit -> urls.add(hit.path("url").asString()));
    assertThat(urls).hasSize(15).doesNotHaveDuplicates();
    await()
        .atMost(INDEXED_WITHIN)
        .untilAsserted(
            () -> assertThat(meters.get("crawler.indexer.paused").gauge().value()).isZero());
  }

  @Test
  void badRecordsGoToTheDeadLetterTopicWithTheirReasonWhileTheOthersAreIndexed() {
    byte[] poisonKey = ("poison-" + crawl).getBytes(StandardCharsets.UTF_8);
    byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
    ParsedDocument immense = page(crawl, "/" + "x".repeat(40_000), "Immense", "survivor");
    try (KafkaConsumer<byte[], byte[]> dlq = deadLetterConsumer()) {
      producer.send(new ProducerRecord<>(Topics.DOCUMENTS, poisonKey, poison));
      send(IndexOp.upsert(immense));
      pages("/fine", 2, "survivor").forEach(page -> send(IndexOp.upsert(page)));

      awaitTotal("survivor", 2);
      List<ConsumerRecord<byte[], byte[]>> letters = new CopyOnWriteArrayList<>();
      await()
          .atMost(INDEXED_WITHIN)
          .untilAsserted(() -> {
            dlq.poll(Duration.ofMillis(200)).forEach(letters::add);
            assertThat(letters.stream().filter(r -> isFor(r, poisonKey))).hasSize(1);
            assertThat(deadLetters("undecodable")).isGreaterThanOrEqualTo(1);
            assertThat(deadLetters("rejected")).isGreaterThanOrEqualTo(1);
            assertThat(
                    letters.stream()
                        .filter(r -> isFor(r, immense.url().getBytes(StandardCharsets.UTF_8))))
                .hasSize(1);
          });
      ConsumerRecord<byte[], byte[]> poisonLetter =
          letters.stream().filter(r -> isFor(r, poisonKey)).findFirst().orElseThrow();
      assertThat(poisonLetter.value()).isEqualTo(poison);
      assertThat(header(poisonLetter, DeadLetter.HEADER_STAGE)).isEqualTo("indexer");
      assertThat(header(poisonLetter, DeadLetter.HEADER_TOPIC)).isEqualTo(Topics.DOCUMENTS);
      assertThat(header(poisonLetter, DeadLetter.HEADER_REASON)).contains("IndexOp");
      ConsumerRecord<byte[], byte[]> rejectLetter =
          letters.stream()
              .filter(r -> isFor(r, immense.url().getBytes(StandardCharsets.UTF_8)))
              .findFirst()
              .orElseThrow();
      assertThat(header(rejectLetter, DeadLetter.HEADER_REASON))
          .containsIgnoringCase("immense term");
      assertThat(OPS.decode(rejectLetter.value()).url()).isEqualTo(immense.url());
    }
  }

  /**
   * A write block refuses every document alike: the flood-stage disk watermark's read-only block
   * with 429, an operator's write block with 403. Both are retried with back-off, neither is a
   * reason to dead-letter a document, and no offset is committed until the documents are in.
   */
  @ParameterizedTest
  @ValueSource(strings = {"read_only_allow_delete", "write"})
  void documentsRefusedByABlockedIndexAreRetriedUntilItAcceptsThemAgain(String block)
      throws IOException {
    double retriesBefore = meters.get("crawler.indexer.bulk.retries").counter().count();
    double rejectedBefore = deadLetters("rejected");
    List<RecordMetadata> blocked;
    try (ElasticsearchClient elasticsearch =
        ElasticsearchClientFactory.create(properties.elasticsearch())) {
      setBlock(elasticsearch, block, true);
      try {
        blocked =
            pages("/blocked", 3, "blocked").stream()
                .map(p -> sendAndWait(IndexOp.upsert(p)))
                .toList();
        await()
            .atMost(INDEXED_WITHIN)
            .until(() ->
                meters.get("crawler.indexer.bulk.retries").counter().count() >= retriesBefore + 2);
        assertNotCommitted(blocked);
        assertThat(search("blocked", "").path("total").asLong()).isZero();
      } finally {
        setBlock(elasticsearch, block, false);
      }
    }

    awaitTotal("blocked", 3);
    awaitCommitted(blocked);
    assertThat(deadLetters("rejected")).isEqualTo(rejectedBefore);
  }

  @Test
  void theSearchApiAnswersWithTotalTookAndHighlightedHitsTitleMatchesFirst() {
    send(IndexOp.upsert(page(crawl, "/body", "Gardening", "notes that mention a zeppelin once")));
    send(IndexOp.upsert(page(crawl, "/title", "Zeppelin history", "airships of the past")));
    send(IndexOp.upsert(page(crawl, "other.test", "/far", "Zeppelin", "elsewhere", "o-" + crawl)));
    awaitTotal("zeppelin", 3);

    JsonNode first = search("zeppelin", "&host=example.test&size=1&page=1");
    JsonNode second = search("zeppelin", "&host=example.test&size=1&page=2");

    assertThat(first.path("total").asLong()).isEqualTo(2);
    assertThat(first.path("tookMs").isIntegralNumber()).isTrue();
    assertThat(first.path("hits")).hasSize(1);
    JsonNode hit = first.path("hits").get(0);
    assertThat(hit.size()).isEqualTo(8);
    assertThat(hit.path("collapsed").asLong()).isZero();
    assertThat(hit.path("duplicates")).isEmpty();
    assertThat(hit.path("url").asString()).isEqualTo("https://example.test/title");
    assertThat(hit.path("title").asString()).isEqualTo("Zeppelin history");
    assertThat(hit.path("snippet").asString()).isEqualTo("airships of the past");
    assertThat(hit.path("score").asDouble()).isPositive();
    assertThat(hit.path("host").asString()).isEqualTo("example.test");
    assertThat(hit.path("fetchedAt").asString()).isEqualTo("2026-01-02T03:04:05Z");
    JsonNode next = second.path("hits").get(0);
    assertThat(next.path("url").asString()).isEqualTo("https://example.test/body");
    assertThat(next.path("snippet").asString()).contains("<em>zeppelin</em>");
    assertThat(next.path("score").asDouble()).isLessThan(hit.path("score").asDouble());
  }

  @Test
  void thePrometheusEndpointExposesIndexingMetersAndConsumerLag() {
    send(IndexOp.upsert(page(crawl, "/metered", "Metered", "measured page")));
    awaitTotal("measured", 1);

    HttpResponse<String> response = get("/actuator/prometheus");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains(
            "crawler_indexer_documents_indexed_total{",
            "crawler_indexer_documents_deleted_total{",
            "crawler_indexer_bulk_latency_seconds_bucket{",
            "crawler_indexer_bulk_operations_count{",
            "crawler_indexer_bulk_failures_total{",
            "crawler_indexer_bulk_retries_total{",
            "crawler_indexer_paused ",
            "kafka_consumer_fetch_manager_records_lag_max{");
  }

  @Test
  void badSearchParametersAreAnsweredWithProblemDetailsNamingTheParameter() throws IOException {
    assertProblem("/api/search?q=fox&size=1000", "size");
    assertProblem("/api/search?q=fox&page=0", "page");
    assertProblem("/api/search?q=fox&page=abc", "page");
    assertProblem("/api/search?q=fox&page=101&size=100", "page");
    assertProblem("/api/search?q=" + encode("+ - |"), "q");
    assertProblem("/api/search", "q");
  }

  @Test
  void theHealthEndpointReportsTheBackend() throws IOException {
    HttpResponse<String> response = get("/actuator/health");

    JsonNode health = JSON.readTree(response.body());
    assertThat(health.at("/components/documentIndex/status").asString()).isEqualTo("UP");
    assertThat(health.at("/components/documentIndex/details/backend").asString())
        .isEqualTo("elasticsearch");
  }

  private double deadLetters(String cause) {
    return meters.get("crawler.indexer.dlq").tag("cause", cause).counter().count();
  }

  private void setBlock(ElasticsearchClient elasticsearch, String block, boolean on)
      throws IOException {
    String index =
        properties.elasticsearch().index() + "-v" + properties.elasticsearch().indexVersion();
    elasticsearch
        .indices()
        .putSettings(p ->
            p.index(index)
                .settings(s ->
                    s.blocks(
                        b -> block.equals("write") ? b.write(on) : b.readOnlyAllowDelete(on))));
  }

  /** None of these records is behind the group's committed offset of its partition yet. */
  private void assertNotCommitted(List<RecordMetadata> records) {
    Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
    for (RecordMetadata record : records) {
      OffsetAndMetadata offset =
          committed.get(new TopicPartition(record.topic(), record.partition()));
      assertThat(offset == null ? 0 : offset.offset())
          .as("committed offset of %s-%d", record.topic(), record.partition())
          .isLessThanOrEqualTo(record.offset());
    }
  }

  private void awaitCommitted(List<RecordMetadata> records) {
    await()
        .atMost(INDEXED_WITHIN)
        .untilAsserted(() -> {
          Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
          for (RecordMetadata record : records) {
            OffsetAndMetadata offset =
                committed.get(new TopicPartition(record.topic(), record.partition()));
            assertThat(offset).isNotNull();
            assertThat(offset.offset()).isGreaterThan(record.offset());
          }
        });
  }

  private Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
    try {
      return admin
          .listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata()
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the committed offsets of " + groupId, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void assertProblem(String path, String parameter) throws IOException {
    HttpResponse<String> response = get(path);

    assertThat(response.statusCode()).as(path).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(400);
    assertThat(problem.path("parameter").asString()).as(path).isEqualTo(parameter);
    assertThat(problem.path("detail").asString()).contains(parameter);
  }

  private List<ParsedDocument> pages(String prefix, int count, String word) {
    return IntStream.range(0, count)
        .mapToObj(i -> page(crawl, prefix + i, "Page " + i, word + " page number " + i))
        .toList();
  }

  private RecordMetadata sendAndWait(IndexOp op) {
    try {
      return producer
          .send(
              new ProducerRecord<>(
                  Topics.DOCUMENTS, op.url().getBytes(StandardCharsets.UTF_8), OPS.encode(op)))
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot send " + op.url(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void send(IndexOp op) {
    producer.send(
        new ProducerRecord<>(
            Topics.DOCUMENTS, op.url().getBytes(StandardCharsets.UTF_8), OPS.encode(op)));
  }

  private JsonNode awaitTotal(String word, long total) {
    return await()
        .atMost(INDEXED_WITHIN)
        .until(() -> search(word, "&size=100"), result -> result.path("total").asLong() == total);
  }

  private JsonNode search(String word, String extra) {
    HttpResponse<String> response =
        get("/api/search?q=" + encode(word) + "&crawl=" + crawl + extra);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private void awaitIndexedCount(long documents) {
    try (KafkaConsumer<byte[], byte[]> counts = consumer(Topics.INDEXED)) {
      List<IndexedCount> seen = new ArrayList<>();
      await()
          .atMost(INDEXED_WITHIN)
          .untilAsserted(() -> {
            for (ConsumerRecord<byte[], byte[]> record : counts.poll(Duration.ofMillis(200))) {
              IndexedCount count = COUNTS.decode(record.value());
              if (count.crawlId().equals(crawl)) {
                seen.add(count);
              }
            }
            assertThat(seen).isNotEmpty();
            assertThat(seen.getLast().documents()).isEqualTo(documents);
          });
    }
  }

  private KafkaConsumer<byte[], byte[]> deadLetterConsumer() {
    return consumer(Topics.DLQ);
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String topic) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static boolean isFor(ConsumerRecord<byte[], byte[]> record, byte[] key) {
    return java.util.Arrays.equals(record.key(), key);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
