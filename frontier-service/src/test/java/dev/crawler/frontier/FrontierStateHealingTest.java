package dev.crawler.frontier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.IndexedCount;
import dev.crawler.frontier.scheduling.FrontierStreams;
import dev.crawler.frontier.scheduling.FrontierTopology;
import dev.crawler.testsupport.kafka.KafkaBrokerProcess;
import dev.crawler.testsupport.kafka.TestClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.internals.OffsetCheckpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A frontier's state directory that no longer fits its Kafka cluster heals itself, on a real broker
 * (a process of this test's, so that it can be replaced and its topics deleted):
 *
 * <ul>
 *   <li>the cluster replaced by a fresh one on the same address, the state directory kept (the
 *       global store of {@code crawl.indexed} checkpointed at offset 125, the topic now empty): the
 *       frontier resets the state, becomes healthy and crawls;
 *   <li>{@code crawl.indexed} deleted and recreated while the frontier is down, with more records
 *       than the checkpoint's offset (so that only the topic id tells): that store, and only it, is
 *       read again from the new topic;
 *   <li>the same under a running frontier: Kafka Streams is restarted and the store follows the new
 *       topic.
 * </ul>
 */
@ExtendWith(OutputCaptureExtension.class)
class FrontierStateHealingTest {

  private static final String API_KEY = "healing-test-key-0123456789";
  private static final String APPLICATION_ID = "frontier-healing";
  private static final JsonCodec<IndexedCount> INDEXED = JsonCodec.of(IndexedCount.class);
  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);
  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private KafkaBrokerProcess broker;
  private ConfigurableApplicationContext frontier;

  @AfterEach
  void stop() {
    if (frontier != null) {
      frontier.close();
    }
    if (broker != null) {
      broker.kill();
    }
  }

  @Test
  void aFrontierWhoseClusterWasReplacedResetsItsStateBecomesHealthyAndCrawls(
      CapturedOutput output) {
    // given a frontier that crawled on one cluster and read 125 records of crawl.indexed
    broker = KafkaBrokerProcess.builder(dir.resolve("first-cluster")).build().start();
    frontier = startFrontier();
    String oldCrawl = crawlOnePage("http://before.heal.test/");
    writeIndexedCounts("old-", 124);
    writeIndexedCount(oldCrawl, 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            get("/api/crawls/" + oldCrawl).body().path("counters").path("indexed").asLong() == 1);
    frontier.close();
    assertThat(checkpointOf(Topics.INDEXED)).as("checkpoint of crawl.indexed").isEqualTo(125L);

    // when the cluster is replaced by a fresh one on the same address, the state directory kept
    int port = broker.port();
    broker.kill();
    broker = KafkaBrokerProcess.builder(dir.resolve("second-cluster")).port(port).build().start();
    frontier = startFrontier();

    // then the frontier is healthy, knows nothing of the old cluster's crawls, and crawls
    Response health = get("/actuator/health");
    assertThat(health.status()).as(health.body().toString()).isEqualTo(200);
    assertThat(health.body().path("status").asString()).isEqualTo("UP");
    assertThat(get("/api/crawls/" + oldCrawl).status()).isEqualTo(404);
    String newCrawl = crawlOnePage("http://after.heal.test/");
    assertThat(get("/api/crawls/" + newCrawl).body().path("counters").path("fetched").asLong())
        .isEqualTo(1);
    assertThat(output.getAll())
        .containsOnlyOnce("event=frontier_state_reset reason=other_kafka_cluster")
        .doesNotContain("event=stream_thread_failed")
        .doesNotContain("OffsetOutOfRangeException");
  }

  @Test
  void aGlobalTopicRecreatedUnderARunningFrontierOrWhileItIsDownIsReadAgain(CapturedOutput output)
      throws Exception {
    // given a running frontier (checking its topics' ids only every 10 minutes) whose
    // crawl.indexed store holds 5 records
    broker = KafkaBrokerProcess.builder(dir.resolve("cluster")).build().start();
    frontier = startFrontier("10m");
    String crawl = crawlOnePage("http://kept.heal.test/");
    writeIndexedCounts("old-", 5);
    await().atMost(Duration.ofSeconds(30)).until(() -> indexedKeys().size() == 5);

    // when crawl.indexed is recreated under it with 2 records: its global thread's offset, 5, is
    // now out of range, and the thread stops Kafka Streams
    recreateIndexedTopic();
    writeIndexedCounts("first-", 2);

    // then Kafka Streams is restarted and the store holds the new topic's records only
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          assertThat(streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
          assertThat(indexedKeys()).isEqualTo(keys("first-", 2));
        });
    assertThat(output.getAll())
        .contains("event=global_store_out_of_range")
        .contains("event=frontier_streams_restart");
    frontier.close();

    // when crawl.indexed is recreated while the frontier is down, with 8 records: the checkpoint,
    // 2, fits the new topic, so that only its id tells
    recreateIndexedTopic();
    writeIndexedCounts("second-", 8);
    frontier = startFrontier("1s");

    // then that store alone is read again; the crawl is still known
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(indexedKeys()).isEqualTo(keys("second-", 8)));
    assertThat(get("/api/crawls/" + crawl).body().path("state").asString()).isEqualTo("FINISHED");
    assertThat(output.getAll())
        .contains(
            "event=global_store_rebuilt store=crawl-indexed topic=crawl.indexed reason=\""
                + "crawl.indexed was recreated")
        .doesNotContain("event=global_store_rebuilt store=crawl-jobs")
        .doesNotContain("event=global_store_rebuilt store=crawl-progress")
        .doesNotContain("event=frontier_state_reset");

    // when it is recreated once more under the running frontier, with 12 records (its offset, 8,
    // in range once they are written): the check of the topic's id restarts Kafka Streams, unless
    // the global thread read the empty topic first and died out of range
    recreateIndexedTopic();
    writeIndexedCounts("third-", 12);

    // then the store follows the new topic, and the frontier still crawls
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          assertThat(streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
          assertThat(indexedKeys()).isEqualTo(keys("third-", 12));
        });
    assertThat(get("/actuator/health").status()).isEqualTo(200);
    String another = crawlOnePage("http://running.heal.test/");
    assertThat(get("/api/crawls/" + another).body().path("counters").path("fetched").asLong())
        .isEqualTo(1);
  }

  /** The frontier in this JVM, against {@link #broker}, on the test's one state directory. */
  private ConfigurableApplicationContext startFrontier() {
    return startFrontier("1s");
  }

  /**
   * @param stateCheckInterval how often the running frontier checks its cluster and topics
   */
  private ConfigurableApplicationContext startFrontier(String stateCheckInterval) {
    ConfigurableApplicationContext started =
        FrontierApplication.application()
            .run(
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--crawler.kafka.partitions=2",
                "--server.port=0",
                "--crawler.frontier.application-id=" + APPLICATION_ID,
                "--crawler.frontier.state-dir=" + dir.resolve("frontier-state"),
                "--crawler.frontier.release-interval=50ms",
                "--crawler.frontier.progress-interval=200ms",
                "--crawler.frontier.finish-check-interval=200ms",
                "--crawler.frontier.finish-quiet-period=1s",
                "--crawler.frontier.state-check-interval=" + stateCheckInterval,
                "--management.endpoint.health.show-details=always",
                // a closed instance's member is dropped after the broker's minimum session
                "--spring.kafka.properties.session.timeout.ms=6000",
                "--spring.kafka.properties.heartbeat.interval.ms=1000",
                "--logging.level.org.apache.kafka=WARN",
                "--crawler.security.api-keys=" + API_KEY);
    FrontierStreams streams = started.getBean(FrontierStreams.class);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> streams.state() == KafkaStreams.State.RUNNING);
    frontier = started;
    return started;
  }

  /** Creates a crawl of one page, plays its fetcher, and returns once the crawl finished. */
  private String crawlOnePage(String seed) {
    Response created =
        send(
            HttpRequest.newBuilder(uri("/api/crawls"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"seeds\":[\"" + seed + "\"],\"maxDepth\":0,\"minDelayMs\":100}")));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String id = created.body().path("id").asString();
    try (KafkaConsumer<String, byte[]> tasks =
            TestClients.committedReader(
                broker.bootstrapServers(), "fake-fetcher-" + UUID.randomUUID(), Topics.FETCH);
        KafkaProducer<String, byte[]> producer = TestClients.producer(broker.bootstrapServers())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> {
            for (ConsumerRecord<String, byte[]> record : tasks.poll(Duration.ofMillis(200))) {
              FetchTask task = TASKS.decode(record.value());
              if (task.crawlId().equals(id)) {
                producer
                    .send(
                        new ProducerRecord<>(
                            Topics.OUTCOMES,
                            record.key(),
                            OUTCOMES.encode(TaskOutcomes.fetched(task, 10))))
                    .get(10, TimeUnit.SECONDS);
              }
            }
            return "FINISHED".equals(get("/api/crawls/" + id).body().path("state").asString());
          });
    }
    return id;
  }

  private void writeIndexedCounts(String prefix, int count) {
    try (KafkaProducer<String, byte[]> producer = TestClients.producer(broker.bootstrapServers())) {
      for (String key : keys(prefix, count)) {
        producer.send(indexedRecord(key, 1));
      }
      producer.flush();
    }
  }

  private void writeIndexedCount(String crawlId, long documents) {
    try (KafkaProducer<String, byte[]> producer = TestClients.producer(broker.bootstrapServers())) {
      producer.send(indexedRecord(crawlId, documents));
      producer.flush();
    }
  }

  private static ProducerRecord<String, byte[]> indexedRecord(String crawlId, long documents) {
    return new ProducerRecord<>(
        Topics.INDEXED,
        crawlId,
        INDEXED.encode(new IndexedCount(crawlId, documents, Instant.now())));
  }

  private static Set<String> keys(String prefix, int count) {
    Set<String> keys = new TreeSet<>();
    IntStream.range(0, count).forEach(i -> keys.add(prefix + i));
    return keys;
  }

  /** Deletes {@code crawl.indexed} and creates it again (a new topic id), empty. */
  private void recreateIndexedTopic() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.deleteTopics(List.of(Topics.INDEXED)).all().get(30, TimeUnit.SECONDS);
      NewTopic topic =
          new NewTopic(Topics.INDEXED, 1, (short) 1)
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptionsMatching(e -> e instanceof ExecutionException)
          .until(() -> {
            admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            return true;
          });
    }
  }

  private Set<String> indexedKeys() {
    ReadOnlyKeyValueStore<String, IndexedCount> store =
        streams().globalStore(FrontierTopology.INDEXED_STORE);
    Set<String> keys = new TreeSet<>();
    try (KeyValueIterator<String, IndexedCount> all = store.all()) {
      all.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
  }

  private FrontierStreams streams() {
    return frontier.getBean(FrontierStreams.class);
  }

  private Long checkpointOf(String topic) {
    Path file = dir.resolve("frontier-state").resolve(APPLICATION_ID).resolve("global/.checkpoint");
    try {
      return new OffsetCheckpoint(file.toFile()).read().get(new TopicPartition(topic, 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Response(int status, JsonNode body) {}

  private Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private URI uri(String path) {
    return URI.create(
        "http://127.0.0.1:"
            + frontier.getEnvironment().getRequiredProperty("local.server.port")
            + path);
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              request.header("X-API-Key", API_KEY).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
      return new Response(response.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
