package dev.crawler.fetcher.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.DeadLetter;
import dev.crawler.common.kafka.FetchedPageCodec;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.FetchedPage;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.fetcher.FetcherApplication;
import dev.crawler.fetcher.TestFetchers;
import dev.crawler.testsupport.kafka.TestKafka;
import dev.crawler.testsupport.kafka.TopicTail;
import dev.crawler.testsupport.web.TestWeb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole service against a real broker and real HTTP servers on loopback. */
@ExtendWith(OutputCaptureExtension.class)
class FetchConsumerTest {

  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);
  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);
  private static final int PARTITIONS = 3;

  private static String kafka;
  private static TestWeb web;
  private static Admin admin;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() {
    kafka = TestKafka.bootstrapServers();
    web =
        TestWeb.builder()
            .host("one.test", site -> pages(site, 6))
            .host("two.test", site -> pages(site, 6))
            .host(
                "slow.test",
                site -> {
                  pages(site, 8);
                  site.latency(Duration.ofMillis(400));
                })
            .host(
                "slower.test",
                site -> {
                  pages(site, 8);
                  site.latency(Duration.ofSeconds(3));
                })
            .start();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
    admin.close();
    web.close();
  }

  @Test
  void publishesOutcomesAndPagesDeadLettersPoisonAndCommitsEverything() throws Exception {
    String group = newGroup();
    List<FetchTask> tasks =
        IntStream.range(0, 6)
            .mapToObj(
                i -> TestFetchers.task(web.url(i % 2 == 0 ? "one.test" : "two.test", "/" + i)))
            .toList();
    try (ConfigurableApplicationContext fetcher = startFetcher(group, "5s");
        TopicTail outcomes = TopicTail.fromEnd(kafka, Topics.OUTCOMES);
        TopicTail fetched = TopicTail.fromEnd(kafka, Topics.FETCHED);
        TopicTail dlq = TopicTail.fromEnd(kafka, Topics.DLQ)) {
      byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
      producer.send(new ProducerRecord<>(Topics.FETCH, utf8("one.test"), poison)).get();
      send(tasks);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(taskIds(outcomes)).containsAll(ids(tasks)));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() ->
              assertThat(fetched.records())
                  .extracting(r -> page(r).url())
                  .containsAll(tasks.stream().map(FetchTask::url).toList()));
      assertThat(fetched.records())
          .filteredOn(r -> page(r).url().equals(tasks.getFirst().url()))
          .first()
          .satisfies(r ->
              assertThat(new String(r.value(), StandardCharsets.UTF_8))
                  .as("the body as served is the record's value")
                  .isEqualTo("<html><body>page 0</body></html>"));
      assertThat(outcomesOf(outcomes))
          .filteredOn(o -> ids(tasks).contains(o.taskId()))
          .allSatisfy(o -> assertThat(o.kind()).isEqualTo(OutcomeKind.FETCHED));
      assertThat(outcomes.records())
          .filteredOn(r -> ids(tasks).contains(OUTCOMES.decode(r.value()).taskId()))
          .allSatisfy(r ->
              assertThat(new String(r.key(), StandardCharsets.UTF_8))
                  .isEqualTo(PolitenessKey.HOST.of(OUTCOMES.decode(r.value()).url())));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() ->
              assertThat(dlq.records())
                  .anySatisfy(r -> {
                    assertThat(r.value()).isEqualTo(poison);
                    assertThat(header(r, DeadLetter.HEADER_STAGE)).isEqualTo("fetcher");
                    assertThat(header(r, DeadLetter.HEADER_REASON))
                        .contains("undecodable FetchTask");
                  }));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(committed(group)).isEqualTo(endOffsets()));
      assertThat(actuator(fetcher, "health/liveness")).contains("\"fetchConsumerHealth\"");
      assertThat(actuator(fetcher, "health/readiness")).contains("\"fetchConsumerHealth\"");
      assertThat(actuator(fetcher, "prometheus"))
          .contains(
              "crawler_fetcher_fetches_total{",
              "crawler_fetcher_responses_total{",
              "crawler_fetcher_http_latency_seconds_bucket{",
              "crawler_fetcher_bytes_total",
              "cache_gets_total{cache=\"robots\"");
    }
  }

  @Test
  void aTaskContinuesItsTraceOnEveryRecordItYieldsAndInItsLogLines(CapturedOutput output)
      throws Exception {
    String group = newGroup();
    FetchTask task = TestFetchers.task(web.url("one.test", "/5"));
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String released = "00-" + traceId + "-00f067aa0ba902b7-00";
    byte[] poison = "{not json, traced".getBytes(StandardCharsets.UTF_8);
    try (ConfigurableApplicationContext fetcher =
            startFetcher(group, "5s", "--logging.level.dev.crawler.fetcher.consumer=DEBUG");
        TopicTail outcomes = TopicTail.fromEnd(kafka, Topics.OUTCOMES);
        TopicTail fetched = TopicTail.fromEnd(kafka, Topics.FETCHED);
        TopicTail dlq = TopicTail.fromEnd(kafka, Topics.DLQ)) {
      send(traced(utf8(PolitenessKey.HOST.of(task.url())), TASKS.encode(task), released));
      send(traced(utf8("one.test"), poison, released));

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> {
            assertThat(outcomes.records())
                .filteredOn(r -> OUTCOMES.decode(r.value()).taskId().equals(task.taskId()))
                .singleElement()
                .satisfies(r -> assertContinues(r, released));
            assertThat(fetched.records())
                .filteredOn(r -> page(r).url().equals(task.url()))
                .singleElement()
                .satisfies(r -> assertContinues(r, released));
            assertThat(dlq.records())
                .filteredOn(r -> Arrays.equals(r.value(), poison))
                .singleElement()
                .satisfies(r -> assertThat(header(r, "traceparent")).isEqualTo(released));
          });
      assertThat(output)
          .containsPattern(
              "(?m)^.*" + traceId + ".*event=task_done url=" + task.url() + " kind=FETCHED.*$")
          .containsPattern("(?m)^.*WARN.*" + traceId + ".*event=dead_letter .*$");
    }
  }

  @Test
  void aStoppingFetcherFinishesAndCommitsItsInFlightTasksWithinTheGracePeriod() throws Exception {
    String group = newGroup();
    List<FetchTask> tasks =
        IntStream.range(0, 8)
            .mapToObj(i -> TestFetchers.task(web.url("slow.test", "/" + i)))
            .toList();
    try (TopicTail outcomes = TopicTail.fromEnd(kafka, Topics.OUTCOMES)) {
      ConfigurableApplicationContext fetcher = startFetcher(group, "20s");
      send(tasks);
      // slow.test answers after 400 ms, four connections at a time: the batch takes over 800 ms.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> taskIds(outcomes).stream().anyMatch(ids(tasks)::contains));

      fetcher.close(); // what SIGTERM does: stop taking work, drain, commit, exit

      assertThat(committed(group)).isEqualTo(endOffsets());
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(taskIds(outcomes)).containsAll(ids(tasks)));
    }
  }

  @Test
  void aNewFetcherRedoesTheTasksAStoppedOneLeftUncommitted() throws Exception {
    String group = newGroup();
    // slower.test answers after 3 s, four connections at a time: half the batch is still in flight
    // when the first outcomes arrive, however slowly a busy machine closes the first fetcher.
    List<FetchTask> tasks =
        IntStream.range(0, 8)
            .mapToObj(i -> TestFetchers.task(web.url("slower.test", "/" + i)))
            .toList();
    try (TopicTail outcomes = TopicTail.fromEnd(kafka, Topics.OUTCOMES)) {
      ConfigurableApplicationContext first = startFetcher(group, "0s");
      send(tasks);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> taskIds(outcomes).stream().anyMatch(ids(tasks)::contains));
      first.close(); // no grace period: whatever is in flight is abandoned

      // Abandoned tasks may still report NETWORK_ERROR as the HTTP client stops; none is FETCHED.
      long fetchedByFirst =
          outcomesOf(outcomes).stream()
              .filter(o -> ids(tasks).contains(o.taskId()) && o.kind() == OutcomeKind.FETCHED)
              .count();
      assertThat(fetchedByFirst).isLessThan(tasks.size());
      assertThat(sum(committed(group))).isLessThan(sum(endOffsets()));

      try (ConfigurableApplicationContext second = startFetcher(group, "5s")) {
        await()
            .atMost(Duration.ofSeconds(40))
            .untilAsserted(() ->
                assertThat(
                        outcomesOf(outcomes).stream()
                            .filter(o -> o.kind() == OutcomeKind.FETCHED)
                            .map(FetchOutcome::taskId)
                            .collect(Collectors.toSet()))
                    .containsAll(ids(tasks)));
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(committed(group)).isEqualTo(endOffsets()));
      }
    }
  }

  private static ConfigurableApplicationContext startFetcher(
      String group, String grace, String... extraArguments) {
    // Arguments, not default properties: those rank below fetcher.yaml.
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--server.port=0",
                "--crawler.kafka.partitions=" + PARTITIONS,
                "--crawler.fetcher.consumer-group=" + group,
                "--crawler.fetcher.allowed-cidrs=127.0.0.0/8",
                "--crawler.fetcher.host-overrides=" + String.join(",", web.resolveEntries()),
                "--crawler.fetcher.shutdown-grace-period=" + grace,
                "--crawler.fetcher.poll-timeout=100ms",
                "--crawler.fetcher.commit-interval=200ms"));
    arguments.addAll(List.of(extraArguments));
    return FetcherApplication.application().run(arguments.toArray(String[]::new));
  }

  /** A task record as the frontier releases it, with its trace context. */
  private static ProducerRecord<byte[], byte[]> traced(
      byte[] key, byte[] value, String traceparent) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.FETCH, key, value);
    record.headers().add("traceparent", utf8(traceparent));
    return record;
  }

  private static void send(ProducerRecord<byte[], byte[]> record) throws Exception {
    producer.send(record).get();
  }

  /** Same trace as the task, a span of the fetcher's own. */
  private static void assertContinues(ConsumerRecord<byte[], byte[]> record, String task) {
    String[] produced = header(record, "traceparent").split("-");
    String[] consumed = task.split("-");
    assertThat(produced[1]).isEqualTo(consumed[1]);
    assertThat(produced[2]).matches("[0-9a-f]{16}").isNotEqualTo(consumed[2]);
  }

  /** A group that starts at the current end of crawl.fetch, so other tests' tasks stay theirs. */
  private static String newGroup() throws Exception {
    String group = "fetcher-test-" + UUID.randomUUID();
    ensureFetchTopic();
    Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
    endOffsets()
        .forEach((partition, offset) -> start.put(partition, new OffsetAndMetadata(offset)));
    admin.alterConsumerGroupOffsets(group, start).all().get();
    return group;
  }

  private static void ensureFetchTopic() throws Exception {
    if (!admin.listTopics().names().get().contains(Topics.FETCH)) {
      startFetcher("topic-creator-" + UUID.randomUUID(), "0s").close();
    }
  }

  private static Map<TopicPartition, Long> endOffsets() throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin
        .describeTopics(List.of(Topics.FETCH))
        .allTopicNames()
        .get()
        .get(Topics.FETCH)
        .partitions()
        .forEach(
            p -> request.put(new TopicPartition(Topics.FETCH, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(request).all().get().forEach((p, info) -> ends.put(p, info.offset()));
    return ends;
  }

  private static Map<TopicPartition, Long> committed(String group) throws Exception {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get()
        .forEach((p, o) -> offsets.put(p, o.offset()));
    return offsets;
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  private static void send(List<FetchTask> tasks) throws Exception {
    for (FetchTask task : tasks) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.FETCH, utf8(PolitenessKey.HOST.of(task.url())), TASKS.encode(task)))
          .get();
    }
  }

  private static List<FetchOutcome> outcomesOf(TopicTail tail) {
    return tail.records().stream().map(r -> OUTCOMES.decode(r.value())).toList();
  }

  private static Set<String> taskIds(TopicTail tail) {
    return outcomesOf(tail).stream().map(FetchOutcome::taskId).collect(Collectors.toSet());
  }

  private static Set<String> ids(List<FetchTask> tasks) {
    return tasks.stream().map(FetchTask::taskId).collect(Collectors.toSet());
  }

  /** The body of a 200 answer of an actuator endpoint (health groups answer 503 when not UP). */
  private static String actuator(ConfigurableApplicationContext fetcher, String endpoint)
      throws Exception {
    String port = fetcher.getEnvironment().getProperty("local.server.port");
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + port + "/actuator/" + endpoint))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    }
  }

  private static FetchedPage page(ConsumerRecord<byte[], byte[]> record) {
    return FetchedPageCodec.decode(record.headers(), record.value());
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void pages(dev.crawler.testsupport.web.HostSite site, int count) {
    IntStream.range(0, count)
        .forEach(i -> site.html("/" + i, "<html><body>page " + i + "</body></html>"));
  }
}
