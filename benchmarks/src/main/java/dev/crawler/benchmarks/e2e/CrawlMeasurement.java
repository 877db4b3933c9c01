package dev.crawler.benchmarks.e2e;

import dev.crawler.benchmarks.e2e.CrawlDeployment.StageCounts;
import dev.crawler.testsupport.cluster.ProcessUsage;
import dev.crawler.testsupport.web.LoggedRequest;
import dev.crawler.testsupport.web.RequestLog;
import dev.crawler.testsupport.web.TestWeb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches a crawl to its end and measures it: the end-to-end window runs from the first page
 * request the web server received to the moment the crawl's indexed counter last rose; each stage's
 * rate is its final count over the span from its counter's first rise to its last; each process's
 * CPU is taken over the end-to-end window (start-up excluded). Politeness is audited from the web
 * server's request log.
 */
final class CrawlMeasurement {

  /** The system tests' tolerance for the gap between two fetches of a host. */
  private static final Duration DELAY_TOLERANCE = Duration.ofMillis(20);

  /**
   * The system tests' tolerance for requests in flight at once: the server notes a request's end
   * after sending it, so the client may start the next one a little before.
   */
  static final Duration IN_FLIGHT_TOLERANCE = Duration.ofMillis(50);

  // Each poll scrapes /actuator/prometheus, which costs the crawler a few milliseconds of CPU.
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration SETTLED = Duration.ofSeconds(5);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

  /**
   * One zero-delay crawl's figures.
   *
   * @param mode standalone or distributed
   * @param counts the crawl's final counters
   * @param windowSeconds first page request to last document indexed
   * @param fetchRate fetched / span of the fetched counter
   * @param parseRate parsed / span of the parser's counter (NaN when unreadable)
   * @param indexRate indexed / span of the indexed counter
   * @param processes each crawler process's cost in the window
   * @param webServer the benchmark JVM's cost in the window: the web server and the polling
   * @param violations page requests of a host too close together or at once
   * @param stoppedBy why the measurement ended
   */
  record Result(
      String mode,
      StageCounts counts,
      double windowSeconds,
      double fetchRate,
      double parseRate,
      double indexRate,
      List<ProcessCost> processes,
      ProcessCost webServer,
      int violations,
      String stoppedBy) {

    double endToEndRate() {
      return windowSeconds > 0 ? counts.indexed() / windowSeconds : 0;
    }

    double totalCpuSeconds() {
      return processes.stream().mapToDouble(ProcessCost::cpuSeconds).sum();
    }
  }

  private CrawlMeasurement() {}

