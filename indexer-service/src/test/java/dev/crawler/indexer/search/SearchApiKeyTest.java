package dev.crawler.indexer.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.indexer.IndexerApplication;
import dev.crawler.testsupport.kafka.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code crawler.security.search-requires-auth}, the search API needs the API key like the
 * control API; the probes and metrics stay open. (Anonymous search, the default, is what every
 * other indexer test uses.)
 */
@SpringBootTest(
    classes = IndexerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=indexer",
      "crawler.indexer.backend=lucene",
      "crawler.security.search-requires-auth=true",
      "crawler.security.api-keys=" + SearchApiKeyTest.KEY
    })
class SearchApiKeyTest {

  static final String KEY = "search-test-key-0123456789";

  @TempDir static Path indexDirectory;

  @LocalServerPort int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    registry.add("crawler.indexer.lucene.path", () -> indexDirectory.toString());
    registry.add("crawler.indexer.ingest.group-id", () -> "search-key-" + UUID.randomUUID());
  }

  @Test
  void refusesASearchWithoutTheKeyAndAnswersOneWithIt() throws Exception {
    HttpResponse<String> anonymous = get("/api/search?q=crawler", null);
    HttpResponse<String> wrong = get("/api/search?q=crawler", "not-the-key-0123456789");
    HttpResponse<String> keyed = get("/api/search?q=crawler", KEY);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(anonymous.body()).contains("\"status\":401", "X-API-Key");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(keyed.statusCode()).isEqualTo(200);
  }

  @Test
  void leavesTheProbesAndMetricsOpen() throws Exception {
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (key != null) {
      request.header("X-API-Key", key);
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
