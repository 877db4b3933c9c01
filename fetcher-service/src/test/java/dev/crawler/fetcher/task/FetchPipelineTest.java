package dev.crawler.fetcher.task;

import static dev.crawler.fetcher.TestFetchers.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.fetcher.TestFetchers;
import dev.crawler.testsupport.web.LoggedRequest;
import dev.crawler.testsupport.web.TestWeb;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pipeline against real HTTP servers on loopback (allowed here through allowed-cidrs). */
class FetchPipelineTest {

  private static final int MAX_BODY = 64 * 1024;
  private static final String BIG_HTML =
      "<html><body>" + "x".repeat(3 * MAX_BODY) + "</body></html>";

  /** {@code brotli -q 11} of a small HTML page (the page text is in the test below). */
  private static final byte[] BROTLI_PAGE =
      Base64.getDecoder()
          .decode(
              "ofgDACLqtlQXml3Og5iKchXhcLkGVScHDv/lIEEWYNiiKE9ZiDIze9BOj2h0FaSt5HZ0UsAnvca0ODeqpWRk9Th"
                  + "XErWqul3kEBsuh5b/IDbGLBwxAA==");

  /** {@code head -c 64M /dev/zero | brotli -q 11}: 54 bytes that expand to 64 MiB. */
  private static final byte[] BROTLI_BOMB =
      Base64.getDecoder()
          .decode("z///f/gnAOKxQCD3/p/////wTwDEYQGA7v0/////4Z8AiMMiAN37f/7//8M/ARCHBQC69/8D");

  /** 64 MiB of zeros, about 64 KiB gzipped; made once, served quickly. */
  private static final ByteArrayOutputStream GZIP_BOMB = gzippedZeros(64);

  private static TestWeb web;
  private static TestFetchers fetchers;

