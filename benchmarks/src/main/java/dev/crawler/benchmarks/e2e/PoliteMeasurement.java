package dev.crawler.benchmarks.e2e;

import dev.crawler.testsupport.cluster.ProcessUsage;
import dev.crawler.testsupport.web.LoggedRequest;
import dev.crawler.testsupport.web.TestWeb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A politeness-bound crawl ({@link PoliteCase}): more pages than its hosts can serve at the crawl's
 * delay, so the best a polite crawler can do is hosts / delay pages per second. The achieved rate
 * is the page requests the web server received in a fixed window that starts a warm-up after the
 * first one; the gaps and violations are the web server's view of the whole run.
 */
final class PoliteMeasurement {

  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration FIRST_FETCH_LIMIT = Duration.ofMinutes(2);

  /**
   * @param politeCase what was crawled, at what delay
   * @param pagesPerSecond page requests per second in the window
   * @param pages page requests in the window
   * @param windowSeconds the window's length
   * @param processes each crawler process's cost in the window
   * @param medianGapMillis the median time between two consecutive page requests of a host in the
   *     window: the delay plus what the pipeline adds before the host's next URL is fetched
   * @param smallestGapMillis the smallest time between two consecutive page requests of a host,
   *     whole run
   * @param violations page requests of a host too close together or at once, whole run
   * @param loadCores the cores the CPU burners kept busy in the window on average, NaN without
   */
  record Result(
      PoliteCase politeCase,
      double pagesPerSecond,
      long pages,
      double windowSeconds,
      List<ProcessCost> processes,
      double medianGapMillis,
      double smallestGapMillis,
      int violations,
      double loadCores) {

    double shareOfBound() {
      return pagesPerSecond / politeCase.bound();
    }

    /** The crawler's CPU seconds per 1,000 pages in the window. */
    double cpuPerThousand() {
      return processes.stream().mapToDouble(ProcessCost::cpuSeconds).sum() / pages * 1000;
    }
  }

  private PoliteMeasurement() {}

  /**
   * Measures a crawl of {@code politeCase}'s web, started before the call.
   *
   * @param load the CPU burners running meanwhile, if any
   */
  static Result measure(
      CrawlDeployment crawl,
      TestWeb web,
      PoliteCase politeCase,
      Duration warmUp,
      Duration window,
      Optional<CpuLoad> load)
      throws InterruptedException {
    long limit = System.nanoTime() + FIRST_FETCH_LIMIT.toNanos();
    while (CrawlMeasurement.pageRequests(web.requests()).isEmpty()) {
      if (!crawl.isAlive() || System.nanoTime() > limit) {
        throw new IllegalStateException(
            "the polite crawl fetched no page within "
                + FIRST_FETCH_LIMIT
                + "; logs: "
                + crawl.logs());
      }
      Thread.sleep(POLL);
    }
    long first = CrawlMeasurement.pageRequests(web.requests()).getFirst().arrivalNanos();
    long start = first + warmUp.toNanos();
    long end = start + window.toNanos();
    sleepUntil(start, crawl);
    Map<String, ProcessUsage> atStart = CrawlMeasurement.usage(crawl);
    Optional<ProcessUsage> loadAtStart = load.map(CpuLoad::usage);
    sleepUntil(end, crawl);
    Map<String, ProcessUsage> atEnd = CrawlMeasurement.usage(crawl);
    Optional<ProcessUsage> loadAtEnd = load.map(CpuLoad::usage);
    List<LoggedRequest> inWindow =
        CrawlMeasurement.pageRequests(web.requests()).stream()
            .filter(request -> request.arrivalNanos() >= start && request.arrivalNanos() < end)
            .toList();
    List<ProcessCost> costs = new ArrayList<>();
    atStart.forEach((name, usage) -> {
      if (!name.isEmpty()) {
        costs.add(ProcessCost.between(name, usage, atEnd.get(name)));
      }
    });
    double seconds = window.toNanos() / 1e9;
    double loadCores =
        loadAtStart
            .map(from -> (loadAtEnd.orElseThrow().cpuSeconds() - from.cpuSeconds()) / seconds)
            .orElse(Double.NaN);
    return new Result(
        politeCase,
        inWindow.size() / seconds,
        inWindow.size(),
        seconds,
        costs,
        medianGapMillis(inWindow),
        smallestGapMillis(web),
        CrawlMeasurement.violations(web.requests(), politeCase.delay()),
        loadCores);
  }

  private static double smallestGapMillis(TestWeb web) {
    return web.requests().minimumGapPerHost().values().stream()
        .mapToDouble(gap -> gap.toNanos() / 1e6)
        .min()
        .orElse(Double.NaN);
  }

  /** The median gap between consecutive requests of one host, over all hosts. */
  private static double medianGapMillis(List<LoggedRequest> requests) {
    Map<String, List<LoggedRequest>> byHost =
        requests.stream().collect(Collectors.groupingBy(LoggedRequest::host));
    List<Long> gaps = new ArrayList<>();
    byHost
        .values()
        .forEach(host -> {
          for (int i = 1; i < host.size(); i++) {
            gaps.add(host.get(i).arrivalNanos() - host.get(i - 1).arrivalNanos());
          }
        });
    if (gaps.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(gaps);
    return gaps.get(gaps.size() / 2) / 1e6;
  }

  private static void sleepUntil(long nanos, CrawlDeployment crawl) throws InterruptedException {
    while (System.nanoTime() < nanos) {
      if (!crawl.isAlive()) {
        throw new IllegalStateException("a crawler process exited; logs: " + crawl.logs());
      }
      Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (nanos - System.nanoTime()) / 1_000_000)));
    }
  }
}
