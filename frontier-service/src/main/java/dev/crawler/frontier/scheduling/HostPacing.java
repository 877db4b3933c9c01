package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.frontier.FrontierProperties.Backoff;
import dev.crawler.frontier.FrontierProperties.HostWindow;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How fast a host may be fetched: its delay between fetch starts (the larger of the crawl's minimum
 * delay and robots.txt Crawl-delay, capped) and its error back-off (exponential with jitter, never
 * shorter than a server's Retry-After, capped).
 *
 * <p>Recovery is gradual: each normal answer ends the current back-off but lowers the host's error
 * level by one step only, and while the level is above zero fetch starts stay spaced by the
 * back-off of that level. With the default 2 s initial back-off, a host that answered 503 three
 * times waits 8 s, then its next fetches start 4 s, then 2 s apart before it is back at its own
 * delay; a host that fails again on the way backs off from where it was, not from the first step.
 *
 * <p>A healthy host's leases are released ahead of their starts ({@link HostWindow}): each lease
 * has a planned start one step after the previous one, and is released up to the lookahead before
 * it. The fetcher spaces the actual starts; the plan only decides how much work is out at once and
 * when each lease's deadline falls.
 */
final class HostPacing {

  private final long maxDelayMs;
  private final Backoff backoff;
  private final HostWindow window;
  private final RandomGenerator random;

  HostPacing(Duration maxHostDelay, Backoff backoff, HostWindow window, RandomGenerator random) {
    this.maxDelayMs = maxHostDelay.toMillis();
    this.backoff = backoff;
    this.window = window;
    this.random = random;
  }

  /** Whether the host's leases are released ahead of their starts: healthy, with a lookahead. */
  boolean looksAhead(HostState host) {
    return host.errorLevel() == 0 && window.lookahead().isPositive();
  }

  /**
   * Whether a crawl may have one more lease in flight on the host: within the host window when it
   * looks ahead, else within the crawl's maxConcurrencyPerHost.
   */
  boolean hasRoom(HostState host, CrawlJob job) {
    return looksAhead(host)
        ? host.leaseCount() < window.maxLeases()
        : host.leasesOf(job.id()) < job.maxConcurrencyPerHost();
  }

  /**
   * The least time between two fetch starts of a crawl's URLs on a host: its polite delay, or
   * longer while the host recovers from errors.
   */
  long delayMs(HostState host, CrawlJob job) {
    long polite = Math.min(maxDelayMs, Math.max(job.minDelayMs(), host.robotsDelayMs()));
    long recovering = host.errorLevel() == 0 ? 0 : exponentialMs(host.errorLevel());
    return Math.max(polite, recovering);
  }

  /** The earliest time a crawl's next URL may be released on a host. */
  long nextReleaseAtMs(HostState host, CrawlJob job) {
    long ahead = looksAhead(host) ? window.lookahead().toMillis() : 0;
    return Math.max(spacedStartMs(host, job) - ahead, host.backoffUntilMs());
  }

  /** When a lease released now is planned to start: one step after the previous lease's start. */
  long plannedStartMs(HostState host, CrawlJob job, long nowMs) {
    return Math.max(nowMs, spacedStartMs(host, job));
  }

  /** One step after the previous lease's planned start, or 0 for a host never released. */
  private long spacedStartMs(HostState host, CrawlJob job) {
    return host.lastReleaseAtMs() == 0 ? 0 : host.lastReleaseAtMs() + stepMs(host, job);
  }

  /**
   * The planned time between two starts: the delay, or, ahead of a healthy host, the time the
   * fetcher needs per fetch if that is longer (a slow host's window holds fewer leases).
   */
  private long stepMs(HostState host, CrawlJob job) {
    long delay = delayMs(host, job);
    if (!looksAhead(host)) {
      return delay;
    }
    long fetchMs = host.fetchMs() == 0 ? window.initialFetchTime().toMillis() : host.fetchMs();
    return Math.max(delay, fetchMs / job.maxConcurrencyPerHost());
  }

  /**
   * Learns from an outcome: robots.txt Crawl-delay, the host's fetch time, and back-off or
   * recovery. A lease handed back unstarted says nothing about the host.
   */
  void learn(HostState host, FetchOutcome outcome, long nowMs) {
    if (outcome.kind() == OutcomeKind.RETURNED) {
      return;
    }
    if (outcome.httpStatus() > 0) {
      host.measuredFetch(outcome.durationMs());
    }
    if (outcome.crawlDelayMs() != null && outcome.crawlDelayMs() >= 0) {
      // Kept when later outcomes carry none: the robots rules are cached by the fetcher, and
      // erring slow is the polite side.
      host.robotsDelayMs(Math.min(maxDelayMs, outcome.crawlDelayMs()));
    }
    if (isHostTrouble(outcome)) {
      host.backOff(nowMs + backoffMs(host.errorLevel() + 1, outcome.retryAfterMs()));
    } else {
      host.recovered();
    }
  }

  /** Whether an outcome says the host is overloaded or unreachable (RFC 9110 429 and 5xx). */
  static boolean isHostTrouble(FetchOutcome outcome) {
    return OutcomeKind.isHostTrouble(outcome.kind(), outcome.httpStatus());
  }

  private long backoffMs(int errorLevel, Long retryAfterMs) {
    long maxMs = backoff.max().toMillis();
    long exponential = exponentialMs(errorLevel);
    double spread = backoff.jitter() * (2 * random.nextDouble() - 1);
    long jittered = Math.min(maxMs, Math.round(exponential * (1 + spread)));
    long serverAsked = retryAfterMs == null ? 0 : Math.min(maxMs, Math.max(0, retryAfterMs));
    return Math.max(jittered, serverAsked);
  }

  /** The back-off of an error level without jitter: initial × 2^(level − 1), capped. */
  private long exponentialMs(int errorLevel) {
    int doublings = Math.min(errorLevel - 1, 30);
    return Math.min(backoff.max().toMillis(), backoff.initial().toMillis() << doublings);
  }
}
