package dev.crawler.frontier.api;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.common.messages.Scope;
import dev.crawler.frontier.crawls.CrawlStatus;
import dev.crawler.frontier.scheduling.CrawlCounters;
import java.time.Instant;
import java.util.List;

/**
 * A crawl as the API shows it: its settings, state and counters.
 *
 * @param id the crawl id
 * @param name the label
 * @param state RUNNING, PAUSED, FINISHED or CANCELLED
 * @param seeds the normalised seeds
 * @param scope the scope
 * @param maxDepth the largest link distance fetched
 * @param maxPages the most distinct URLs queued (0: unlimited)
 * @param maxPagesPerHost the most distinct URLs queued per host (0: unlimited)
 * @param minDelayMs the least time between fetch starts on a host
 * @param maxConcurrencyPerHost the most fetches in flight per host
 * @param include include patterns
 * @param exclude exclude patterns
 * @param recrawlIntervalMinutes the recrawl interval (0: never)
 * @param createdAt when the crawl was created
 * @param updatedAt when it last changed
 * @param learnTraps whether the crawl learns traps from what it sees
 * @param warc whether the fetchers keep the crawl's requests and responses as WARC records
 * @param counters its counters over the whole cluster
 */
public record CrawlView(
    String id,
    String name,
    CrawlState state,
    List<String> seeds,
    Scope scope,
    int maxDepth,
    long maxPages,
    long maxPagesPerHost,
    long minDelayMs,
    int maxConcurrencyPerHost,
    List<String> include,
    List<String> exclude,
    long recrawlIntervalMinutes,
    Instant createdAt,
    Instant updatedAt,
    boolean learnTraps,
    boolean warc,
    Counters counters) {

  /**
   * The counters of a crawl, summed over every frontier task.
   *
   * @param discovered distinct URLs admitted to the crawl
   * @param queued URLs waiting for a fetcher
   * @param inFlight URLs leased to fetchers, outcome pending
   * @param fetched fetches that got a response (including 304 and redirects)
   * @param failed URLs given up (HTTP errors, refused content, retries exhausted)
   * @param robotsDenied URLs robots.txt disallows
   * @param filtered candidates refused (scope, patterns, depth, budgets, traps, invalid)
   * @param filteredTrap of those, the ones refused as learned traps (reason {@code trap})
   * @param duplicates candidates already known to the crawl
   * @param indexed documents of the crawl in the index
   */
  public record Counters(
      long discovered,
      long queued,
      long inFlight,
      long fetched,
      long failed,
      long robotsDenied,
      long filtered,
      long filteredTrap,
      long duplicates,
      long indexed) {}

  static CrawlView of(CrawlStatus status) {
    CrawlJob job = status.job();
    CrawlCounters c = status.counters();
    return new CrawlView(
        job.id(),
        job.name(),
        job.state(),
        job.seeds(),
        job.scope(),
        job.maxDepth(),
        job.maxPages(),
        job.maxPagesPerHost(),
        job.minDelayMs(),
        job.maxConcurrencyPerHost(),
        job.include(),
        job.exclude(),
        job.recrawlIntervalMinutes(),
        job.createdAt(),
        job.updatedAt(),
        job.learnTraps(),
        job.warc(),
        new Counters(
            c.discovered(),
            c.queued(),
            c.inFlight(),
            c.fetched(),
            c.failed(),
            c.robotsDenied(),
            c.filtered(),
            c.filteredTrap(),
            c.duplicates(),
            status.indexed()));
  }
}
