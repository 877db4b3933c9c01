package dev.crawler.frontier;

import dev.crawler.common.messages.Scope;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The frontier's configuration, prefix {@code crawler.frontier}. Every default is documented in
 * {@code frontier.yaml}; a bad value stops the start-up with a message naming the property.
 *
 * @param applicationId the Kafka Streams application id: consumer group, prefix of changelog topics
 * @param stateDir where the RocksDB state stores live
 * @param stateStoreMemory the native memory all RocksDB stores of the JVM share (block cache and,
 *     up to half of it, memtables)
 * @param processingGuarantee {@code exactly_once_v2} or {@code at_least_once}
 * @param streamThreads the stream threads of this instance
 * @param commitInterval how often Kafka Streams commits (a transaction under exactly-once)
 * @param stateCheckInterval how often a running frontier asks Kafka whether its cluster and global
 *     topics are still those its state was built on (a recreated topic restarts Kafka Streams)
 * @param progressTopic the compacted internal topic of per-task crawl counters
 * @param releaseInterval how often the wall-clock punctuator releases due hosts
 * @param maxReleasesPerTick the most hosts one punctuation visits, so a tick stays short
 * @param leaseDuration how long a fetcher has to report an outcome before the URL is re-released
 *     (counted from the lease's planned start)
 * @param hostWindow how far ahead of its fetches a host's leases are released
 * @param maxAttempts the most fetch attempts of one URL (retryable errors and expired leases)
 * @param maxHostDelay the cap on any host delay (robots.txt Crawl-delay, crawl minimum delay)
 * @param backoff the error back-off of a host
 * @param progressInterval how often changed crawl counters are published
 * @param progressHosts how many hosts of each kind (most queued, troubled) a task publishes per
 *     crawl with its counters
 * @param finishCheckInterval how often crawls are checked for completion
 * @param finishQuietPeriod how long a crawl must show no activity before it is finished
 * @param parserConsumerGroup the parser's consumer group: a crawl is not finished while it has
 *     pages on {@code crawl.fetched} left to parse; empty for a frontier without parsers (tests)
 * @param unknownCrawlGrace how long a URL of a not-yet-known crawl waits for its crawl record
 * @param publishTimeout how long the API waits for Kafka to acknowledge a write
 * @param metersRefresh how often the per-crawl gauges are refreshed
 * @param pausedRecheck how long a host whose only work belongs to paused crawls waits to be looked
 *     at again
 * @param priority how the host queues order URLs
 * @param traps the trap guards
 * @param trapLearning the traps learned from what the crawl sees
 * @param defaults the crawl settings a request leaves out
 * @param limits the caps on crawl requests
 * @param warcAvailable whether this deployment's fetchers keep WARC files (their {@code
 *     crawler.fetcher.warc.directory} is set): a crawl may ask for WARC ({@code "warc": true}) only
 *     then, and is refused with a 400 otherwise, rather than run without the archive it asked for
 */
