package dev.crawler.benchmarks.e2e;

import dev.crawler.testsupport.cluster.ProcessUsage;
import dev.crawler.testsupport.web.LoggedRequest;
import dev.crawler.testsupport.web.TestWeb;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A site crawled to its end by the standalone jar with {@code --exit-when-done}, timed from the web
 * server's request log and the process's exit: the pages per second between the first and the last
 * page request, how soon after the last fetch the process exited, and how soon after the first
 * fetch the site was done (the process exited). CPU is the crawler's from the first fetch to the
 * last poll before it exited, so start-up is left out.
 */
final class SiteCrawlMeasurement {

  // Polls read /proc only (no HTTP), so they are cheap enough to be frequent.
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration EXIT_NOTICE = Duration.ofSeconds(5);

  /**
   * @param name the run's name ({@code single-host}, {@code small-site})
   * @param pages page requests the web server received (robots.txt left out)
   * @param firstToLastSeconds first page request to the last
   * @param exitAfterLastFetchSeconds last page request to the process's exit, NaN if it did not
   * @param doneAfterFirstFetchSeconds first page request to the process's exit, NaN if it did not
   * @param crawler the standalone process's cost from the first fetch to its last poll
   * @param violations page requests of a host at once
   * @param stoppedBy why the measurement ended
   */
  record Result(
      String name,
      long pages,
      double firstToLastSeconds,
      double exitAfterLastFetchSeconds,
      double doneAfterFirstFetchSeconds,
      ProcessCost crawler,
      int violations,
      String stoppedBy) {

    /** Pages per second between the first and the last page request. */
    double pagesPerSecond() {
      return firstToLastSeconds > 0 ? (pages - 1) / firstToLastSeconds : Double.NaN;
    }

    boolean exited() {
      return !Double.isNaN(exitAfterLastFetchSeconds);
    }
  }

  private SiteCrawlMeasurement() {}

  /** Waits for the crawl's process to exit by itself, or {@code timeLimit} to pass. */
  static Result measure(String name, StandaloneCrawl crawl, TestWeb web, Duration timeLimit)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeLimit.toNanos();
    long pid = crawl.processes().values().iterator().next();
    ProcessUsage atFirstFetch = null;
    ProcessUsage last = null;
    String stoppedBy = "the process exiting";
    while (crawl.isAlive()) {
      if (System.nanoTime() > deadline) {
        stoppedBy = "the time limit of " + timeLimit;
        break;
      }
      try {
        last = ProcessUsage.of(pid);
        if (atFirstFetch == null && !CrawlMeasurement.pageRequests(web.requests()).isEmpty()) {
          atFirstFetch = last;
        }
      } catch (IllegalStateException e) {
        // It exited between the check and the read: the previous poll stands.
      }
      Thread.sleep(POLL);
    }
    List<LoggedRequest> pages = CrawlMeasurement.pageRequests(web.requests());
    if (pages.isEmpty()) {
      throw new IllegalStateException(name + " fetched no page; logs: " + crawl.logs());
    }
    long first = pages.getFirst().arrivalNanos();
    long lastFetch = pages.getLast().arrivalNanos();
    double exitNanos = exitNanos(crawl);
    ProcessCost cost =
        atFirstFetch == null
            ? new ProcessCost("standalone", Double.NaN, Double.NaN)
            : ProcessCost.between("standalone", atFirstFetch, last);
    return new Result(
        name,
        pages.size(),
        (lastFetch - first) / 1e9,
        (exitNanos - lastFetch) / 1e9,
        (exitNanos - first) / 1e9,
        cost,
        CrawlMeasurement.violations(web.requests(), Duration.ZERO),
        stoppedBy);
  }

  /** When the process exited, NaN if it is still running. */
  private static double exitNanos(StandaloneCrawl crawl) throws InterruptedException {
    if (crawl.isAlive()) {
      return Double.NaN;
    }
    try {
      return crawl.exitNanos().get(EXIT_NOTICE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return Double.NaN;
    }
  }
}
