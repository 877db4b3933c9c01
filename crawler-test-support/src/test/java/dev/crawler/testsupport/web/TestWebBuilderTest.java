package dev.crawler.testsupport.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestWebBuilderTest {

  @Test
  void politenessAuditFindsFetchesOfAHostCloserThanTheDelay() throws Exception {
    try (TestWeb web =
        TestWeb.builder()
            .host(
                "slow.test",
                site ->
                    site.robots("User-agent: *\nCrawl-delay: 1\n")
                        .html("/", "<title>Slow</title>")
                        .html("/next", "<title>Next</title>"))
            .host("other.test", site -> site.html("/", "<title>Other</title>"))
            .start()) {
      RawHttp.get(web, "slow.test", "/robots.txt");
      RawHttp.get(web, "slow.test", "/");
      RawHttp.get(web, "slow.test", "/next");
      RawHttp.get(web, "other.test", "/");

      RequestLog log = web.requests();
      assertThat(log.minimumGapPerHost()).containsOnlyKeys("slow.test");
      assertThat(log.minimumGapPerHost().get("slow.test")).isLessThan(Duration.ofSeconds(1));
      assertThat(log.violations(web::crawlDelay, Duration.ofMillis(50)))
          .singleElement()
          .satisfies(v -> {
            assertThat(v.host()).isEqualTo("slow.test");
            assertThat(v.earlier().path()).isEqualTo("/");
            assertThat(v.later().path()).isEqualTo("/next");
          });
      assertThat(log.violations(Duration.ZERO, Duration.ZERO)).isEmpty();
    }
  }

  @Test
  void concurrentRequestsOfAHostAreCountedWhileInFlight() throws Exception {
    CountDownLatch arrived = new CountDownLatch(3);
    CountDownLatch release = new CountDownLatch(1);
    try (TestWeb web =
            TestWeb.builder()
                .host(
                    "stall.test",
                    site ->
                        site.handler(
                            "/stall",
                            exchange -> {
                              arrived.countDown();
                              await(release);
                              reply(exchange, "done");
                            }))
                .start();
        var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<RawHttp.Response>> responses = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        responses.add(pool.submit(() -> RawHttp.get(web, "stall.test", "/stall")));
      }
      assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();

      for (Future<RawHttp.Response> response : responses) {
        assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
      }
      assertThat(web.requests().maxConcurrentPerHost()).containsEntry("stall.test", 3);
    }
  }

  @Test
  void latencyDelaysEveryResponseOfTheHost() throws Exception {
    try (TestWeb web =
        TestWeb.builder()
            .host(
                "lag.test",
                site -> site.latency(Duration.ofMillis(300)).page("/", "text/plain", "late"))
            .start()) {
      long start = System.nanoTime();
      var response = RawHttp.get(web, "lag.test", "/");

      assertThat(response.body()).isEqualTo("late");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }

  @Test
  void portPlaceholderIsReplacedInBodiesAndRedirects() throws Exception {
    try (TestWeb web =
        TestWeb.builder()
            .host(
                "a.test",
                site ->
                    site.redirect("/go", 302, "http://b.test:{port}/")
                        .html("/", "<a href=\"http://b.test:{port}/\">b</a>"))
            .host("b.test", site -> site.html("/", "<title>B</title>"))
            .start()) {
      String b = "http://b.test:" + web.port() + "/";

      assertThat(RawHttp.get(web, "a.test", "/go").header("Location")).isEqualTo(b);
      assertThat(RawHttp.get(web, "a.test", "/").body()).contains(b);
      assertThat(web.page(b).orElseThrow().reachableFromSeed()).isTrue();
      assertThat(web.page(b).orElseThrow().title()).isEqualTo("B");
    }
  }

  @Test
  void aPathDefinedTwiceIsRefused() {
    assertThatThrownBy(
            () -> TestWeb.builder().host("x.test", site -> site.html("/", "a").html("/", "b")))
        .hasMessageContaining("x.test/ is defined twice");
  }

  @Test
  void closedWebRefusesConnections() throws Exception {
    TestWeb web =
        TestWeb.builder().host("gone.test", site -> site.html("/", "<title>x</title>")).start();
    web.close();

    assertThatThrownBy(() -> RawHttp.get(web, "gone.test", "/"))
        .isInstanceOf(java.io.IOException.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void reply(HttpExchange exchange, String body) throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
