package dev.crawler.frontier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.frontier.FrontierServiceTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/crawls/{id}/hosts}: a crawl's hosts as the frontier tasks published them. */
class CrawlHostsApiTest extends FrontierServiceTest {

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
        });
  }

  @Test
  void answersAnUnknownCrawlWithA404Problem() {
    Response response = get("/api/crawls/no-such-crawl/hosts");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body().path("status").asInt()).isEqualTo(404);
  }

  private static long work(JsonNode host) {
    return host.path("queued").asLong() + host.path("inFlight").asLong();
  }
}