  /** Polls the crawl until it is finished and indexed, or {@code timeLimit} has passed. */
  static Result measure(String mode, CrawlDeployment crawl, TestWeb web, Duration timeLimit)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeLimit.toNanos();
    Span fetched = new Span();
    Span parsed = new Span();
    Span indexed = new Span();
    Map<String, ProcessUsage> atFirstFetch = null;
    Map<String, ProcessUsage> atLastIndexed = null;
    StageCounts counts = new StageCounts("NONE", 0, 0, 0);
    long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
    String stoppedBy;
    while (true) {
      long now = System.nanoTime();
      if (!crawl.isAlive()) {
        stoppedBy = "a crawler process exiting (logs: " + crawl.logs() + ")";
        break;
      }
      if (now > deadline) {
        stoppedBy = "the time limit of " + timeLimit;
        break;
      }
      try {
        counts = crawl.counts();
      } catch (RuntimeException e) {
        // A busy service may miss a poll; the next one counts.
        Thread.sleep(POLL);
        continue;
      }
      if (atFirstFetch == null && web.requests().size() > 0) {
        atFirstFetch = usage(crawl);
      }
      fetched.observe(counts.fetched(), now);
      parsed.observe(counts.parsed(), now);
      if (indexed.observe(counts.indexed(), now) || atLastIndexed == null) {
        atLastIndexed = usage(crawl);
      }
      if (counts.isFinished() && now - indexed.last > SETTLED.toNanos()) {
        stoppedBy = "the crawl finishing";
        break;
      }
      if (now > nextProgress) {
        System.out.printf(
            "  %s: %s fetched=%d parsed=%d indexed=%d%n",
            mode, counts.state(), counts.fetched(), counts.parsed(), counts.indexed());
        nextProgress = now + PROGRESS_EVERY.toNanos();
      }
      Thread.sleep(POLL);
    }
    Map<String, ProcessUsage> end = crawl.isAlive() ? usage(crawl) : atLastIndexed;
    List<LoggedRequest> pages = pageRequests(web.requests());
    long firstFetch = pages.isEmpty() ? 0 : pages.getFirst().arrivalNanos();
    double window = pages.isEmpty() || indexed.last == 0 ? 0 : (indexed.last - firstFetch) / 1e9;
    List<ProcessCost> costs = new ArrayList<>();
    if (atFirstFetch != null) {
      for (Map.Entry<String, ProcessUsage> start : atFirstFetch.entrySet()) {
        String name = start.getKey();
        if (name.isEmpty()) {
          continue;
        }
        ProcessUsage last = atLastIndexed.getOrDefault(name, start.getValue());
        costs.add(
            new ProcessCost(
                name,
                last.cpuSeconds() - start.getValue().cpuSeconds(),
                end.getOrDefault(name, last).peakRssMib()));
      }
    }
    return new Result(
        mode,
        counts,
        window,
        fetched.rate(),
        parsed.rate(),
        indexed.rate(),
        costs,
        webServerCost(atFirstFetch, atLastIndexed),
        violations(web.requests(), Duration.ZERO),
        stoppedBy);
  }

  /**
   * Page requests of a host closer together than {@code delay} (less {@link
   * #delayTolerance(Duration)}), plus hosts that ever served two requests at once (less {@link
   * #IN_FLIGHT_TOLERANCE}).
   */
  static int violations(RequestLog requests, Duration delay) {
    List<RequestLog.Violation> tooClose =
        delay.isZero() ? List.of() : requests.violations(delay, delayTolerance(delay));
    // The closest ones are printed, so that a failed run says how far from polite it was.
    tooClose.stream()
        .sorted(Comparator.comparing(RequestLog.Violation::gap))
        .limit(5)
        .forEach(violation ->
            System.out.printf(
                "  violation: host %s, requests %.1f ms apart (delay %d ms)%n",
                violation.host(), violation.gap().toNanos() / 1e6, delay.toMillis()));
    Map<String, Integer> mostAtOnce = requests.maxConcurrentPerHost(IN_FLIGHT_TOLERANCE);
    mostAtOnce.forEach((host, most) -> {
      if (most > 1) {
        System.out.printf("  violation: host %s, %d requests at once%n", host, most);
      }
    });
    long atOnce = mostAtOnce.values().stream().filter(most -> most > 1).count();
    return tooClose.size() + (int) atOnce;
  }

  /**
   * The system tests' 20 ms, but at most a tenth of the delay: at a 20 ms delay, 20 ms would accept
   * any gap at all.
   */
  static Duration delayTolerance(Duration delay) {
    Duration tenth = delay.dividedBy(10);
    return tenth.compareTo(DELAY_TOLERANCE) < 0 ? tenth : DELAY_TOLERANCE;
  }

  /** Page requests (robots.txt left out), by arrival. */
  static List<LoggedRequest> pageRequests(RequestLog requests) {
    return requests.all().stream()
        .filter(request -> !request.isRobotsTxt())
        .sorted(Comparator.comparingLong(LoggedRequest::arrivalNanos))
        .toList();
  }

  /** The usage of every crawler process and, under the key {@code ""}, of this JVM. */
  static Map<String, ProcessUsage> usage(CrawlDeployment crawl) {
    Map<String, ProcessUsage> usage = new LinkedHashMap<>();
    crawl.processes().forEach((name, pid) -> usage.put(name, ProcessUsage.of(pid)));
    usage.put("", ProcessUsage.of(ProcessHandle.current().pid()));
    return usage;
  }

  private static ProcessCost webServerCost(
      Map<String, ProcessUsage> start, Map<String, ProcessUsage> end) {
    if (start == null) {
      return new ProcessCost("benchmark JVM (web server)", 0, 0);
    }
    return ProcessCost.between("benchmark JVM (web server)", start.get(""), end.get(""));
  }

  /** When a counter first and last rose, and to what. */
  private static final class Span {
    long value;
    long valueAtFirst;
    long first;
    long last;

    /** Whether the counter rose. */
    boolean observe(long newValue, long now) {
      if (newValue <= value) {
        return false;
      }
      if (first == 0) {
        first = now;
        valueAtFirst = newValue;
      }
      value = newValue;
      last = now;
      return true;
    }

    double rate() {
      // Counted from the first poll that saw the counter rise, so both ends are polls.
      return last > first ? (value - valueAtFirst) / ((last - first) / 1e9) : Double.NaN;
    }
  }
}