  @BeforeAll
  static void start() {
    web =
        TestWeb.builder()
            .host(
                "alpha.test",
                site ->
                    site.robots(
                            "User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n"
                                + "Sitemap: http://alpha.test:{port}/sitemap.xml\n")
                        .html("/", "<html><head><title>Home</title></head><body>hi</body></html>")
                        .html("/private/secret", "<html>secret</html>")
                        .page("/big", "text/html", BIG_HTML)
                        .page("/big.xml", "application/xml", BIG_HTML)
                        .page("/logo.png", 200, "image/png", new byte[] {1, 2, 3})
                        .page("/gone", 410, "text/html", "<html>gone</html>")
                        .redirect("/old", 301, "/new?utm_source=x")
                        .handler("/busy", FetchPipelineTest::tooManyRequests)
                        .handler("/bomb", FetchPipelineTest::gzipBomb)
                        .handler("/brotli", exchange -> brotli(exchange, BROTLI_PAGE))
                        .handler("/brotli-bomb", exchange -> brotli(exchange, BROTLI_BOMB))
                        .page("/bad-charset", "text/html; charset=no-such-charset", "<html/>")
                        .handler("/cached", FetchPipelineTest::conditional)
                        .handler("/stall", exchange -> stall(exchange, Duration.ofSeconds(10)))
                        .handler("/trickle", FetchPipelineTest::trickle))
            .host("beta.test", site -> site.html("/", "<html>no robots.txt here</html>"))
            .host(
                "gamma.test",
                site ->
                    site.handler("/robots.txt", e -> status(e, 503))
                        .html("/", "<html>never fetched</html>"))
            .host(
                "delta.test",
                site ->
                    site.robots("User-agent: crawler\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
                        .html("/", "<html>not for us</html>"))
            .host(
                "epsilon.test",
                site -> {
                  site.robots("User-agent: *\nAllow: /\nSitemap: http://epsilon.test/map.xml\n");
                  IntStream.range(0, 4).forEach(i -> site.html("/" + i, "<html/>"));
                })
            .host("zeta.test", site -> site.html("/", "<html/>"))
            .host("eta.test", site -> site.html("/", "<html>" + "e".repeat(1000) + "</html>"))
            .host("busy.test", site -> site.html("/0", "<html/>").html("/1", "<html/>"))
            .host(
                "trouble.test",
                site ->
                    site.handler("/0", e -> status(e, 503))
                        .html("/1", "<html/>")
                        .html("/2", "<html/>"))
            .start();
    fetchers =
        TestFetchers.start(
            Map.of(
                "crawler.fetcher.allowed-cidrs", "127.0.0.0/8",
                "crawler.fetcher.host-overrides", String.join(",", web.resolveEntries()),
                "crawler.fetcher.max-body-size", MAX_BODY + "B",
                // Short enough to keep the stall and trickle tests quick, long enough that a busy
                // machine does not time out the ordinary exchanges.
                "crawler.fetcher.idle-timeout", "2s",
                "crawler.fetcher.total-timeout", "4s",
                // Each test's tasks carry epoch 0: one test's 429 must not hand back the next's.
                "crawler.fetcher.limiter-trouble-hold", "1ms"));
  }

  @AfterAll
  static void stop() throws Exception {
    fetchers.close();
    web.close();
  }

  @Test
  void fetchesAnAllowedPageWithSelectedHeadersAndTheRobotsFacts() {
    TaskResult result = process(task(web.url("alpha.test", "/")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.FETCHED);
    assertThat(result.outcome().httpStatus()).isEqualTo(200);
    assertThat(result.outcome().crawlDelayMs()).isEqualTo(1000L);
    assertThat(result.outcome().detail()).isNull();
    assertThat(result.page())
        .hasValueSatisfying(page -> {
          assertThat(page.status()).isEqualTo(200);
          assertThat(page.contentType()).isEqualTo("text/html");
          assertThat(page.charset()).isEqualToIgnoringCase("utf-8");
          assertThat(page.header("content-type")).startsWith("text/html");
          assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<title>Home");
          assertThat(page.truncated()).isFalse();
        });
    assertThat(web.requests().forHost("alpha.test"))
        .extracting(LoggedRequest::userAgent)
        .allSatisfy(agent -> assertThat(agent).contains("+https://"));
  }

  @Test
  void neverRequestsAUrlRobotsTxtDisallows() {
    TaskResult result = process(task(web.url("alpha.test", "/private/secret")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.ROBOTS_DENIED);
    assertThat(web.requests().count("alpha.test", "/private/secret")).isZero();
  }

  @Test
  void readsTheGroupOfItsOwnAgentToken() {
    assertThat(process(task(web.url("delta.test", "/"))).outcome().kind())
        .isEqualTo(OutcomeKind.ROBOTS_DENIED);
  }

  @Test
  void fetchesRobotsTxtOncePerHostAndReportsItsSitemapsOnce() {
    List<CompletableFuture<TaskResult>> concurrent =
        IntStream.range(0, 4)
            .mapToObj(i -> fetchers.pipeline().process(task(web.url("epsilon.test", "/" + i))))
            .toList();
    List<FetchOutcome> outcomes = concurrent.stream().map(f -> f.join().outcome()).toList();

    assertThat(outcomes).allSatisfy(o -> assertThat(o.kind()).isEqualTo(OutcomeKind.FETCHED));
    assertThat(web.requests().count("epsilon.test", "/robots.txt")).isEqualTo(1);
    assertThat(outcomes)
        .filteredOn(o -> !o.sitemaps().isEmpty())
        .singleElement()
        .satisfies(o -> assertThat(o.sitemaps()).containsExactly("http://epsilon.test/map.xml"));
  }

  @Test
  void allowsEverythingWhenRobotsTxtIsMissing() {
    TaskResult result = process(task(web.url("beta.test", "/")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.FETCHED);
    assertThat(web.requests().count("beta.test", "/robots.txt")).isEqualTo(1);
  }

  @Test
  void disallowsTheHostWhileRobotsTxtAnswers5xx() {
    TaskResult result = process(task(web.url("gamma.test", "/")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.NETWORK_ERROR);
    assertThat(result.outcome().detail()).contains("robots.txt HTTP 503");
    assertThat(result.outcome().retryAfterMs()).isPositive();
    assertThat(web.requests().count("gamma.test", "/")).isZero();
  }

  @Test
  void truncatesAnOversizedPage() {
    TaskResult result = process(task(web.url("alpha.test", "/big")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.FETCHED);
    assertThat(result.outcome().detail()).isEqualTo("body truncated at " + MAX_BODY + " bytes");
    assertThat(result.page().orElseThrow().truncated()).isTrue();
    assertThat(result.page().orElseThrow().body()).hasSize(MAX_BODY);
  }

  @Test
  void reportsAnOversizedXmlDocumentAsTooLarge() {
    TaskResult result = process(task(web.url("alpha.test", "/big.xml")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.TOO_LARGE);
    assertThat(result.page()).isEmpty();
  }

  @Test
  void capsTheDecodedSizeOfAGzipBomb() {
    TaskResult result = process(task(web.url("alpha.test", "/bomb")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.FETCHED);
    assertThat(result.outcome().detail()).isEqualTo("body truncated at " + MAX_BODY + " bytes");
    assertThat(result.page().orElseThrow().body()).hasSize(MAX_BODY);
    assertThat(result.page().orElseThrow().truncated()).isTrue();
  }

  @Test
  void asksForAndDecodesABrotliBody() {
    TaskResult result = process(task(web.url("alpha.test", "/brotli")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.FETCHED);
    assertThat(new String(result.page().orElseThrow().body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "<html><head><title>Brotli</title></head><body><p>Decoded from br: the quick brown fox"
                + " jumps over the lazy dog.</p></body></html>");
    assertThat(result.page().orElseThrow().truncated()).isFalse();
  }

  @Test
  void capsTheDecodedSizeOfABrotliBomb() {
    TaskResult result = process(task(web.url("alpha.test", "/brotli-bomb")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.FETCHED);
    assertThat(result.page().orElseThrow().body()).hasSize(MAX_BODY).containsOnly(0);
    assertThat(result.page().orElseThrow().truncated()).isTrue();
  }

  @Test
  void passesAnUnknownCharsetOnForTheParserToReplace() {
    TaskResult result = process(task(web.url("alpha.test", "/bad-charset")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.FETCHED);
    assertThat(result.page().orElseThrow().charset()).isEqualTo("no-such-charset");
    assertThat(result.page().orElseThrow().body()).asString().isEqualTo("<html/>");
  }

  @Test
  void countsResponsesByStatusTheirLatencyAndBytesAndRobotsCacheHits() {
    MeterRegistry meters = fetchers.registry();
    double ok = counted(meters.find("crawler.fetcher.responses").tag("status", "200"));
    double missing = counted(meters.find("crawler.fetcher.responses").tag("status", "404"));
    double hits = counted(meters.find("cache.gets").tags("cache", "robots", "result", "hit"));
    long exchanges = meters.get("crawler.fetcher.http.latency").timer().count();
    double bytes = meters.get("crawler.fetcher.bytes").counter().count();

    process(task(web.url("eta.test", "/")));
    process(task(web.url("eta.test", "/missing")));

    assertThat(counted(meters.find("crawler.fetcher.responses").tag("status", "200")))
        .isEqualTo(ok + 1);
    assertThat(counted(meters.find("crawler.fetcher.responses").tag("status", "404")))
        .isEqualTo(missing + 1);
    assertThat(meters.get("crawler.fetcher.http.latency").timer().count()).isEqualTo(exchanges + 2);
    assertThat(meters.get("crawler.fetcher.bytes").counter().count())
        .isGreaterThanOrEqualTo(bytes + 1000);
    assertThat(counted(meters.find("cache.gets").tags("cache", "robots", "result", "hit")))
        .isEqualTo(hits + 1);
  }

  @Test
  void refusesContentTypesOutsideTheAllowList() {
    TaskResult result = process(task(web.url("alpha.test", "/logo.png")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.UNSUPPORTED_TYPE);
    assertThat(result.page()).isEmpty();
  }

  @Test
  void turnsARedirectIntoANormalisedCandidateInsteadOfFollowingIt() {
    FetchTask task = task(web.url("alpha.test", "/old"));

    TaskResult result = process(task);

    String target = web.url("alpha.test", "/new");
    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.REDIRECTED);
    assertThat(result.outcome().redirectTarget()).isEqualTo(target);
    assertThat(result.redirect())
        .hasValueSatisfying(candidate -> {
          assertThat(candidate.url()).isEqualTo(target);
          assertThat(candidate.source()).isEqualTo(UrlSource.REDIRECT);
          assertThat(candidate.depth()).isEqualTo(task.depth());
          assertThat(candidate.referrer()).isEqualTo(task.url());
        });
    assertThat(web.requests().count("alpha.test", "/new")).isZero();
  }

  @Test
  void passesRetryAfterOfA429On() {
    TaskResult result = process(task(web.url("alpha.test", "/busy")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.HTTP_ERROR);
    assertThat(result.outcome().httpStatus()).isEqualTo(429);
    assertThat(result.outcome().retryAfterMs()).isEqualTo(120_000L);
  }

  @Test
  void publishesAGonePageSoTheParserCanDeleteIt() {
    TaskResult result = process(task(web.url("alpha.test", "/gone")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.HTTP_ERROR);
    assertThat(result.page()).hasValueSatisfying(page -> assertThat(page.status()).isEqualTo(410));
  }

  @Test
  void sendsValidatorsAndReportsNotModified() {
    FetchTask base = task(web.url("alpha.test", "/cached"));
    FetchTask conditional =
        new FetchTask(
            base.taskId(),
            base.crawlId(),
            base.url(),
            base.depth(),
            1,
            base.leaseDeadline(),
            0,
            "\"v1\"",
            "Wed, 01 Jan 2025 00:00:00 GMT",
            1,
            0);

    TaskResult result = process(conditional);

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.NOT_MODIFIED);
    assertThat(result.outcome().etag()).isEqualTo("\"v1\"");
    assertThat(result.page()).isEmpty();
  }

  @Test
  void givesUpOnAServerThatStalls() {
    TaskResult result = process(task(web.url("alpha.test", "/stall")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.NETWORK_ERROR);
    assertThat(result.outcome().detail()).containsIgnoringCase("timeout");
  }

  @Test
  void givesUpOnAServerThatTricklesPastTheTotalTimeout() {
    TaskResult result = process(task(web.url("alpha.test", "/trickle")));

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.NETWORK_ERROR);
    assertThat(result.outcome().detail()).containsIgnoringCase("total timeout");
    assertThat(result.outcome().durationMs()).isBetween(3_900L, 15_000L);
  }

  @Test
  void spacesFetchesOfOneHostByTheTaskDelay() {
    long delayMs = 400;
    // zeta.test has no robots.txt and so no Crawl-delay: the task's delay rules.
    List<TaskResult> results =
        IntStream.range(0, 3)
            .mapToObj(i -> fetchers.pipeline().process(task(web.url("zeta.test", "/"), delayMs)))
            .toList()
            .stream()
            .map(CompletableFuture::join)
            .toList();

    assertThat(results)
        .allSatisfy(r -> assertThat(r.outcome().kind()).isEqualTo(OutcomeKind.FETCHED));
    List<LoggedRequest> pages =
        web.requests().forHost("zeta.test").stream().filter(r -> !r.isRobotsTxt()).toList();
    assertThat(pages).hasSize(3);
    for (int i = 1; i < pages.size(); i++) {
      assertThat(pages.get(i - 1).gapTo(pages.get(i)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(delayMs - 20));
    }
  }

  @Test
  void aHostAnswering503HandsBackTheRestOfItsWindowUnstarted() {
    List<CompletableFuture<TaskResult>> window =
        IntStream.range(0, 3)
            .mapToObj(i -> fetchers.pipeline().process(task(web.url("trouble.test", "/" + i), 300)))
            .toList();

    List<OutcomeKind> kinds = window.stream().map(f -> f.join().outcome().kind()).toList();

    assertThat(kinds)
        .containsExactly(OutcomeKind.HTTP_ERROR, OutcomeKind.RETURNED, OutcomeKind.RETURNED);
    assertThat(web.requests().forHost("trouble.test"))
        .extracting(LoggedRequest::path)
        .containsOnly("/robots.txt", "/0");
  }

  @Test
  void handsALeaseBackUnstartedWhenItsTurnWouldComeAfterItsDeadline() {
    FetchTask first = task(web.url("busy.test", "/0"), 60_000);
    FetchTask second =
        new FetchTask(
            "t-2",
            "crawl-1",
            web.url("busy.test", "/1"),
            0,
            1,
            Instant.now().plusSeconds(2),
            60_000,
            null,
            null,
            1,
            0);

    process(first);
    TaskResult result = process(second);

    assertThat(result.outcome().kind()).isEqualTo(OutcomeKind.RETURNED);
    assertThat(result.outcome().detail()).contains("lease deadline");
    assertThat(web.requests().forHost("busy.test"))
        .extracting(LoggedRequest::path)
        .doesNotContain("/1");
  }

  /** A counter's or function counter's count, zero before its first increment. */
  private static double counted(Search search) {
    return search.meters().stream()
        .mapToDouble(meter -> meter.measure().iterator().next().getValue())
        .sum();
  }

  private static TaskResult process(FetchTask task) {
    return fetchers.pipeline().process(task).orTimeout(20, TimeUnit.SECONDS).join();
  }

  private static void status(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
  }

  private static void tooManyRequests(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Retry-After", "120");
    status(exchange, 429);
  }

  private static void conditional(HttpExchange exchange) throws IOException {
    String tag = exchange.getRequestHeaders().getFirst("If-None-Match");
    if ("\"v1\"".equals(tag)) {
      status(exchange, 304);
      return;
    }
    exchange.getResponseHeaders().set("ETag", "\"v1\"");
    exchange.getResponseHeaders().set("Content-Type", "text/html");
    byte[] body = "<html>v1</html>".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
  }

  private static void gzipBomb(HttpExchange exchange) throws IOException {
    ByteArrayOutputStream compressed = GZIP_BOMB;
    exchange.getResponseHeaders().set("Content-Type", "text/html");
    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    exchange.sendResponseHeaders(200, compressed.size());
    try (OutputStream out = exchange.getResponseBody()) {
      compressed.writeTo(out);
    } catch (IOException e) {
      // the fetcher hangs up once it has what it wants
    }
  }

  private static ByteArrayOutputStream gzippedZeros(int mebibytes) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < mebibytes; i++) {
        gzip.write(zeros);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed;
  }

  /** Serves a br-encoded body to a client that accepts br; anything else gets a 406. */
  private static void brotli(HttpExchange exchange, byte[] encoded) throws IOException {
    String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
    if (accepted == null || !accepted.contains("br")) {
      status(exchange, 406);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Content-Encoding", "br");
    exchange.sendResponseHeaders(200, encoded.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(encoded);
    }
  }

  private static void stall(HttpExchange exchange, Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void trickle(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/html");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      for (int i = 0; i < 300; i++) { // a byte every 100 ms: never idle, never done in time
        out.write('x');
        out.flush();
        Thread.sleep(100);
      }
    } catch (IOException | InterruptedException e) {
      // the fetcher hung up, as it should
    }
  }
}
