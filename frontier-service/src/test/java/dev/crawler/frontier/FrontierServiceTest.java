package dev.crawler.frontier;

import static org.awaitility.Awaitility.await;

import dev.crawler.frontier.scheduling.FrontierStreams;
import dev.crawler.testsupport.kafka.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The frontier service on a random port against the test JVM's real Kafka broker, with timings
 * shortened so a crawl finishes in seconds. Test classes extending it share one application
 * context.
 */
@SpringBootTest(
    classes = FrontierApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=frontier",
      "crawler.kafka.partitions=2",
      "crawler.frontier.release-interval=50ms",
      "crawler.frontier.progress-interval=200ms",
      "crawler.frontier.finish-check-interval=200ms",
      "crawler.frontier.finish-quiet-period=2s",
      "crawler.frontier.lease-duration=5s",
      "crawler.frontier.limits.max-body-bytes=4096",
      "crawler.frontier.limits.max-seeds=20",
      "crawler.security.api-keys=" + FrontierServiceTest.API_KEY
    })
public abstract class FrontierServiceTest {

  /** The key the service accepts; {@link #get}, {@link #post} and {@link #delete} send it. */
  protected static final String API_KEY = "frontier-test-key-0123456789";

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort protected int port;
  @Autowired protected FrontierStreams streams;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) throws IOException {
    registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    Path stateDir = Files.createTempDirectory("frontier-state");
    registry.add("crawler.frontier.state-dir", stateDir::toString);
    registry.add("crawler.frontier.application-id", () -> "frontier-it-" + System.nanoTime());
  }

  @BeforeEach
  void frontierRunning() {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> streams.state() == KafkaStreams.State.RUNNING);
  }

  /**
   * An HTTP exchange's outcome.
   *
   * @param status the status code
   * @param headers the response
   * @param body the body as JSON (a missing node if none, or if it is not JSON)
   */
  protected record Response(int status, HttpResponse<String> headers, JsonNode body) {}

  protected Response get(String path) {
    return send(authorized(path).GET());
  }

  protected Response post(String path, String json) {
    return send(
        authorized(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  protected Response delete(String path) {
    return send(authorized(path).DELETE());
  }

  /** A request to the service carrying the API key. */
  protected HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(uri(path)).header("X-API-Key", API_KEY);
  }

  protected URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  protected Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              request.timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
      boolean json = response.headers().firstValue("Content-Type").orElse("").contains("json");
      JsonNode body =
          response.body().isEmpty() || !json ? JSON.missingNode() : JSON.readTree(response.body());
      return new Response(response.statusCode(), response, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
