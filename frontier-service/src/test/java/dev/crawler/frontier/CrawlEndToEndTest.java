package dev.crawler.frontier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.testsupport.kafka.TestClients;
import dev.crawler.testsupport.kafka.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A crawl through the real service and broker, with the test playing fetcher and parser: it reads
 * FetchTasks from crawl.fetch, answers on crawl.outcomes and sends links to crawl.urls.
 */
class CrawlEndToEndTest extends FrontierServiceTest {

  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);
  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);
  private static final JsonCodec<UrlCandidate> CANDIDATES = JsonCodec.of(UrlCandidate.class);

  @Test
  void releasesPolitelyCountsOutcomesAndFinishes() {
    Response created =
        post(
            "/api/crawls",
            """
            {"name":"e2e","seeds":["http://alpha.test/","http://beta.test/"],
             "minDelayMs":400,"maxDepth":1}
            """);
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().path("id").asString();
    assertThat(created.headers().headers().firstValue("Location")).contains("/api/crawls/" + id);
    assertThat(created.body().path("state").asString()).isEqualTo("RUNNING");
    assertThat(created.body().path("scope").asString()).isEqualTo("HOST");

    Map<String, List<Instant>> releasesByHost = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> fetch =
            TestClients.committedReader(
                TestKafka.bootstrapServers(), "fake-fetcher-" + UUID.randomUUID(), Topics.FETCH);
        KafkaProducer<String, byte[]> fetcher =
            TestClients.producer(TestKafka.bootstrapServers())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> {
            for (ConsumerRecord<String, byte[]> record : fetch.poll(Duration.ofMillis(200))) {
              FetchTask task = TASKS.decode(record.value());
              if (!task.crawlId().equals(id)) {
                continue;
              }
              // A lease's deadline is its planned start plus the lease duration: the plan the
              // fetcher's starts follow, whereas leases go out ahead of their starts.
              releasesByHost
                  .computeIfAbsent(record.key(), host -> new ArrayList<>())
                  .add(task.leaseDeadline());
              actAsFetcherAndParser(fetcher, task);
            }
            return releasesByHost.values().stream().mapToInt(List::size).sum() == 5;
          });
    }

    assertThat(releasesByHost).containsOnlyKeys("alpha.test", "beta.test");
    List<Instant> alpha = releasesByHost.get("alpha.test");
    assertThat(alpha).hasSize(4);
    for (int i = 1; i < alpha.size(); i++) {
      assertThat(Duration.between(alpha.get(i - 1), alpha.get(i)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> {
          Response status = get("/api/crawls/" + id);
          assertThat(status.body().path("state").asString()).isEqualTo("FINISHED");
          var counters = status.body().path("counters");
          assertThat(counters.path("fetched").asLong()).isEqualTo(4);
          assertThat(counters.path("robotsDenied").asLong()).isEqualTo(1);
          assertThat(counters.path("discovered").asLong()).isEqualTo(5);
          assertThat(counters.path("filtered").asLong()).isEqualTo(2);
          assertThat(counters.path("queued").asLong()).isZero();
          assertThat(counters.path("inFlight").asLong()).isZero();
        });
    assertThat(get("/api/crawls").body().findValuesAsString("id")).contains(id);
  }

  @Test
  void pausesResumesCancelsAndRefusesToResumeACancelledCrawl() {
    String id =
        post("/api/crawls", "{\"seeds\":[\"http://gamma.test/\"]}").body().path("id").asString();

    assertThat(post("/api/crawls/" + id + "/pause", "").body().path("state").asString())
        .isEqualTo("PAUSED");
    assertThat(get("/api/crawls/" + id).body().path("state").asString()).isEqualTo("PAUSED");
    assertThat(post("/api/crawls/" + id + "/resume", "").body().path("state").asString())
        .isEqualTo("RUNNING");
    Response injected =
        post("/api/crawls/" + id + "/urls", "{\"urls\":[\"http://gamma.test/more\"]}");
    assertThat(injected.status()).isEqualTo(202);
    assertThat(delete("/api/crawls/" + id).body().path("state").asString()).isEqualTo("CANCELLED");

    Response resumed = post("/api/crawls/" + id + "/resume", "");
    assertThat(resumed.status()).isEqualTo(409);
    assertThat(resumed.body().path("state").asString()).isEqualTo("CANCELLED");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            assertThat(get("/api/crawls/" + id).body().path("counters").path("queued").asLong())
                .isZero());
  }

  /**
   * Answers a task: the alpha seed links to two pages in scope, one out of scope and one too deep;
   * one alpha page is robots-denied; everything else is fetched.
   */
  private static void actAsFetcherAndParser(
      KafkaProducer<String, byte[]> producer, FetchTask task) {
    if (task.url().equals("http://alpha.test/")) {
      for (String link :
          List.of(
              "http://alpha.test/a",
              "http://alpha.test/b",
              "http://alpha.test/private",
              "http://elsewhere.test/")) {
        send(
            producer,
            Topics.URLS,
            link,
            CANDIDATES.encode(
                new UrlCandidate(
                    task.crawlId(), link, 1, UrlSource.LINK, task.url(), null, 0, null)));
      }
      send(
          producer,
          Topics.URLS,
          "http://alpha.test/a/deeper",
          CANDIDATES.encode(
              new UrlCandidate(
                  task.crawlId(),
                  "http://alpha.test/a/deeper",
                  2,
                  UrlSource.LINK,
                  task.url(),
                  null,
                  0,
                  null)));
    }
    OutcomeKind kind =
        task.url().endsWith("/private") ? OutcomeKind.ROBOTS_DENIED : OutcomeKind.FETCHED;
    FetchOutcome outcome = TaskOutcomes.of(task, kind, kind == OutcomeKind.FETCHED ? 200 : 0, 1);
    send(producer, Topics.OUTCOMES, task.url(), OUTCOMES.encode(outcome));
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, String url, byte[] value) {
    producer.send(new ProducerRecord<>(topic, PolitenessKey.HOST.of(url), value));
    producer.flush();
  }
}
