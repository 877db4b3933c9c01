package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlMessage;
import dev.crawler.common.messages.UrlSource;

/**
 * A URL waiting in a host queue (or in the recrawl schedule) to be leased to a fetcher.
 *
 * @param crawlId the crawl
 * @param url the normalised URL
 * @param depth the link distance from a seed
 * @param source where it came from
 * @param rank its place in the host queue: lower ranks are released first
 * @param attempt the attempt its next lease will be (1 for the first)
 */
public record QueuedUrl(
    String crawlId, String url, int depth, UrlSource source, int rank, int attempt)
    implements CrawlMessage {

  /** The same URL for its next attempt. */
  QueuedUrl nextAttempt() {
    return new QueuedUrl(crawlId, url, depth, source, rank, attempt + 1);
  }

  /** The same URL, due again from the first attempt (a recrawl). */
  QueuedUrl firstAttempt() {
    return new QueuedUrl(crawlId, url, depth, source, rank, 1);
  }
}
