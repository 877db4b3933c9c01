package dev.crawler.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.kafka.Topics.TopicSpec;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.standalone.StandaloneApplication;
import dev.crawler.testsupport.kafka.TestKafka;
import dev.crawler.testsupport.kafka.TopicTail;
import dev.crawler.testsupport.web.TestPage;
import dev.crawler.testsupport.web.TestWeb;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two installs of the crawler on one real broker, alike in every setting but {@code
 * crawler.kafka.topic-prefix}: the same default consumer groups, Kafka Streams application id and
 * progress topic as configured. Each crawls the same web at the same time and sees only its own
 * work: its crawl finishes with every page in its own index, the other install knows neither the
 * crawl nor its pages, and each install's topics carry only its own crawl.
 */
class TopicPrefixIsolationTest {

  private static final String API_KEY = "prefix-test-key-0123456789";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);

  @TempDir static Path dataDir;

  private static TestWeb web;
  private static Install first;
  private static Install second;

  /** One install: the four services in one context, as the standalone application runs them. */
  private record Install(KafkaNames names, ConfigurableApplicationContext context) {

    String url() {
      return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }
  }

  @BeforeAll
  static void startTwoInstalls() {
    web = TestWeb.startDefault();
    // Unique per run, so that a rerun on the same broker starts from empty topics.
    String run = UUID.randomUUID().toString().substring(0, 8);
    first = start(new KafkaNames("first-" + run + "."));
    second = start(new KafkaNames("second-" + run + "-"));
  }

  private static Install start(KafkaNames names) {
    Path dir = dataDir.resolve(names.prefix());
    ConfigurableApplicationContext context =
        StandaloneApplication.application()
            .run(
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--crawler.kafka.topic-prefix=" + names.prefix(),
                "--server.port=0",
                "--crawler.frontier.state-dir=" + dir.resolve("frontier"),
                "--crawler.indexer.lucene.path=" + dir.resolve("index"),
                "--crawler.fetcher.host-overrides=" + String.join(",", web.resolveEntries()),
                "--crawler.fetcher.allowed-cidrs=127.0.0.0/8",
                "--crawler.security.api-keys=" + API_KEY);
    return new Install(names, context);
  }

  @AfterAll
  static void stop() {
    for (Install install : new Install[] {second, first}) {
      if (install != null) {
        install.context().close();
      }
    }
    if (web != null) {
      web.close();
    }
  }

  @Test
  void twoInstallsWithDifferentPrefixesOnOneBrokerDoNotSeeEachOthersWork() throws Exception {
    String firstCrawl = create(first);
    String secondCrawl = create(second);

    for (Install install : List.of(first, second)) {
      String crawl = install == first ? firstCrawl : secondCrawl;
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .until(() ->
              "FINISHED".equals(get(install, "/api/crawls/" + crawl).get("state").asString()));
    }

    // Each install's crawl fetched every page itself: no fetcher of the other took its tasks.
    for (Install install : List.of(first, second)) {
      String own = install == first ? firstCrawl : secondCrawl;
      String other = install == first ? secondCrawl : firstCrawl;
      assertThat(status(install, "/api/crawls/" + other))
          .as("%s knows the other install's crawl", install.names().prefix())
          .isEqualTo(404);
      for (TestPage page : web.expectedIndexablePages()) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() ->
                assertThat(search(install, page.uniqueTerm(), own).get("hits"))
                    .as("%s: hits for %s", install.names().prefix(), page.url())
                    .isNotEmpty());
        assertThat(search(install, page.uniqueTerm(), other).get("hits"))
            .as("%s: the other crawl's hits for %s", install.names().prefix(), page.url())
            .isEmpty();
      }
      assertThat(crawlIds(install.names().jobs(), job -> utf8(job.key())))
          .as("crawls on %s", install.names().jobs())
          .containsExactly(own);
      assertThat(crawlIds(install.names().fetch(), task -> TASKS.decode(task.value()).crawlId()))
          .as("crawls of the tasks on %s", install.names().fetch())
          .containsExactly(own);
    }

    // The defaults both installs share became names of their own: groups, application id,
    // changelogs and the progress topic.
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
      Set<String> topics = admin.listTopics().names().get();
      Set<String> groups =
          admin.listConsumerGroups().all().get().stream()
              .map(ConsumerGroupListing::groupId)
              .collect(Collectors.toSet());
      for (Install install : List.of(first, second)) {
        KafkaNames names = install.names();
        assertThat(topics)
            .contains(names.all(4, (short) 1).stream().map(TopicSpec::name).toArray(String[]::new))
            .contains(names.topic("crawl.frontier-progress"))
            .anySatisfy(topic ->
                assertThat(topic)
                    .startsWith(names.group("crawler-frontier") + "-")
                    .endsWith("-changelog"));
        assertThat(groups)
            .contains(
                names.group("crawler-frontier"),
                names.group("fetcher"),
                names.group("parser"),
                names.group("crawler-indexer"));
      }
    }
  }

  private static String create(Install install) throws Exception {
    String body =
        """
        {"name":"%s","seeds":["%s"],"scope":"ANY","maxDepth":10,"minDelayMs":100}
        """
            .formatted(install.names().prefix(), web.seedUrl());
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(install.url() + "/api/crawls"))
                .header("X-API-Key", API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).get("id").asString();
  }

  /** The crawl ids of every record on a topic. */
  private static Set<String> crawlIds(
      String topic, Function<ConsumerRecord<byte[], byte[]>, String> crawlId) {
    try (TopicTail tail = TopicTail.fromBeginning(TestKafka.bootstrapServers(), topic)) {
      // Polls until three polls in a row bring nothing new: the whole topic has been read.
      int seen = -1;
      int quiet = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (quiet < 3 && System.nanoTime() < deadline) {
        int now = tail.records().size();
        quiet = now == seen && now > 0 ? quiet + 1 : 0;
        seen = now;
      }
      return tail.records().stream().map(crawlId).collect(Collectors.toSet());
    }
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static JsonNode search(Install install, String term, String crawlId) throws Exception {
    return get(
        install,
        "/api/search?q=" + URLEncoder.encode(term, StandardCharsets.UTF_8) + "&crawl=" + crawlId);
  }

  private static JsonNode get(Install install, String path) throws Exception {
    return JSON.readTree(send(install, path).body());
  }

  private static int status(Install install, String path) throws Exception {
    return send(install, path).statusCode();
  }

  private static HttpResponse<String> send(Install install, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(install.url() + path))
            .header("X-API-Key", API_KEY)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
