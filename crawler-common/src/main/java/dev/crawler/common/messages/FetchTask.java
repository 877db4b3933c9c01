package dev.crawler.common.messages;

import static dev.crawler.common.messages.Checks.requireNonNegative;
import static dev.crawler.common.messages.Checks.requireNonNull;
import static dev.crawler.common.messages.Checks.requireText;

import java.time.Instant;

/**
 * One lease on one URL, released by the frontier on {@code crawl.fetch} keyed by politeness key.
 * The frontier expects a {@link FetchOutcome} with the same {@link #taskId()} before {@link
 * #leaseDeadline()}; otherwise it releases the URL again.
 *
 * @param taskId unique per lease (a re-release gets a new one)
 * @param crawlId the crawl
 * @param url the URL to fetch
 * @param depth the link distance from a seed
 * @param attempt 1 for the first lease, then counting re-releases
 * @param leaseDeadline when the frontier gives up waiting for the outcome
 * @param minDelayMs the host's politeness delay, for the fetcher's local limiter
 * @param etag the validator for If-None-Match, or null
 * @param lastModified the validator for If-Modified-Since, or null
 * @param maxConcurrency the most fetches of the host the fetcher may have going at once (the
 *     crawl's maxConcurrencyPerHost); 0 in records of older frontiers, read as 1
 * @param hostEpoch how many times the frontier had backed the host off when it released this lease:
 *     a fetcher that sees the host in trouble returns the host's waiting leases of that epoch or
 *     older unstarted, and leases released after the frontier learned of the trouble (a higher
 *     epoch) go ahead
 * @param warc whether the crawl asks for the task's requests and responses to be kept as WARC
 *     records; false in records of older frontiers
 */
public record FetchTask(
    String taskId,
    String crawlId,
    String url,
    int depth,
    int attempt,
    Instant leaseDeadline,
    long minDelayMs,
    String etag,
    String lastModified,
    int maxConcurrency,
    long hostEpoch,
    boolean warc)
    implements CrawlMessage {

  public FetchTask {
    requireText(taskId, "taskId");
    requireText(crawlId, "crawlId");
    requireText(url, "url");
    requireNonNegative(depth, "depth");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    requireNonNull(leaseDeadline, "leaseDeadline");
    requireNonNegative(minDelayMs, "minDelayMs");
    requireNonNegative(maxConcurrency, "maxConcurrency");
    requireNonNegative(hostEpoch, "hostEpoch");
  }

  /** A task of a crawl that keeps no WARC records. */
  public FetchTask(
      String taskId,
      String crawlId,
      String url,
      int depth,
      int attempt,
      Instant leaseDeadline,
      long minDelayMs,
      String etag,
      String lastModified,
      int maxConcurrency,
      long hostEpoch) {
    this(
        taskId,
        crawlId,
        url,
        depth,
        attempt,
        leaseDeadline,
        minDelayMs,
        etag,
        lastModified,
        maxConcurrency,
        hostEpoch,
        false);
  }

  /** The most fetches of the host at once; older frontiers sent none, meaning one. */
  public int concurrency() {
    return Math.max(1, maxConcurrency);
  }
}
