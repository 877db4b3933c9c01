package dev.crawler.standalone.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.crawler.common.kafka.DeadLetter;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.testsupport.kafka.TestKafka;
import dev.crawler.testsupport.web.HostilePages;
import dev.crawler.testsupport.web.LoggedRequest;
import dev.crawler.testsupport.web.TestWeb;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input, end to end: the packaged application (frontier, fetcher, parser and indexer in one
 * JVM, as {@code ./crawl} runs them) crawls a test web whose hosts each serve one thing a crawler
 * must survive, next to an ordinary site. The crawl must finish with every hostile case bounded and
 * recorded as an outcome, the ordinary pages searchable, no consumer dead, no error in the log, the
 * services healthy and the politeness audit clean.
 *
 * <p>The application talks to the test JVM's Kafka broker ({@code --kafka.bootstrap-servers}) so
 * that the test can read every fetch outcome and dead letter. The SSRF guard stays on: only the
 * test web's own addresses are allowed ({@code allowed-cidrs}, one /32 per host), so redirects and
 * seeds that name other loopback, link-local or IPv6 addresses, or {@code localhost}, must be
 * refused before any connection: a canary server on 127.0.0.1 (and [::1]) proves none was made.
 */
class HostileWebIT {

  private static final Logger log = LoggerFactory.getLogger(HostileWebIT.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);

  private static final Duration DELAY = Duration.ofMillis(100);
  private static final int PAGES_PER_HOST = 20;
  private static final int MAX_ATTEMPTS = 3;
  private static final long BIG_PAGE_BYTES = 11L * 1024 * 1024;
  private static final long BOMB_DECODED_BYTES = 200L * 1024 * 1024;
  private static final int FARM_LINKS = 100_000;
  private static final int CHAIN = 10;
  private static final List<String> SEARCHABLE =
      List.of(
          "quokkahome",
          "quokkaabout",
          "quokkanews",
          "chainendterm",
          "badutfterm",
          "garbagerobotsterm",
          "hugerobotsterm",
          "binaryrobotsterm");

  /** Kept after the run (under target/), so a failure's process output and log can be read. */
  private static Path work;

  private static TestWeb web;
  private static HttpServer canary;
  private static HttpServer canaryV6;
  private static final AtomicInteger canaryHits = new AtomicInteger();
  private static CrawlProcess crawl;
  private static String address;
  private static String crawlId;
  private static Duration crawlTime;
  private static final Map<String, List<FetchOutcome>> outcomesByUrl = new HashMap<>();
  private static final List<String> deadLetters = new ArrayList<>();

