package dev.crawler.testsupport.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every request a {@link TestWeb} received, in arrival order, with the politeness audits tests
 * need: gaps between fetches of a host and requests of a host in flight at once.
 *
 * <p>Audits of gaps leave out robots.txt: a crawler fetches it right before a host's first page,
 * and politeness is about the pages. The log holds at most {@value #CAPACITY} requests; past that
 * it stops recording and every query fails rather than answer from a partial log.
 */
public final class RequestLog {

  static final int CAPACITY = 1_000_000;

  private final List<LoggedRequest> requests = new ArrayList<>();
  private final Map<LoggedRequest, Long> completionNanos = new IdentityHashMap<>();
  private boolean overflowed;

  /** A request of a host seen too soon after the previous one. */
  public record Violation(String host, LoggedRequest earlier, LoggedRequest later, Duration gap) {}

  synchronized void arrived(LoggedRequest request) {
    if (requests.size() >= CAPACITY) {
      overflowed = true;
    } else {
      requests.add(request);
    }
  }

  synchronized void completed(LoggedRequest request, long nanos) {
    completionNanos.put(request, nanos);
  }

  /** All requests, oldest first. */
  public synchronized List<LoggedRequest> all() {
    checkComplete();
    return List.copyOf(requests);
  }

  /** The requests of one host, oldest first. */
  public List<LoggedRequest> forHost(String host) {
    return all().stream().filter(r -> r.host().equals(host)).toList();
  }

  /** The paths (with query) of all requests, oldest first, as {@code host + path}. */
  public List<String> paths() {
    return all().stream().map(r -> r.host() + r.path()).toList();
  }

  /** The paths (with query) requested of one host, oldest first. */
  public List<String> paths(String host) {
    return forHost(host).stream().map(LoggedRequest::path).toList();
  }

  /** How often a host was asked for a path (with query), any method. */
  public long count(String host, String path) {
    return forHost(host).stream().filter(r -> r.path().equals(path)).count();
  }

  /** The number of requests received so far. */
  public synchronized int size() {
    checkComplete();
    return requests.size();
  }

  /**
   * For each host with at least two page requests (robots.txt left out), the smallest gap between
   * the arrivals of two consecutive ones.
   */
  public Map<String, Duration> minimumGapPerHost() {
    Map<String, Duration> gaps = new TreeMap<>();
    pagesByHost()
        .forEach((host, pages) -> {
          for (int i = 1; i < pages.size(); i++) {
            Duration gap = pages.get(i - 1).gapTo(pages.get(i));
            gaps.merge(host, gap, (a, b) -> a.compareTo(b) <= 0 ? a : b);
          }
        });
    return gaps;
  }

  /**
   * Consecutive page requests of a host (robots.txt left out) closer than {@code minDelay} minus
   * {@code tolerance}; empty for a polite crawler.
   */
  public List<Violation> violations(Duration minDelay, Duration tolerance) {
    return violations(host -> minDelay, tolerance);
  }

  /** Like {@link #violations(Duration, Duration)} with a delay per host (e.g. its Crawl-delay). */
  public List<Violation> violations(Function<String, Duration> delayOfHost, Duration tolerance) {
    List<Violation> violations = new ArrayList<>();
    pagesByHost()
        .forEach((host, pages) -> {
          Duration allowed = delayOfHost.apply(host).minus(tolerance);
          for (int i = 1; i < pages.size(); i++) {
            Duration gap = pages.get(i - 1).gapTo(pages.get(i));
            if (gap.compareTo(allowed) < 0) {
              violations.add(new Violation(host, pages.get(i - 1), pages.get(i), gap));
            }
          }
        });
    return violations;
  }

  /** For each host, the most requests (robots.txt included) it was serving at one moment. */
  public Map<String, Integer> maxConcurrentPerHost() {
    return maxConcurrentPerHost(Duration.ZERO);
  }

  /**
   * For each host, the most requests (robots.txt included) it was serving at one moment, where a
   * request counts as served until {@code tolerance} before the server finished it. The server
   * notes the end after the response is sent, so a client may act on a response a little before its
   * end is noted (more so on a busy machine); the tolerance keeps that out of the audit. A request
   * not finished yet counts until the end.
   */
  public synchronized Map<String, Integer> maxConcurrentPerHost(Duration tolerance) {
    checkComplete();
    Map<String, List<long[]>> changesByHost = new TreeMap<>();
    for (LoggedRequest request : requests) {
      long start = request.arrivalNanos();
      Long completion = completionNanos.get(request);
      // A request shorter than the tolerance still occupies the host at its arrival.
      long end =
          completion == null
              ? Long.MAX_VALUE
              : Math.max(start + 1, completion - tolerance.toNanos());
      List<long[]> changes = changesByHost.computeIfAbsent(request.host(), h -> new ArrayList<>());
      changes.add(new long[] {start, 1});
      changes.add(new long[] {end, -1});
    }
    Map<String, Integer> most = new TreeMap<>();
    changesByHost.forEach((host, changes) -> {
      // At one instant an end goes before a start: back to back is not at once.
      changes.sort(Comparator.<long[]>comparingLong(c -> c[0]).thenComparingLong(c -> c[1]));
      int serving = 0;
      int max = 0;
      for (long[] change : changes) {
        serving += (int) change[1];
        max = Math.max(max, serving);
      }
      most.put(host, max);
    });
    return most;
  }

  /** Forgets all requests (requests in flight still complete normally). */
  public synchronized void clear() {
    requests.clear();
    completionNanos.clear();
    overflowed = false;
  }

  private Map<String, List<LoggedRequest>> pagesByHost() {
    Map<String, List<LoggedRequest>> byHost = new TreeMap<>();
    for (LoggedRequest request : all()) {
      if (!request.isRobotsTxt()) {
        byHost.computeIfAbsent(request.host(), h -> new ArrayList<>()).add(request);
      }
    }
    // Arrival order in the log follows the order handlers ran; nanoTime is the truth.
    byHost
        .values()
        .forEach(list -> list.sort((a, b) -> Long.compare(a.arrivalNanos(), b.arrivalNanos())));
    return byHost;
  }

  private void checkComplete() {
    if (overflowed) {
      throw new IllegalStateException(
          "the request log overflowed its " + CAPACITY + " entries; clear() it between phases");
    }
  }
}