@ConfigurationProperties("crawler.frontier")
public record FrontierProperties(
    String applicationId,
    Path stateDir,
    DataSize stateStoreMemory,
    String processingGuarantee,
    int streamThreads,
    Duration commitInterval,
    Duration stateCheckInterval,
    String progressTopic,
    Duration releaseInterval,
    int maxReleasesPerTick,
    Duration leaseDuration,
    HostWindow hostWindow,
    int maxAttempts,
    Duration maxHostDelay,
    Backoff backoff,
    Duration progressInterval,
    int progressHosts,
    Duration finishCheckInterval,
    Duration finishQuietPeriod,
    String parserConsumerGroup,
    Duration unknownCrawlGrace,
    Duration publishTimeout,
    Duration metersRefresh,
    Duration pausedRecheck,
    Priority priority,
    Traps traps,
    TrapLearning trapLearning,
    CrawlDefaults defaults,
    RequestLimits limits,
    boolean warcAvailable) {

  private static final String PREFIX = "crawler.frontier.";
  private static final long MIN_STATE_STORE_MEMORY_MB = 16;

  public FrontierProperties {
    requireText(applicationId, "application-id");
    if (stateDir == null) {
      throw invalid("state-dir", "must be set");
    }
    if (stateStoreMemory == null || stateStoreMemory.toMegabytes() < MIN_STATE_STORE_MEMORY_MB) {
      throw invalid(
          "state-store-memory",
          "must be at least " + MIN_STATE_STORE_MEMORY_MB + "MB, was " + stateStoreMemory);
    }
    if (!"exactly_once_v2".equals(processingGuarantee)
        && !"at_least_once".equals(processingGuarantee)) {
      throw invalid(
          "processing-guarantee",
          "must be exactly_once_v2 or at_least_once, was " + processingGuarantee);
    }
    requireAtLeast(streamThreads, 1, "stream-threads");
    requirePositive(commitInterval, "commit-interval");
    requirePositive(stateCheckInterval, "state-check-interval");
    requireText(progressTopic, "progress-topic");
    requirePositive(releaseInterval, "release-interval");
    requireAtLeast(maxReleasesPerTick, 1, "max-releases-per-tick");
    requirePositive(leaseDuration, "lease-duration");
    requireSet(hostWindow, "host-window");
    requireAtLeast(maxAttempts, 1, "max-attempts");
    requirePositive(maxHostDelay, "max-host-delay");
    requireSet(backoff, "backoff");
    requirePositive(progressInterval, "progress-interval");
    requireAtLeast(progressHosts, 0, "progress-hosts");
    requirePositive(finishCheckInterval, "finish-check-interval");
    requirePositive(finishQuietPeriod, "finish-quiet-period");
    if (parserConsumerGroup == null) {
      throw invalid("parser-consumer-group", "must be set (empty: do not wait for a parser)");
    }
    requirePositive(unknownCrawlGrace, "unknown-crawl-grace");
    requirePositive(publishTimeout, "publish-timeout");
    requirePositive(metersRefresh, "meters-refresh");
    requirePositive(pausedRecheck, "paused-recheck");
    requireSet(priority, "priority");
    requireSet(traps, "traps");
    requireSet(trapLearning, "trap-learning");
    requireSet(defaults, "defaults");
    requireSet(limits, "limits");
    if (defaults.minDelay().compareTo(maxHostDelay) > 0) {
      throw invalid("defaults.min-delay", "must not exceed max-host-delay " + maxHostDelay);
    }
    if (defaults.warc() && !warcAvailable) {
      throw invalid(
          "defaults.warc",
          "needs warc-available: true (fetchers with crawler.fetcher.warc.directory set)");
    }
  }

  /**
   * Trap detection from what the crawl sees ({@link dev.crawler.frontier.traps.TrapDetector}).
   *
   * @param enabled whether any crawl learns traps (a crawl can also turn it off: {@code
   *     learnTraps})
   * @param minPages the fewest pages of a URL template fetched before it can be judged a trap
   * @param minNovelShare a template whose recent pages brought less than this share of new content
   *     is a trap
   * @param window how many recent pages the share weighs (each page weighs {@code 1 - 1/window} of
   *     the next)
   * @param nearDuplicateBits a page whose fingerprint is within this many bits of one seen lately
   *     on its host is not new content
   * @param rememberedContents how many distinct fingerprints a host's memory keeps
   * @param rememberedPages how many recent pages a host's memory keeps, to count each page once
   */
  public record TrapLearning(
      boolean enabled,
      int minPages,
      double minNovelShare,
      int window,
      int nearDuplicateBits,
      int rememberedContents,
      int rememberedPages) {
    public TrapLearning {
      requireAtLeast(minPages, 1, "trap-learning.min-pages");
      if (minNovelShare < 0 || minNovelShare > 1) {
        throw invalid(
            "trap-learning.min-novel-share", "must be between 0 and 1, was " + minNovelShare);
      }
      requireAtLeast(window, 2, "trap-learning.window");
      requireAtLeast(nearDuplicateBits, 0, "trap-learning.near-duplicate-bits");
      requireAtLeast(rememberedContents, 1, "trap-learning.remembered-contents");
      requireAtLeast(rememberedPages, 1, "trap-learning.remembered-pages");
    }
  }

  /**
   * Exponential back-off of a host after 429, 5xx and network errors, with jitter.
   *
   * @param initial the first back-off
   * @param max the longest back-off, also the cap on a server's Retry-After
   * @param jitter the random fraction taken off or added to each back-off, from 0 to 1
   */
  public record Backoff(Duration initial, Duration max, double jitter) {
    public Backoff {
      requirePositive(initial, "backoff.initial");
      requirePositive(max, "backoff.max");
      if (max.compareTo(initial) < 0) {
        throw invalid("backoff.max", "must not be shorter than backoff.initial");
      }
      if (jitter < 0 || jitter > 1) {
        throw invalid("backoff.jitter", "must be between 0 and 1, was " + jitter);
      }
    }
  }

  /**
   * How far ahead of a host's fetches its leases are released, so that its fetcher never waits a
   * round trip through Kafka for the next URL. Each lease gets a planned start, one step after the
   * previous lease's (the step is the host's delay, or its measured fetch time divided by the
   * crawl's maxConcurrencyPerHost if that is longer); a lease is released once its planned start is
   * no more than {@code lookahead} away, and at most {@code maxLeases} are in flight per host. The
   * fetcher starts them in order, spaced by the delay. A host recovering from errors gets one lease
   * at a time, as does every host when {@code lookahead} is zero.
   *
   * @param lookahead how much fetching ahead of now a host's released leases may cover (zero: one
   *     lease per crawl's maxConcurrencyPerHost, released at its start time)
   * @param maxLeases the most leases in flight per host
   * @param initialFetchTime the fetch time assumed for a host before its first answer
   */
  public record HostWindow(Duration lookahead, int maxLeases, Duration initialFetchTime) {
    public HostWindow {
      requireSet(lookahead, "host-window.lookahead");
      if (lookahead.isNegative()) {
        throw invalid("host-window.lookahead", "must not be negative");
      }
      requireAtLeast(maxLeases, 1, "host-window.max-leases");
      requirePositive(initialFetchTime, "host-window.initial-fetch-time");
    }
  }

  /**
   * How the host queues order URLs: lower rank first, rank = depth × depthWeight − boost.
   *
   * @param seedBoost the rank taken off seeds and injected URLs
   * @param sitemapBoost the rank taken off URLs from sitemaps
   * @param depthWeight the rank each link hop adds (breadth first when positive)
   */
  public record Priority(int seedBoost, int sitemapBoost, int depthWeight) {
    public Priority {
      requireAtLeast(seedBoost, 0, "priority.seed-boost");
      requireAtLeast(sitemapBoost, 0, "priority.sitemap-boost");
      requireAtLeast(depthWeight, 0, "priority.depth-weight");
    }
  }

  /**
   * Guards against crawler traps (calendars, session loops, faceted search).
   *
   * @param maxUrlLength the longest URL admitted
   * @param maxRepeatedPathSegments the most times one path segment may occur in a URL
   * @param maxPathSegments the most path segments a URL may have
   * @param maxQueryParameters the most query parameters a URL may have
   */
  public record Traps(
      int maxUrlLength, int maxRepeatedPathSegments, int maxPathSegments, int maxQueryParameters) {
    public Traps {
      requireAtLeast(maxUrlLength, 16, "traps.max-url-length");
      requireAtLeast(maxRepeatedPathSegments, 1, "traps.max-repeated-path-segments");
      requireAtLeast(maxPathSegments, 1, "traps.max-path-segments");
      requireAtLeast(maxQueryParameters, 0, "traps.max-query-parameters");
    }
  }

  /**
   * The settings of a crawl its request leaves out.
   *
   * @param scope the scope
   * @param maxDepth the largest link distance from a seed
   * @param maxPages the most distinct URLs queued for the crawl (0: unlimited)
   * @param maxPagesPerHost the most distinct URLs queued per politeness key (0: unlimited)
   * @param minDelay the least time between two fetch starts on one host
   * @param maxConcurrencyPerHost the most leases in flight per host
   * @param recrawlInterval how long until a fetched URL is due again (0: never)
   * @param warc whether the fetchers keep the crawl's requests and responses as WARC records
   */
  public record CrawlDefaults(
      Scope scope,
      int maxDepth,
      long maxPages,
      long maxPagesPerHost,
      Duration minDelay,
      int maxConcurrencyPerHost,
      Duration recrawlInterval,
      boolean warc) {
    public CrawlDefaults {
      requireSet(scope, "defaults.scope");
      requireAtLeast(maxDepth, 0, "defaults.max-depth");
      requireAtLeast(maxPages, 0, "defaults.max-pages");
      requireAtLeast(maxPagesPerHost, 0, "defaults.max-pages-per-host");
      requireSet(minDelay, "defaults.min-delay");
      if (minDelay.isNegative()) {
        throw invalid("defaults.min-delay", "must not be negative");
      }
      requireAtLeast(maxConcurrencyPerHost, 1, "defaults.max-concurrency-per-host");
      requireSet(recrawlInterval, "defaults.recrawl-interval");
      if (recrawlInterval.isNegative()) {
        throw invalid("defaults.recrawl-interval", "must not be negative");
      }
    }
  }

  /**
   * Caps on what one request may ask for.
   *
   * @param maxBodyBytes the largest request body
   * @param maxSeeds the most seeds of a crawl, and the most URLs of one injection
   * @param maxPatterns the most include or exclude patterns
   * @param maxPatternLength the longest pattern
   * @param maxNameLength the longest crawl name
   * @param maxDepth the largest maxDepth a crawl may set
   * @param maxConcurrencyPerHost the largest maxConcurrencyPerHost a crawl may set
   * @param listSize the most crawls {@code GET /api/crawls} returns
   */
  public record RequestLimits(
      int maxBodyBytes,
      int maxSeeds,
      int maxPatterns,
      int maxPatternLength,
      int maxNameLength,
      int maxDepth,
      int maxConcurrencyPerHost,
      int listSize) {
    public RequestLimits {
      requireAtLeast(maxBodyBytes, 1_024, "limits.max-body-bytes");
      requireAtLeast(maxSeeds, 1, "limits.max-seeds");
      requireAtLeast(maxPatterns, 0, "limits.max-patterns");
      requireAtLeast(maxPatternLength, 1, "limits.max-pattern-length");
      requireAtLeast(maxNameLength, 1, "limits.max-name-length");
      requireAtLeast(maxDepth, 0, "limits.max-depth");
      requireAtLeast(maxConcurrencyPerHost, 1, "limits.max-concurrency-per-host");
      requireAtLeast(listSize, 1, "limits.list-size");
    }
  }

  private static void requireText(String value, String property) {
    if (value == null || value.isBlank()) {
      throw invalid(property, "must not be blank");
    }
  }

  private static void requireSet(Object value, String property) {
    if (value == null) {
      throw invalid(property, "must be set");
    }
  }

  private static void requirePositive(Duration value, String property) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw invalid(property, "must be a positive duration, was " + value);
    }
  }

  private static void requireAtLeast(long value, long min, String property) {
    if (value < min) {
      throw invalid(property, "must be at least " + min + ", was " + value);
    }
  }

  private static IllegalArgumentException invalid(String property, String problem) {
    return new IllegalArgumentException(PREFIX + property + " " + problem);
  }
}
