package dev.crawler.frontier.api;

import dev.crawler.common.messages.Scope;
import java.util.List;

/**
 * The body of {@code POST /api/crawls}. Only {@code seeds} is required; every other field left out
 * takes its default from {@code crawler.frontier.defaults.*}.
 *
 * @param name a human label (default: the crawl id)
 * @param seeds absolute http(s) URLs the crawl starts from, at most {@code limits.max-seeds}
 * @param scope which discovered URLs belong to the crawl
 * @param maxDepth the largest link distance from a seed that is fetched
 * @param maxPages the most distinct URLs queued for the crawl (0: unlimited)
 * @param maxPagesPerHost the most distinct URLs queued per politeness key (0: unlimited)
 * @param minDelayMs the least time between two fetch starts on one host
 * @param maxConcurrencyPerHost the most fetches in flight per host
 * @param include regular expressions a discovered URL must match one of (empty: all)
 * @param exclude regular expressions no discovered URL may match
 * @param recrawlIntervalMinutes how long until a fetched URL is fetched again (0: never)
 * @param learnTraps whether the crawl learns traps from what it sees (default true; see README)
 * @param warc whether the fetchers keep the crawl's requests and responses, robots.txt included, as
 *     WARC/1.1 records (default {@code crawler.frontier.defaults.warc}, false); refused with a 400
 *     when the deployment keeps no WARC files ({@code crawler.frontier.warc-available})
 */
public record CreateCrawlRequest(
    String name,
    List<String> seeds,
    Scope scope,
    Integer maxDepth,
    Long maxPages,
    Long maxPagesPerHost,
    Long minDelayMs,
    Integer maxConcurrencyPerHost,
    List<String> include,
    List<String> exclude,
    Long recrawlIntervalMinutes,
    Boolean learnTraps,
    Boolean warc) {

  /** A request that leaves trap learning and WARC at their defaults. */
  public CreateCrawlRequest(
      String name,
      List<String> seeds,
      Scope scope,
      Integer maxDepth,
      Long maxPages,
      Long maxPagesPerHost,
      Long minDelayMs,
      Integer maxConcurrencyPerHost,
      List<String> include,
      List<String> exclude,
      Long recrawlIntervalMinutes) {
    this(
        name,
        seeds,
        scope,
        maxDepth,
        maxPages,
        maxPagesPerHost,
        minDelayMs,
        maxConcurrencyPerHost,
        include,
        exclude,
        recrawlIntervalMinutes,
        null,
        null);
  }
}
