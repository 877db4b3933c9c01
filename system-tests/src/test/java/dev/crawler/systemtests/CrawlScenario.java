package dev.crawler.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.testsupport.cluster.CrawlCluster;
import dev.crawler.testsupport.cluster.CrawlProgress;
import dev.crawler.testsupport.cluster.GeneratedWeb;
import dev.crawler.testsupport.web.TestPage;
import dev.crawler.testsupport.web.TestWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One failure scenario's world: a generated test web sized for a crawl of about half a minute, a
 * {@link CrawlCluster} crawling it, and the assertions every scenario ends with: the crawl
 * finished, every reachable page is in the index exactly once, and the web saw a polite crawler.
 */
final class CrawlScenario implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CrawlScenario.class);

  static final int HOSTS = 4;
  static final int PAGES_PER_HOST = 40;
  static final Duration MIN_DELAY = Duration.ofMillis(100);

  /** Clock tolerance of the politeness audit: request logging, not the crawler's scheduling. */
  static final Duration DELAY_TOLERANCE = Duration.ofMillis(20);

  /**
   * How long before the test web notes a response's end the crawler may already act on it: the
   * server notes the end after sending, and a busy machine (Elasticsearch restarting on two cores)
   * can stall it that long.
   */
  static final Duration IN_FLIGHT_TOLERANCE = Duration.ofMillis(50);

  static final int MAX_CONCURRENT_PER_HOST = 1;
  static final int MAX_DEPTH = 20;
  static final Duration CRAWL_TIMEOUT = Duration.ofMinutes(6);
  static final Duration INDEX_CATCH_UP = Duration.ofMinutes(2);

  private final TestWeb web;
  private final CrawlCluster cluster;
  private final long startedNanos = System.nanoTime();
  private String crawlId;

  private CrawlScenario(TestWeb web, CrawlCluster cluster) {
    this.web = web;
    this.cluster = cluster;
  }

  /** Starts the web and a cluster as {@code customize} sets it up, under target/system-tests. */
  static CrawlScenario start(String name, UnaryOperator<CrawlCluster.Builder> customize) {
    return start(name, PAGES_PER_HOST, customize);
  }

  /** Like {@link #start(String, UnaryOperator)} with a web of {@code pagesPerHost} per host. */
  static CrawlScenario start(
      String name, int pagesPerHost, UnaryOperator<CrawlCluster.Builder> customize) {
    TestWeb web = GeneratedWeb.start(HOSTS, pagesPerHost);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path workDir = Path.of("target", "system-tests", name + "-" + stamp);
    try {
      CrawlCluster cluster = customize.apply(CrawlCluster.builder(workDir).web(web)).build();
      CrawlScenario scenario = new CrawlScenario(web, cluster);
      cluster.start();
      return scenario;
    } catch (RuntimeException e) {
      web.close();
      throw e;
    }
  }

  CrawlCluster cluster() {
    return cluster;
  }

  TestWeb web() {
    return web;
  }

  /** Posts the crawl of the whole web. */
  String startCrawl() {
    crawlId =
        cluster.api().createCrawl("system-test", List.of(web.seedUrl()), MAX_DEPTH, MIN_DELAY);
    log.info("event=crawl_started crawl={} expected_pages={}", crawlId, expectedUrls().size());
    return crawlId;
  }

  /** Waits until at least {@code fraction} of the expected pages have been fetched. */
  void awaitFetchedFraction(double fraction) {
    awaitFetched(Math.round(expectedUrls().size() * fraction));
  }

  /** Waits until at least {@code wanted} pages have been fetched. */
  void awaitFetched(long wanted) {
    await()
        .atMost(CRAWL_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> cluster.api().progress(crawlId).fetched() >= wanted);
    log.info("event=crawl_reached fetched_at_least={} crawl={}", wanted, crawlId);
  }

  /**
   * The crawl finishes; then, once the indexer has caught up, the index holds every page a polite
   * crawl reaches, each exactly once and nothing else; and the web's request log shows no two
   * requests of a host closer than the crawl's delay, no more than one at a time per host, and no
   * request for a page robots.txt disallows.
   */
  void assertCrawlCompleteExactlyOnceAndPolite() {
    CrawlProgress finished = cluster.api().awaitFinished(crawlId, CRAWL_TIMEOUT);
    log.info("event=crawl_finished progress={}", finished);

    List<String> expected = expectedUrls();
    await()
        .atMost(INDEX_CATCH_UP)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(() ->
            assertThat(cluster.indexedUrls(crawlId))
                .as("URLs of the crawl's documents in the index")
                .containsExactlyInAnyOrderElementsOf(expected));
    assertThat(cluster.indexedDocumentCount())
        .as("documents in the index")
        .isEqualTo(expected.size());

    assertThat(web.requests().violations(MIN_DELAY, DELAY_TOLERANCE))
        .as("requests of a host closer than %s", MIN_DELAY)
        .isEmpty();
    assertThat(web.requests().maxConcurrentPerHost(IN_FLIGHT_TOLERANCE).values())
        .as("most requests in flight per host")
        .allSatisfy(
            concurrent -> assertThat(concurrent).isLessThanOrEqualTo(MAX_CONCURRENT_PER_HOST));
    for (TestPage disallowed : web.disallowedPages()) {
      assertThat(web.requests().count(disallowed.host(), disallowed.path()))
          .as("requests for %s, which robots.txt disallows", disallowed.url())
          .isZero();
    }
    log.info(
        "event=scenario_passed crawl={} pages={} requests={} pages_fetched_again={} seconds={}",
        crawlId,
        expected.size(),
        web.requests().size(),
        pagesFetchedMoreThanOnce(),
        (System.nanoTime() - startedNanos) / 1_000_000_000);
  }

  /**
   * Pages requested more than once: at-least-once delivery at work after a crash, allowed as long
   * as each repeat kept the host's delay.
   */
  private long pagesFetchedMoreThanOnce() {
    return web.requests().paths().stream()
        .collect(Collectors.groupingBy(path -> path, Collectors.counting()))
        .entrySet()
        .stream()
        .filter(entry -> !entry.getKey().endsWith("/robots.txt") && entry.getValue() > 1)
        .count();
  }

  /** The crawl's progress now. */
  CrawlProgress progress() {
    return cluster.api().progress(crawlId);
  }

  List<String> expectedUrls() {
    return web.expectedIndexablePages().stream().map(TestPage::url).toList();
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } finally {
      web.close();
    }
  }
}
