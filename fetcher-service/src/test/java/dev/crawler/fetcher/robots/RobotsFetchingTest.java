package dev.crawler.fetcher.robots;

import static dev.crawler.fetcher.TestFetchers.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.fetcher.TestFetchers;
import dev.crawler.fetcher.task.TaskResult;
import dev.crawler.testsupport.web.TestWeb;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * robots.txt limits of RFC 9309 section 2.3.1: redirects followed up to five times, a redirect loop
 * given up as "unavailable" (allow all), and only the first 500 KiB of a file parsed.
 */
class RobotsFetchingTest {

  private static final int KIB = 1024;

  private static TestWeb web;
  private static TestFetchers fetchers;

  @BeforeAll
  static void start() {
    web =
        TestWeb.builder()
            .host(
                "chain.test",
                site -> {
                  // /robots.txt -> /r1 -> ... -> /r5, which disallows everything: five redirects.
                  site.handler("/robots.txt", e -> redirect(e, "/r1"));
                  IntStream.range(1, 5)
                      .forEach(i -> site.handler("/r" + i, e -> redirect(e, "/r" + (i + 1))));
                  site.page("/r5", "text/plain", "User-agent: *\nDisallow: /\n")
                      .html("/", "<html>never fetched</html>");
                })
            .host(
                "loop.test",
                site ->
                    site.handler("/robots.txt", e -> redirect(e, "/robots.txt"))
                        .html("/", "<html>fetched</html>"))
            .host(
                "huge.test",
                site ->
                    site.robots(
                            "User-agent: *\nDisallow: /early\n"
                                + "# padding\n".repeat(600 * KIB / 10)
                                + "Disallow: /late\n")
                        .html("/early", "<html>never fetched</html>")
                        .html("/late", "<html>fetched</html>"))
            .start();
    fetchers =
        TestFetchers.start(
            Map.of(
                "crawler.fetcher.allowed-cidrs",
                "127.0.0.0/8",
                "crawler.fetcher.host-overrides",
                String.join(",", web.resolveEntries())));
  }

  @AfterAll
  static void stop() throws Exception {
    fetchers.close();
    web.close();
  }

  @Test
  void followsFiveRedirectsToTheRealRobotsTxt() {
    TaskResult result = process(web.url("chain.test", "/"));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.ROBOTS_DENIED);
    assertThat(web.requests().count("chain.test", "/r5")).isEqualTo(1);
    assertThat(web.requests().count("chain.test", "/")).isZero();
  }

  @Test
  void treatsARobotsRedirectLoopAsUnavailableAfterFiveRedirects() {
    TaskResult result = process(web.url("loop.test", "/"));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.FETCHED);
    assertThat(web.requests().count("loop.test", "/robots.txt")).isEqualTo(6);
  }

  @Test
  void ignoresRulesBeyondTheFirst500KiB() {
    assertThat(process(web.url("huge.test", "/early")).outcome().kind())
        .isEqualTo(OutcomeKind.ROBOTS_DENIED);
    assertThat(process(web.url("huge.test", "/late")).outcome().kind())
        .isEqualTo(OutcomeKind.FETCHED);
  }

  private static TaskResult process(String url) {
    return fetchers.pipeline().process(task(url)).orTimeout(20, TimeUnit.SECONDS).join();
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(301, -1);
  }
}