  @BeforeAll
  static void crawlTheHostileWeb() throws Exception {
    work =
        Files.createDirectories(
            Path.of("target", "hostile-web", Long.toString(System.currentTimeMillis())));
    canary = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    canary.createContext("/", exchange -> canaryHits.incrementAndGet());
    canary.start();
    int canaryPort = canary.getAddress().getPort();
    try {
      canaryV6 =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), canaryPort), 10);
      canaryV6.createContext("/", exchange -> canaryHits.incrementAndGet());
      canaryV6.start();
    } catch (IOException e) {
      log.info("event=no_ipv6_canary reason=\"{}\"", e.getMessage());
    }
    web = hostileWeb(canaryPort);

    List<String> jvm = new ArrayList<>(CrawlProcess.allowOnly(web.hostAddresses().values()));
    jvm.addAll(
        List.of(
            "-Dcrawler.fetcher.idle-timeout=2s",
            "-Dcrawler.fetcher.total-timeout=6s",
            "-Dcrawler.fetcher.robots.unavailable-ttl=3s",
            "-Dcrawler.frontier.max-attempts=" + MAX_ATTEMPTS,
            "-Dcrawler.frontier.defaults.max-pages-per-host=" + PAGES_PER_HOST,
            "-Dcrawler.frontier.finish-quiet-period=5s",
            // The test reads only what is open to anonymous readers (search, health); a key keeps
            // start-up valid whichever control-API security mode is the default.
            "-Dcrawler.security.api-keys=hostile-web-it-" + UUID.randomUUID()));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--data-dir",
                work.resolve("data").toString(),
                "--port",
                "0",
                "--kafka.bootstrap-servers",
                TestKafka.bootstrapServers(),
                "--scope",
                "ANY",
                "--max-depth",
                "50",
                "--delay-ms",
                Long.toString(DELAY.toMillis())));
    web.resolveEntries().forEach(entry -> args.addAll(List.of("--resolve", entry)));
    args.addAll(seeds(canaryPort));

    long started = System.nanoTime();
    crawl = CrawlProcess.start(work.resolve("crawl.out"), jvm, args.toArray(String[]::new));
    address = crawl.awaitServing(Duration.ofMinutes(2));
    crawlId = crawl.awaitFinished(Duration.ofMinutes(5));
    crawlTime = Duration.ofNanos(System.nanoTime() - started);
    readOutcomesAndDeadLetters();
    report();
  }

  @AfterAll
  static void stop() throws Exception {
    if (crawl != null) {
      crawl.close();
    }
    if (web != null) {
      web.close();
    }
    if (canary != null) {
      canary.stop(0);
    }
    if (canaryV6 != null) {
      canaryV6.stop(0);
    }
  }

  @Test
  void ordinaryPagesBesideTheHostileOnesAreFetchedParsedAndSearchable() throws Exception {
    for (String term : SEARCHABLE) {
      assertThat(search(term).get("hits").isEmpty()).as("hits for %s", term).isFalse();
    }
  }

  @Test
  void spiderTrapsStayWithinThePerHostBudgetAndSessionIdsAreNormalisedAway() {
    assertThat(pageRequests("calendar.test")).hasSizeLessThanOrEqualTo(PAGES_PER_HOST);
    assertThat(pageRequests("links.test")).hasSizeLessThanOrEqualTo(PAGES_PER_HOST);
    // ;jsessionid= and sid= are stripped, so the shop is its four pages (home, cart, list and
    // list?sort=price), each fetched once, though every response names fresh session URLs.
    assertThat(pageRequests("session.test"))
        .extracting(LoggedRequest::path)
        .allSatisfy(path -> assertThat(path).doesNotContain("jsessionid").doesNotContain("sid="))
        .doesNotHaveDuplicates()
        .hasSizeLessThanOrEqualTo(4);
  }

  @Test
  void aRedirectLoopEndsWithBothUrlsRedirectedOnceAndAChainReachesItsEnd() {
    assertThat(kinds(web.url("loop.test", "/a"))).containsOnly(OutcomeKind.REDIRECTED);
    assertThat(kinds(web.url("loop.test", "/b"))).containsOnly(OutcomeKind.REDIRECTED);
    assertThat(web.requests().count("loop.test", "/a")).isEqualTo(1);
    assertThat(web.requests().count("loop.test", "/b")).isEqualTo(1);
    assertThat(kinds(web.url("loop.test", "/chain/end"))).containsOnly(OutcomeKind.FETCHED);
  }

  @Test
  void oversizedBodiesAndCompressionBombsAreCutAtTheBodyCapAndSaySo() throws Exception {
    String truncated = "body truncated at " + 10 * 1024 * 1024 + " bytes";
    for (String url : List.of(web.url("big.test", "/big"), web.url("bomb.test", "/bomb"))) {
      assertThat(outcomesByUrl.get(url))
          .as(url)
          .singleElement()
          .satisfies(o -> {
            assertThat(o.kind()).isEqualTo(OutcomeKind.FETCHED);
            assertThat(o.detail()).isEqualTo(truncated);
          });
    }
    assertThat(search("bigpageterm").get("hits").isEmpty()).isFalse();
  }

  @Test
  void slowlorisServersHitTheFetcherTimeoutsAndAreGivenUpAfterTheMaximumAttempts() {
    for (String url : List.of(web.url("slow.test", "/trickle"), web.url("silent.test", "/"))) {
      assertThat(outcomesByUrl.get(url))
          .as(url)
          .hasSize(MAX_ATTEMPTS)
          .allSatisfy(o -> {
            assertThat(o.kind()).isEqualTo(OutcomeKind.NETWORK_ERROR);
            assertThat(o.detail()).contains("timeout");
          });
    }
    assertThat(web.requests().count("slow.test", "/trickle")).isEqualTo(MAX_ATTEMPTS);
    assertThat(web.requests().count("silent.test", "/")).isEqualTo(MAX_ATTEMPTS);
  }

  @Test
  void binaryServedAsHtmlAndInvalidUtf8AreParsedWithoutHarm() {
    assertThat(kinds(web.url("binary.test", "/binary"))).containsOnly(OutcomeKind.FETCHED);
    assertThat(kinds(web.url("binary.test", "/bad-utf8"))).containsOnly(OutcomeKind.FETCHED);
  }

  @Test
  void malformedRobotsTxtIsReadAsFarAsItMakesSense() {
    assertThat(web.requests().count("garbage-robots.test", "/private/secret")).isZero();
    assertThat(web.requests().count("huge-robots.test", "/robots.txt")).isEqualTo(1);
  }

  @Test
  void aHostWhoseRobotsTxtAnswers503IsNeverFetchedAndItsUrlIsGivenUpAfterRetries() {
    assertThat(pageRequests("robots5xx.test")).isEmpty();
    List<FetchOutcome> outcomes = outcomesByUrl.get(web.url("robots5xx.test", "/"));
    assertThat(outcomes)
        .hasSize(MAX_ATTEMPTS)
        .allSatisfy(o -> {
          assertThat(o.kind()).isEqualTo(OutcomeKind.NETWORK_ERROR);
          assertThat(o.detail()).contains("robots.txt HTTP 503");
        });
    assertThat(web.requests().count("robots5xx.test", "/robots.txt"))
        .isBetween(1L, (long) MAX_ATTEMPTS);
  }

  @Test
  void ssrfSeedsAndRedirectsAreRefusedBeforeAnyConnection() {
    int port = canary.getAddress().getPort();
    for (String path : List.of("/to-loopback", "/to-localhost", "/to-metadata", "/to-ipv6")) {
      assertThat(kinds(web.url("ssrf.test", path))).containsOnly(OutcomeKind.REDIRECTED);
    }
    for (String url :
        List.of(
            "http://127.0.0.1:" + port + "/",
            "http://localhost:" + port + "/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:" + port + "/",
            "http://127.0.0.1:" + port + "/seed",
            "http://[::1]:" + port + "/seed")) {
      assertThat(kinds(url)).as(url).containsOnly(OutcomeKind.BLOCKED_ADDRESS);
    }
    assertThat(canaryHits).hasValue(0);
  }

  @Test
  void noConsumerDiedNothingWasDeadLetteredAndTheServicesAreHealthy() throws Exception {
    String logText = Files.readString(work.resolve("data").resolve("crawl.log"));
    assertThat(logText).doesNotContain("Exception in thread").doesNotContainPattern(" ERROR ");
    assertThat(deadLetters).isEmpty();
    HttpResponse<String> health = CrawlProcess.get(address + "/actuator/health");
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).get("status").asString()).isEqualTo("UP");
  }

  @Test
  void thePolitenessAuditPasses() {
    assertThat(web.requests().violations(DELAY, Duration.ofMillis(20))).isEmpty();
    assertThat(web.requests().maxConcurrentPerHost(Duration.ofMillis(50)).values())
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1));
  }

  private static TestWeb hostileWeb(int canaryPort) {
    String normalRobots = "User-agent: *\nDisallow: /private/\n";
    Random random = new Random(42);
    byte[] binary = new byte[64 * 1024];
    random.nextBytes(binary);
    byte[] binaryRobots = new byte[8 * 1024];
    random.nextBytes(binaryRobots);
    StringBuilder hugeRobots = new StringBuilder("User-agent: *\nDisallow: /private/\n");
    while (hugeRobots.length() < 2 * 1024 * 1024) {
      hugeRobots.append("Disallow: /").append(UUID.randomUUID()).append('\n');
    }
    StringBuilder big = new StringBuilder("<html><head><title>Big</title></head><body><p>");
    big.append("bigpageterm</p><p>");
    while (big.length() < BIG_PAGE_BYTES) {
      big.append("lorem ipsum dolor sit amet ");
    }
    big.append("</p></body></html>");
    byte[] badUtf8 =
        concat(
            "<html><head><meta charset=\"utf-8\"><title>Bad</title></head><body><p>badutfterm ",
            new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28, (byte) 0xe2, 0x28},
            " end</p></body></html>");
    String v6 = "http://[::1]:" + canaryPort + "/";
    return TestWeb.builder()
        .host(
            "home.test",
            site ->
                site.robots(normalRobots)
                    .html(
                        "/",
                        "<html><head><title>Home</title></head><body>quokkahome"
                            + " <a href=\"/about\">about</a> <a href=\"/news\">news</a>"
                            + " <a href=\"/private/x\">private</a></body></html>",
                        "quokkahome")
                    .html("/about", "<html><body>quokkaabout</body></html>", "quokkaabout")
                    .html("/news", "<html><body>quokkanews</body></html>", "quokkanews"))
        .host(
            "calendar.test",
            site -> site.handlerUnder("/cal/", HostilePages.infiniteCalendar("/cal/")))
        .host("session.test", site -> site.handlerUnder("/shop/", HostilePages.sessionIdLinks()))
        .host(
            "loop.test",
            site -> {
              site.redirect("/a", 302, "/b").redirect("/b", 302, "/a");
              for (int i = 1; i < CHAIN; i++) {
                site.redirect("/chain/" + i, 301, "/chain/" + (i + 1));
              }
              site.redirect("/chain/" + CHAIN, 301, "/chain/end")
                  .html("/chain/end", "<html><body>chainendterm</body></html>", "chainendterm");
            })
        .host("big.test", site -> site.page("/big", 200, "text/html; charset=utf-8", utf8(big)))
        .host("bomb.test", site -> site.handler("/bomb", HostilePages.gzipBomb(BOMB_DECODED_BYTES)))
        // One host each: a host's error back-off doubles with every failure in a row.
        .host(
            "slow.test",
            site ->
                site.handler(
                    "/trickle",
                    HostilePages.trickle(Duration.ofSeconds(1), Duration.ofSeconds(30))))
        .host("silent.test", site -> site.handler("/", HostilePages.silent(Duration.ofSeconds(3))))
        .host(
            "binary.test",
            site ->
                site.page("/binary", 200, "text/html; charset=utf-8", binary)
                    .page("/bad-utf8", 200, "text/html; charset=utf-8", badUtf8))
        .host(
            "links.test",
            site ->
                site.handler("/farm", HostilePages.linkFarm(FARM_LINKS, "/l/"))
                    .handlerUnder(
                        "/l/",
                        HostilePages.bytes(
                            200,
                            "text/html; charset=utf-8",
                            utf8("<html><body>leaf</body></html>"))))
        .host(
            "garbage-robots.test",
            site ->
                site.robots(
                        "<html>not robots</html>\n\u0000\u0001junk: ::: \nUser-agent *\nAllow\n"
                            + "User-agent: *\nDisallow: /private/\nCrawl-delay: banana\n"
                            + "Sitemap: not a url\n\n\n%%%\n")
                    .html(
                        "/",
                        "<html><body>garbagerobotsterm <a href=\"/private/secret\">s</a></body></html>",
                        "garbagerobotsterm"))
        .host(
            "huge-robots.test",
            site ->
                site.robots(hugeRobots.toString())
                    .html("/", "<html><body>hugerobotsterm</body></html>", "hugerobotsterm"))
        .host(
            "binary-robots.test",
            site ->
                site.handler("/robots.txt", HostilePages.bytes(200, "text/plain", binaryRobots))
                    .html("/", "<html><body>binaryrobotsterm</body></html>", "binaryrobotsterm"))
        .host(
            "robots5xx.test",
            site ->
                site.handler("/robots.txt", HostilePages.bytes(503, "text/plain", utf8("down")))
                    .html("/", "<html><body>never fetched</body></html>"))
        .host(
            "ssrf.test",
            site ->
                site.redirect("/to-loopback", 302, "http://127.0.0.1:" + canaryPort + "/")
                    .redirect("/to-localhost", 302, "http://localhost:" + canaryPort + "/")
                    .redirect("/to-metadata", 302, "http://169.254.169.254/latest/meta-data/")
                    .redirect("/to-ipv6", 302, v6))
        .seed("home.test", "/")
        .start();
  }

  private static List<String> seeds(int canaryPort) {
    return List.of(
        web.url("home.test", "/"),
        web.url("calendar.test", "/cal/2026/11"),
        web.url("session.test", "/shop/home"),
        web.url("loop.test", "/a"),
        web.url("loop.test", "/chain/1"),
        web.url("big.test", "/big"),
        web.url("bomb.test", "/bomb"),
        web.url("slow.test", "/trickle"),
        web.url("silent.test", "/"),
        web.url("binary.test", "/binary"),
        web.url("binary.test", "/bad-utf8"),
        web.url("links.test", "/farm"),
        web.url("garbage-robots.test", "/"),
        web.url("huge-robots.test", "/"),
        web.url("binary-robots.test", "/"),
        web.url("robots5xx.test", "/"),
        web.url("ssrf.test", "/to-loopback"),
        web.url("ssrf.test", "/to-localhost"),
        web.url("ssrf.test", "/to-metadata"),
        web.url("ssrf.test", "/to-ipv6"),
        "http://127.0.0.1:" + canaryPort + "/seed",
        "http://[::1]:" + canaryPort + "/seed");
  }

  /** Every outcome and dead letter of the crawl, read from the topics up to their ends. */
  private static void readOutcomesAndDeadLetters() {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            TestKafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "hostile-web-it-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.OUTCOMES, Topics.DLQ));
      Map<org.apache.kafka.common.TopicPartition, Long> ends = new HashMap<>();
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
              if (record.topic().equals(Topics.DLQ)) {
                Header reason = record.headers().lastHeader(DeadLetter.HEADER_REASON);
                deadLetters.add(
                    reason == null
                        ? "(no reason)"
                        : new String(reason.value(), StandardCharsets.UTF_8));
              } else {
                FetchOutcome outcome = OUTCOMES.decode(record.value());
                if (outcome.crawlId().equals(crawlId)) {
                  outcomesByUrl.computeIfAbsent(outcome.url(), u -> new ArrayList<>()).add(outcome);
                }
              }
            }
            if (consumer.assignment().isEmpty()) {
              return false;
            }
            if (ends.isEmpty()) {
              ends.putAll(consumer.endOffsets(consumer.assignment()));
            }
            return ends.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
          });
    }
  }

  /** What happened to each hostile case, for docs/reliability.md. */
  private static void report() {
    log.info("event=hostile_crawl_finished crawl={} seconds={}", crawlId, crawlTime.toSeconds());
    outcomesByUrl.entrySet().stream()
        .filter(e -> !e.getKey().contains("/cal/") && !e.getKey().contains("/l/"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> {
          FetchOutcome last = e.getValue().getLast();
          log.info(
              "event=hostile_outcome url={} attempts={} kind={} status={} detail=\"{}\"",
              e.getKey(),
              e.getValue().size(),
              last.kind(),
              last.httpStatus(),
              last.detail());
        });
    for (String host : web.hostAddresses().keySet()) {
      log.info(
          "event=hostile_host host={} page_requests={} robots_requests={}",
          host,
          pageRequests(host).size(),
          web.requests().count(host, "/robots.txt"));
    }
    log.info("event=hostile_dead_letters reasons={}", deadLetters);
    log.info("event=hostile_canary hits={}", canaryHits.get());
  }

  private static List<OutcomeKind> kinds(String url) {
    return outcomesByUrl.getOrDefault(url, List.of()).stream().map(FetchOutcome::kind).toList();
  }

  private static List<LoggedRequest> pageRequests(String host) {
    return web.requests().forHost(host).stream()
        .filter(r -> !r.path().equals("/robots.txt"))
        .toList();
  }

  private static JsonNode search(String term) throws Exception {
    HttpResponse<String> response =
        CrawlProcess.get(
            address + "/api/search?q=" + URLEncoder.encode(term, StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static byte[] utf8(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(String head, byte[] middle, String tail) {
    byte[] a = utf8(head);
    byte[] c = utf8(tail);
    byte[] all = new byte[a.length + middle.length + c.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(middle, 0, all, a.length, middle.length);
    System.arraycopy(c, 0, all, a.length + middle.length, c.length);
    return all;
  }
}
