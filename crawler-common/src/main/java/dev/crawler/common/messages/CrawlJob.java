package dev.crawler.common.messages;

import static dev.crawler.common.messages.Checks.copy;
import static dev.crawler.common.messages.Checks.requireNonNegative;
import static dev.crawler.common.messages.Checks.requireNonNull;
import static dev.crawler.common.messages.Checks.requireText;

import java.time.Instant;
import java.util.List;

/**
 * A crawl as the user defined it, with its current state. Published to the compacted topic {@code
 * crawl.jobs} keyed by {@link #id()}; the latest record of an id is the truth.
 *
 * @param id the crawl id
 * @param name a human label
 * @param seeds the seed URLs, normalised
 * @param scope which discovered URLs belong to the crawl
 * @param include regular expressions a URL must match one of (empty: all)
 * @param exclude regular expressions no URL may match
 * @param maxDepth the largest link distance from a seed that is fetched
 * @param maxPages the most URLs released for the whole crawl
 * @param maxPagesPerHost the most URLs released per politeness key
 * @param minDelayMs the least time between two fetch starts on one host
 * @param maxConcurrencyPerHost the most leases in flight per host
 * @param recrawlIntervalMinutes how long until a fetched URL is due again (0: never)
 * @param state the life-cycle state
 * @param createdAt when the crawl was created
 * @param updatedAt when the state last changed
 * @param learnTraps whether the frontier learns this crawl's traps from what it sees (true when
 *     left out, so records of older releases read as on)
 * @param warc whether the fetchers keep this crawl's requests and responses as WARC records (false
 *     when left out, so records of older releases read as off)
 */
public record CrawlJob(
    String id,
    String name,
    List<String> seeds,
    Scope scope,
    List<String> include,
    List<String> exclude,
    int maxDepth,
    long maxPages,
    long maxPagesPerHost,
    long minDelayMs,
    int maxConcurrencyPerHost,
    long recrawlIntervalMinutes,
    CrawlState state,
    Instant createdAt,
    Instant updatedAt,
    Boolean learnTraps,
    boolean warc)
    implements CrawlMessage {

  public CrawlJob {
    requireText(id, "id");
    name = name == null || name.isBlank() ? id : name;
    seeds = copy(seeds);
    requireNonNull(scope, "scope");
    include = copy(include);
    exclude = copy(exclude);
    requireNonNegative(maxDepth, "maxDepth");
    requireNonNegative(maxPages, "maxPages");
    requireNonNegative(maxPagesPerHost, "maxPagesPerHost");
    requireNonNegative(minDelayMs, "minDelayMs");
    if (maxConcurrencyPerHost < 1) {
      throw new IllegalArgumentException(
          "maxConcurrencyPerHost must be at least 1, was " + maxConcurrencyPerHost);
    }
    requireNonNegative(recrawlIntervalMinutes, "recrawlIntervalMinutes");
    requireNonNull(state, "state");
    requireNonNull(createdAt, "createdAt");
    updatedAt = updatedAt == null ? createdAt : updatedAt;
    learnTraps = learnTraps == null || learnTraps;
  }

  /** A crawl that keeps no WARC records. */
  public CrawlJob(
      String id,
      String name,
      List<String> seeds,
      Scope scope,
      List<String> include,
      List<String> exclude,
      int maxDepth,
      long maxPages,
      long maxPagesPerHost,
      long minDelayMs,
      int maxConcurrencyPerHost,
      long recrawlIntervalMinutes,
      CrawlState state,
      Instant createdAt,
      Instant updatedAt,
      Boolean learnTraps) {
    this(
        id,
        name,
        seeds,
        scope,
        include,
        exclude,
        maxDepth,
        maxPages,
        maxPagesPerHost,
        minDelayMs,
        maxConcurrencyPerHost,
        recrawlIntervalMinutes,
        state,
        createdAt,
        updatedAt,
        learnTraps,
        false);
  }

  /** A crawl that learns its traps, as crawls do unless they opt out, and keeps no WARC records. */
  public CrawlJob(
      String id,
      String name,
      List<String> seeds,
      Scope scope,
      List<String> include,
      List<String> exclude,
      int maxDepth,
      long maxPages,
      long maxPagesPerHost,
      long minDelayMs,
      int maxConcurrencyPerHost,
      long recrawlIntervalMinutes,
      CrawlState state,
      Instant createdAt,
      Instant updatedAt) {
    this(
        id,
        name,
        seeds,
        scope,
        include,
        exclude,
        maxDepth,
        maxPages,
        maxPagesPerHost,
        minDelayMs,
        maxConcurrencyPerHost,
        recrawlIntervalMinutes,
        state,
        createdAt,
        updatedAt,
        true,
        false);
  }

  /** This crawl in another state, stamped with the time of the change. */
  public CrawlJob withState(CrawlState newState, Instant at) {
    return new CrawlJob(
        id,
        name,
        seeds,
        scope,
        include,
        exclude,
        maxDepth,
        maxPages,
        maxPagesPerHost,
        minDelayMs,
        maxConcurrencyPerHost,
        recrawlIntervalMinutes,
        newState,
        createdAt,
        at,
        learnTraps,
        warc);
  }
}
