package dev.crawler.frontier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.testsupport.kafka.KafkaBrokerProcess;
import dev.crawler.testsupport.kafka.TestClients;
import dev.crawler.testsupport.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failover against a real broker: two frontier instances (same application id, own state
 * directories) share the partitions; one of them, a separate JVM, is killed with SIGKILL in the
 * middle of a crawl; the other takes over its hosts from the changelogs. The test plays fetcher and
 * parser: it holds each task a moment, answers it on {@code crawl.outcomes} and sends the seeds'
 * links to {@code crawl.urls}.
 *
 * <p>The broker is this test's own process rather than the JVM's shared {@code TestKafka}: the
 * frontier of {@link FrontierServiceTest}'s cached context reads the same crawl topics, and would
 * act as a third frontier on this crawl.
 */
class FrontierFailoverTest {

  /** One partition per instance. */
  private static final int PARTITIONS = 2;

  private static final int HOSTS_PER_PARTITION = 3;
  private static final int LINKS_PER_SEED = 5;
  private static final long DELAY_MS = 300;
  private static final Duration HOLD = Duration.ofMillis(100);
  private static final Duration LEASE_DURATION = Duration.ofSeconds(60);
  private static final String API_KEY = "failover-test-key-0123456789";

  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);
  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);
  private static final JsonCodec<UrlCandidate> CANDIDATES = JsonCodec.of(UrlCandidate.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private KafkaBrokerProcess broker;
  private ConfigurableApplicationContext survivor;
  private ChildProcess doomed;

  @BeforeEach
  void startBroker() {
    broker = KafkaBrokerProcess.builder(dir.resolve("broker")).build().start();
  }

  @AfterEach
  void stopInstances() {
    if (doomed != null && doomed.isAlive()) {
      doomed.kill();
    }
    if (survivor != null) {
      survivor.close();
    }
    broker.kill(); // its data goes with the temporary directory
  }

  @Test
  void aSurvivorTakesOverTheHostsOfAKilledInstanceLosingNoUrlAndRushingNoHost() {
    // given two instances, each owning one of the two partitions
    String applicationId = "frontier-failover-" + UUID.randomUUID();
    List<String> settings =
        List.of(
            "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
            "--crawler.kafka.partitions=" + PARTITIONS,
            "--server.port=0",
            "--crawler.frontier.application-id=" + applicationId,
            "--crawler.frontier.release-interval=50ms",
            "--crawler.frontier.lease-duration=" + LEASE_DURATION.toSeconds() + "s",
            "--crawler.frontier.progress-interval=200ms",
            "--crawler.frontier.finish-check-interval=200ms",
            "--crawler.frontier.finish-quiet-period=2s",
            // a killed member is noticed after its session times out: the broker's minimum
            "--spring.kafka.properties.session.timeout.ms=6000",
            "--spring.kafka.properties.heartbeat.interval.ms=1000",
            "--logging.level.org.apache.kafka=WARN",
            "--crawler.security.api-keys=" + API_KEY);
    survivor =
        FrontierApplication.application()
            .run(
                with(settings, "--crawler.frontier.state-dir=" + dir.resolve("survivor"))
                    .toArray(String[]::new));
    doomed = startInstance(with(settings, "--crawler.frontier.state-dir=" + dir.resolve("doomed")));
    doomed.awaitReady(
        () -> membersWithPartitions(broker.bootstrapServers(), applicationId) == 2,
        Duration.ofSeconds(120));

    // and a crawl with hosts on both partitions
    List<String> hosts = hostsOnEveryPartition();
    String crawlId = createCrawl(hosts);
    FakeFetcher fetcher = new FakeFetcher(broker.bootstrapServers(), crawlId);
    try (fetcher) {
      // when the instance in the other JVM is killed once every host is part-way through
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> {
            fetcher.pump();
            return hosts.stream().allMatch(host -> fetcher.plannedStartsOf(host).size() >= 2);
          });
      doomed.kill();
      int urls = hosts.size() * (1 + LINKS_PER_SEED);
      assertThat(fetcher.releasesByUrl()).as("released before the kill").hasSizeLessThan(urls);

      // then the survivor completes every host
      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(() -> {
            fetcher.pump();
            assertThat(fetcher.releasesByUrl()).as("URLs released so far").hasSize(urls);
            assertThat(fetcher.answered()).as("tasks answered").isGreaterThanOrEqualTo(urls);
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> {
            fetcher.pump();
            JsonNode crawl = get("/api/crawls/" + crawlId);
            assertThat(crawl.path("state").asString()).isEqualTo("FINISHED");
            JsonNode counters = crawl.path("counters");
            assertThat(counters.path("discovered").asLong()).isEqualTo(urls);
            assertThat(counters.path("fetched").asLong()).isEqualTo(urls);
            assertThat(counters.path("failed").asLong()).isZero();
            assertThat(counters.path("queued").asLong()).isZero();
            assertThat(counters.path("inFlight").asLong()).isZero();
          });

      assertThat(fetcher.releasesByUrl())
          .as("every URL released exactly once across the handover")
          .hasSize(urls)
          .allSatisfy((url, releases) -> assertThat(releases).isEqualTo(1));
      for (String host : hosts) {
        List<Long> planned = fetcher.plannedStartsOf(host);
        for (int i = 1; i < planned.size(); i++) {
          assertThat(planned.get(i) - planned.get(i - 1))
              .as("gap between planned starts %d and %d on %s", i - 1, i, host)
              .isGreaterThanOrEqualTo(DELAY_MS);
        }
      }
    }
  }

  /** The frontier service in its own JVM, on this test's class path, so that it can be killed. */
  private ChildProcess startInstance(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx256m",
            "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            FrontierApplication.class.getName()));
    command.addAll(arguments);
    return ChildProcess.start(
        "frontier instance to kill", command, Map.of(), dir, dir.resolve("doomed.log"), false);
  }

  /** How many members of the frontier's group own partitions of {@code crawl.urls}. */
  private static long membersWithPartitions(String bootstrapServers, String applicationId) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of(applicationId))
              .describedGroups()
              .get(applicationId)
              .get(10, TimeUnit.SECONDS);
      return group.members().stream()
          .map(MemberDescription::assignment)
          .filter(assignment ->
              assignment.topicPartitions().stream()
                  .map(TopicPartition::topic)
                  .anyMatch(Topics.URLS::equals))
          .count();
    } catch (ExecutionException | TimeoutException e) {
      return 0; // the group does not exist yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Host names whose records land on each partition, as Kafka's default partitioner places them.
   */
  private static List<String> hostsOnEveryPartition() {
    Map<Integer, List<String>> byPartition = new TreeMap<>();
    for (int i = 0;
        byPartition.values().stream().mapToInt(List::size).sum() < PARTITIONS * HOSTS_PER_PARTITION;
        i++) {
      String host = "h" + i + ".failover.test";
      List<String> hosts = byPartition.computeIfAbsent(partitionOf(host), p -> new ArrayList<>());
      if (hosts.size() < HOSTS_PER_PARTITION) {
        hosts.add(host);
      }
    }
    return byPartition.values().stream().flatMap(Collection::stream).toList();
  }

  private static int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  private String createCrawl(List<String> hosts) {
    String seeds =
        hosts.stream().map(host -> "\"http://" + host + "/\"").collect(Collectors.joining(","));
    JsonNode crawl =
        send(
            HttpRequest.newBuilder(uri("/api/crawls"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"failover\",\"seeds\":["
                            + seeds
                            + "],\"minDelayMs\":"
                            + DELAY_MS
                            + ",\"maxDepth\":1}")));
    assertThat(crawl.path("state").asString()).isEqualTo("RUNNING");
    return crawl.path("id").asString();
  }

  private JsonNode get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private URI uri(String path) {
    return URI.create(
        "http://127.0.0.1:"
            + survivor.getEnvironment().getRequiredProperty("local.server.port")
            + path);
  }

  private static JsonNode send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              request.header("X-API-Key", API_KEY).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> with(List<String> settings, String... more) {
    return Stream.concat(settings.stream(), Stream.of(more)).toList();
  }

  /**
   * Fetcher and parser in one: reads the crawl's tasks from {@code crawl.fetch} (committed ones
   * only, as the real fetcher), holds each for {@link #HOLD}, then answers it as fetched; a seed's
   * answer comes with its links. It records when each host was released to, and any task that
   * arrives for a host while another of that host is still held: a breach of the one-lease limit.
   */
  /**
   * Plays the fetchers: works through each host's leases in order, one at a time, each held a
   * moment and started at least the delay after the previous one, as the real fetcher does with a
   * host window.
   */
  private static final class FakeFetcher implements AutoCloseable {

    private record Held(FetchTask task, Instant answerAt) {}

    private final String crawlId;
    private final KafkaConsumer<String, byte[]> fetch;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, List<Long>> plannedStartsByHost = new HashMap<>();
    private final Map<String, Integer> releasesByUrl = new TreeMap<>();
    private final Map<String, ArrayDeque<FetchTask>> waiting = new HashMap<>();
    private final Map<String, Held> fetching = new HashMap<>();
    private final Map<String, Instant> lastStart = new HashMap<>();
    private int answered;

    FakeFetcher(String bootstrapServers, String crawlId) {
      this.crawlId = crawlId;
      fetch =
          TestClients.committedReader(
              bootstrapServers, "fake-fetcher-" + UUID.randomUUID(), Topics.FETCH);
      producer = TestClients.producer(bootstrapServers);
    }

    /** Takes the tasks that arrived, answers those held long enough, starts the next ones. */
    void pump() {
      for (ConsumerRecord<String, byte[]> record : fetch.poll(Duration.ofMillis(50))) {
        FetchTask task = TASKS.decode(record.value());
        if (!task.crawlId().equals(crawlId)) {
          continue;
        }
        String host = record.key();
        waiting.computeIfAbsent(host, h -> new ArrayDeque<>()).add(task);
        plannedStartsByHost
            .computeIfAbsent(host, h -> new ArrayList<>())
            .add(task.leaseDeadline().toEpochMilli() - LEASE_DURATION.toMillis());
        releasesByUrl.merge(task.url(), 1, Integer::sum);
      }
      Instant now = Instant.now();
      Iterator<Map.Entry<String, Held>> due = fetching.entrySet().iterator();
      while (due.hasNext()) {
        Map.Entry<String, Held> next = due.next();
        if (now.isAfter(next.getValue().answerAt())) {
          answer(next.getKey(), next.getValue().task());
          due.remove();
        }
      }
      waiting.forEach((host, tasks) -> {
        Instant allowed = lastStart.getOrDefault(host, Instant.MIN).plusMillis(DELAY_MS);
        if (!tasks.isEmpty() && !fetching.containsKey(host) && !now.isBefore(allowed)) {
          fetching.put(host, new Held(tasks.poll(), now.plus(HOLD)));
          lastStart.put(host, now);
        }
      });
    }

    private void answer(String host, FetchTask task) {
      if (task.depth() == 0) {
        for (int i = 0; i < LINKS_PER_SEED; i++) {
          String link = "http://" + host + "/page-" + i;
          producer.send(
              new ProducerRecord<>(
                  Topics.URLS,
                  host,
                  CANDIDATES.encode(
                      new UrlCandidate(
                          crawlId, link, 1, UrlSource.LINK, task.url(), null, 0, null))));
        }
      }
      FetchOutcome outcome = TaskOutcomes.fetched(task, HOLD.toMillis());
      producer.send(new ProducerRecord<>(Topics.OUTCOMES, host, OUTCOMES.encode(outcome)));
      producer.flush();
      answered++;
    }

    List<Long> plannedStartsOf(String host) {
      return plannedStartsByHost.getOrDefault(host, List.of());
    }

    Map<String, Integer> releasesByUrl() {
      return releasesByUrl;
    }

    int answered() {
      return answered;
    }

    @Override
    public void close() {
      fetch.close();
      producer.close();
    }
  }
}
