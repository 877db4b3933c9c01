package dev.crawler.common.messages;

import static dev.crawler.common.messages.Checks.copy;
import static dev.crawler.common.messages.Checks.requireNonNull;
import static dev.crawler.common.messages.Checks.requireText;

import java.time.Instant;
import java.util.List;

/**
 * What a fetcher did with a task, on {@code crawl.outcomes} keyed by politeness key. The frontier
 * uses it to end the lease, to learn the host's delay and back-off, and to count the crawl.
 *
 * @param taskId the task's id
 * @param crawlId the crawl
 * @param url the task's URL
 * @param kind the result
 * @param httpStatus the HTTP status, or 0 where none was received
 * @param crawlDelayMs the robots.txt Crawl-delay in ms, or null if none
 * @param retryAfterMs the server's Retry-After in ms, or null if none
 * @param sitemaps sitemap URLs named by robots.txt (sent once per robots fetch)
 * @param redirectTarget the absolute target of a redirect, or null
 * @param etag the response's ETag, for recrawl
 * @param lastModified the response's Last-Modified, for recrawl
 * @param detail a short human explanation for errors, or null
 * @param fetchedAt when the fetch finished
 * @param durationMs how long the fetch took
 */
public record FetchOutcome(
    String taskId,
    String crawlId,
    String url,
    OutcomeKind kind,
    int httpStatus,
    Long crawlDelayMs,
    Long retryAfterMs,
    List<String> sitemaps,
    String redirectTarget,
    String etag,
    String lastModified,
    String detail,
    Instant fetchedAt,
    long durationMs)
    implements CrawlMessage {

  public FetchOutcome {
    requireText(taskId, "taskId");
    requireText(crawlId, "crawlId");
    requireText(url, "url");
    requireNonNull(kind, "kind");
    sitemaps = copy(sitemaps);
    requireNonNull(fetchedAt, "fetchedAt");
  }
}
