package dev.crawler.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.fetcher.FetcherApplication;
import dev.crawler.frontier.FrontierApplication;
import dev.crawler.indexer.IndexerApplication;
import dev.crawler.parser.ParserApplication;
import dev.crawler.testsupport.elasticsearch.TestElasticsearch;
import dev.crawler.testsupport.kafka.TestKafka;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The four services as separate Spring Boot applications against a real broker, a real
 * Elasticsearch and the loopback test web: a crawl posted to the frontier ends with every page
 * reachable under robots.txt searchable, and no disallowed page ever requested.
 */
class DistributedPipelineEndToEndTest {

  private static final long DELAY_MS = 100;

  /** The frontier's control-API key; every request here carries it (the search ignores it). */
  private static final String API_KEY = "e2e-test-key-0123456789";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path stateDir;

  private static TestWeb web;
  private static final List<ConfigurableApplicationContext> services = new ArrayList<>();
  private static String frontier;
  private static String indexer;

  @BeforeAll
  static void startThePipeline() {
    web = TestWeb.startDefault();
    TestElasticsearch elasticsearch = TestElasticsearch.get();
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> cluster =
        List.of(
            "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
            "--crawler.kafka.partitions=4",
            "--server.port=0");
    frontier =
        baseUrl(
            start(
                FrontierApplication.application(),
                cluster,
                "--crawler.frontier.state-dir=" + stateDir,
                "--crawler.frontier.application-id=e2e-frontier-" + run,
                "--crawler.frontier.finish-quiet-period=3s",
                // One lease at a time: this JVM runs all four services and the test web, whose log
                // of arrivals lags on two busy cores; requests a round trip apart stay clear of
                // that lag. Host windows are audited where the web has a JVM of its own
                // (FetcherCrashIT) and against nginx (scripts/bench-nginx).
                "--crawler.frontier.host-window.lookahead=0ms",
                "--crawler.frontier.parser-consumer-group=e2e-parser-" + run,
                "--crawler.security.api-keys=" + API_KEY));
    start(
        FetcherApplication.application(),
        cluster,
        "--crawler.fetcher.consumer-group=e2e-fetcher-" + run,
        "--crawler.fetcher.host-overrides=" + String.join(",", web.resolveEntries()),
        "--crawler.fetcher.allowed-cidrs=127.0.0.0/8");
    start(
        ParserApplication.application(),
        cluster,
        "--crawler.parser.consumer-group=e2e-parser-" + run);
    indexer =
        baseUrl(
            start(
                IndexerApplication.application(),
                cluster,
                "--crawler.indexer.ingest.group-id=e2e-indexer-" + run,
                "--crawler.indexer.elasticsearch.uris=" + elasticsearch.httpUri(),
                "--crawler.indexer.elasticsearch.server-major-version="
                    + elasticsearch.serverMajorVersion(),
                "--crawler.indexer.elasticsearch.replicas=0",
                "--crawler.indexer.elasticsearch.index=e2e-pages-" + run));
  }

  @AfterAll
  static void stopThePipeline() {
    services.reversed().forEach(ConfigurableApplicationContext::close);
    if (web != null) {
      web.close();
    }
  }

  @Test
  void aCrawlMakesEveryReachablePageSearchableAndNeverFetchesADisallowedOne() throws Exception {
    String body =
        """
        {"name":"e2e","seeds":["%s"],"scope":"ANY","maxDepth":10,"minDelayMs":%d}
        """
            .formatted(web.seedUrl(), DELAY_MS);
    HttpResponse<String> created = post(frontier + "/api/crawls", body);
    assertThat(created.statusCode()).isEqualTo(201);
    String crawlId = JSON.readTree(created.body()).get("id").asString();

    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(() ->
            "FINISHED".equals(json(frontier + "/api/crawls/" + crawlId).get("state").asString()));

    for (TestPage page : web.expectedIndexablePages()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> {
            JsonNode hits = search(page.uniqueTerm(), crawlId).get("hits");
            assertThat(hits.isEmpty()).as("hits for %s", page.url()).isFalse();
            assertThat(hits.get(0).get("url").asString()).isEqualTo(page.url());
          });
    }
    for (TestPage page : web.disallowedPages()) {
      assertThat(web.requests().count(page.host(), page.path()))
          .as("requests for disallowed %s", page.url())
          .isZero();
    }
    assertThat(web.requests().violations(Duration.ofMillis(DELAY_MS), Duration.ofMillis(20)))
        .isEmpty();
  }

  private static JsonNode search(String term, String crawlId) throws Exception {
    return json(
        indexer
            + "/api/search?q="
            + URLEncoder.encode(term, StandardCharsets.UTF_8)
            + "&crawl="
            + crawlId);
  }

  private static ConfigurableApplicationContext start(
      org.springframework.boot.builder.SpringApplicationBuilder application,
      List<String> cluster,
      String... args) {
    List<String> all = new ArrayList<>(cluster);
    all.addAll(List.of(args));
    ConfigurableApplicationContext context = application.run(all.toArray(String[]::new));
    services.add(context);
    return context;
  }

  private static String baseUrl(ConfigurableApplicationContext context) {
    return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  private static JsonNode json(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", API_KEY).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> post(String url, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("X-API-Key", API_KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
