package dev.crawler.frontier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.frontier.FrontierServiceTest;
import dev.crawler.frontier.TaskOutcomes;
import dev.crawler.testsupport.kafka.TestClients;
import dev.crawler.testsupport.kafka.TestKafka;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/crawls/{id}/hosts}: a crawl's hosts as the frontier tasks published them. */
class CrawlHostsApiTest extends FrontierServiceTest {

  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);
  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);

  @Test
  void showsWhatEachHostOfARunningCrawlHasQueuedAndInFlight() {
    String id =
        post(
                "/api/crawls",
                """
                {"seeds":["http://alpha.test/","http://alpha.test/a","http://alpha.test/b",
                          "http://beta.test/"]}
                """)
            .body()
            .path("id")
            .asString();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> {
          Response response = get("/api/crawls/" + id + "/hosts");
          assertThat(response.status()).isEqualTo(200);
          JsonNode hosts = response.body();
          assertThat(hosts.size()).as(hosts.toString()).isEqualTo(2);
          assertThat(hosts.get(0).path("host").asString()).isEqualTo("alpha.test");
          assertThat(work(hosts.get(0))).as(hosts.toString()).isEqualTo(3);
          assertThat(hosts.get(1).path("host").asString()).isEqualTo("beta.test");
          assertThat(work(hosts.get(1))).as(hosts.toString()).isEqualTo(1);
          assertThat(hosts.get(1).path("errorLevel").asInt()).isZero();
          assertThat(hosts.get(1).path("backedOffUntil").isNull()).isTrue();
          assertThat(hosts.get(1).path("failed").asLong()).isZero();
        });
  }

  @Test
  void showsAHostWhoseUrlsFailedWithItsFailedCountOnceItHasNothingLeft() {
    String id =
        post(
                "/api/crawls",
                """
                {"seeds":["http://gone.test/a","http://gone.test/b","http://slow.test/"],
                 "minDelayMs":0}
                """)
            .body()
            .path("id")
            .asString();

    // A fetcher that finds gone.test's pages gone (404) and never answers for slow.test.
    try (KafkaConsumer<String, byte[]> fetch =
            TestClients.committedReader(
                TestKafka.bootstrapServers(), "fake-fetcher-" + UUID.randomUUID(), Topics.FETCH);
        KafkaProducer<String, byte[]> fetcher =
            TestClients.producer(TestKafka.bootstrapServers())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> {
            for (ConsumerRecord<String, byte[]> record : fetch.poll(Duration.ofMillis(200))) {
              FetchTask task = TASKS.decode(record.value());
              if (task.crawlId().equals(id) && record.key().equals("gone.test")) {
                FetchOutcome outcome = TaskOutcomes.of(task, OutcomeKind.HTTP_ERROR, 404, 1);
                fetcher.send(
                    new ProducerRecord<>(Topics.OUTCOMES, record.key(), OUTCOMES.encode(outcome)));
                fetcher.flush();
              }
            }
            JsonNode hosts = get("/api/crawls/" + id + "/hosts").body();
            assertThat(hosts.size()).as(hosts.toString()).isEqualTo(2);
            JsonNode slow = host(hosts, "slow.test");
            assertThat(work(slow)).as(hosts.toString()).isOne();
            assertThat(slow.path("failed").asLong()).isZero();
            JsonNode gone = host(hosts, "gone.test");
            assertThat(work(gone)).as(hosts.toString()).isZero();
            assertThat(gone.path("failed").asLong()).as(hosts.toString()).isEqualTo(2);
            assertThat(gone.path("errorLevel").asInt()).isZero();
          });
    }
  }

  @Test
  void answersAnUnknownCrawlWithA404Problem() {
    Response response = get("/api/crawls/no-such-crawl/hosts");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body().path("status").asInt()).isEqualTo(404);
  }

  private static JsonNode host(JsonNode hosts, String name) {
    for (JsonNode host : hosts) {
      if (host.path("host").asString().equals(name)) {
        return host;
      }
    }
    throw new AssertionError(name + " is not among " + hosts);
  }

  private static long work(JsonNode host) {
    return host.path("queued").asLong() + host.path("inFlight").asLong();
  }
}
