package dev.crawler.standalone.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.testsupport.web.HostSite;
import dev.crawler.testsupport.web.LoggedRequest;
import dev.crawler.testsupport.web.TestPage;
import dev.crawler.testsupport.web.TestWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawl killed mid-way (as by a crash or {@code kill -9}) and started again with the same command
 * and data directory picks up where it stopped: it finishes, no page is requested twice, and the
 * index holds every page, those fetched before the kill included.
 */
class ResumeAfterKillIT {

  private static final String HOST = "chain.test";
  private static final int PAGES = 8;

  /**
   * Long enough that, between two fetches, the fetcher has committed the finished task (its commit
   * interval is 1 s) and nothing is in flight: the moment the kill comes.
   */
  private static final Duration DELAY = Duration.ofMillis(3000);

  private static final Duration SETTLED = Duration.ofMillis(1800);

  @TempDir Path work;

  @Test
  void aKilledCrawlResumesFromTheDataDirectoryWithoutFetchingAnyPageTwice() throws Exception {
    try (TestWeb web = chainOfPages()) {
      List<String> crawl =
          new ArrayList<>(
              List.of(
                  "--data-dir",
                  work.resolve("data").toString(),
                  "--port",
                  "0",
                  "--allow-private-networks",
                  "--delay-ms",
                  Long.toString(DELAY.toMillis()),
                  "--exit-when-done"));
      web.resolveEntries().forEach(entry -> crawl.addAll(List.of("--resolve", entry)));
      crawl.add(web.seedUrl());
      String[] args = crawl.toArray(String[]::new);

      try (CrawlProcess first = CrawlProcess.start(work.resolve("first.log"), args)) {
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(100))
            .until(() ->
                pageRequests(web).size() >= 3 && sinceLastPageRequest(web).compareTo(SETTLED) >= 0);
        first.kill();
      }
      int fetchedBeforeKill = pageRequests(web).size();
      assertThat(fetchedBeforeKill).isLessThan(PAGES);

      int status;
      String output;
      try (CrawlProcess second = CrawlProcess.start(work.resolve("second.log"), args)) {
        status = second.awaitExit(Duration.ofMinutes(4));
        output = second.output();
      }

      assertThat(status).as("exit status; output:\n%s", output).isZero();
      assertThat(output).contains("indexed     " + PAGES + " documents");
      // robots.txt is cached in memory only, so a restarted fetcher asks for it again.
      assertThat(pageRequests(web).stream().map(LoggedRequest::path))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(
              web.expectedIndexablePages().stream().map(TestPage::path).toList());
    }
  }

  /** One host, {@value #PAGES} pages in a chain: each page links to the next. */
  private static TestWeb chainOfPages() {
    return TestWeb.builder().host(HOST, ResumeAfterKillIT::chain).seed(HOST, "/").start();
  }

  private static void chain(HostSite site) {
    for (int i = 0; i < PAGES; i++) {
      String path = i == 0 ? "/" : "/page-" + i;
      String term = "chainlink" + (char) ('a' + i) + "term";
      String next = i + 1 < PAGES ? "<a href=\"/page-" + (i + 1) + "\">next</a>" : "";
      site.html(
          path,
          "<html><head><title>Chain page "
              + i
              + "</title></head><body><h1>Page "
              + i
              + "</h1><p>The word "
              + term
              + " is on this page only.</p>"
              + next
              + "</body></html>",
          term);
    }
  }

  private static List<LoggedRequest> pageRequests(TestWeb web) {
    return web.requests().all().stream().filter(request -> !request.isRobotsTxt()).toList();
  }

  private static Duration sinceLastPageRequest(TestWeb web) {
    List<LoggedRequest> pages = pageRequests(web);
    return pages.isEmpty()
        ? Duration.ZERO
        : Duration.between(pages.getLast().arrival(), Instant.now());
  }
}
