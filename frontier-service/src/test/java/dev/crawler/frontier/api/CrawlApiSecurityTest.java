package dev.crawler.frontier.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.frontier.FrontierServiceTest;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The crawl API needs an API key (the default mode); the probes, the metrics and the API document
 * do not.
 */
class CrawlApiSecurityTest extends FrontierServiceTest {

  private static final String CRAWL = "{\"seeds\":[\"http://secured.test/\"]}";

  @Test
  void refusesEveryCrawlRequestWithoutAKeyWithA401Problem() {
    String id = post("/api/crawls", CRAWL).body().path("id").asString();

    for (HttpRequest.Builder request :
        List.of(
            anonymous("/api/crawls").POST(json(CRAWL)),
            anonymous("/api/crawls").GET(),
            anonymous("/api/crawls/" + id).GET(),
            anonymous("/api/crawls/" + id + "/hosts").GET(),
            anonymous("/api/crawls/" + id + "/pause").POST(BodyPublishers.noBody()),
            anonymous("/api/crawls/" + id + "/resume").POST(BodyPublishers.noBody()),
            anonymous("/api/crawls/" + id + "/urls").POST(json("{\"urls\":[\"http://x.test/\"]}")),
            anonymous("/api/crawls/" + id).DELETE())) {
      Response response = send(request);

      assertUnauthorized(response);
      assertThat(response.body().path("detail").asString()).contains("X-API-Key");
    }
    assertThat(get("/api/crawls/" + id).body().path("state").asString()).isEqualTo("RUNNING");
  }

  @Test
  void refusesAWrongKeySayingSo() {
    Response wrongHeader =
        send(anonymous("/api/crawls").header("X-API-Key", API_KEY + "x").POST(json(CRAWL)));
    Response wrongBearer =
        send(anonymous("/api/crawls").header("Authorization", "Bearer nope").POST(json(CRAWL)));

    assertUnauthorized(wrongHeader);
    assertThat(wrongHeader.body().path("detail").asString()).isEqualTo("the API key is not valid");
    assertUnauthorized(wrongBearer);
  }

  @Test
  void acceptsTheKeyInItsHeaderOrAsABearerToken() {
    Response byHeader =
        send(anonymous("/api/crawls").header("X-API-Key", API_KEY).POST(json(CRAWL)));
    Response byBearer =
        send(
            anonymous("/api/crawls")
                .header("Authorization", "Bearer " + API_KEY)
                .POST(json(CRAWL)));

    assertThat(byHeader.status()).isEqualTo(201);
    assertThat(byBearer.status()).isEqualTo(201);
  }

  @Test
  void leavesTheProbesMetricsAndApiDocumentOpen() {
    for (String path :
        List.of(
            "/actuator/health",
            "/actuator/health/liveness",
            "/actuator/health/readiness",
            "/actuator/prometheus",
            "/v3/api-docs")) {
      assertThat(send(anonymous(path).GET()).status()).as(path).isEqualTo(200);
    }
  }

  private HttpRequest.Builder anonymous(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
  }

  private static HttpRequest.BodyPublisher json(String body) {
    return BodyPublishers.ofString(body);
  }

  private static void assertUnauthorized(Response response) {
    assertThat(response.status()).as(response.body().toString()).isEqualTo(401);
    assertThat(response.headers().headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
    assertThat(response.headers().headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body().path("status").asInt()).isEqualTo(401);
    assertThat(response.body().path("title").asString()).isEqualTo("Authentication required");
  }
}
