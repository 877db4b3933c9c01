package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlMessage;

/**
 * What the frontier knows about one URL of one crawl: the value of the seen store. A URL with a
 * state is never queued again for its crawl, except by its recrawl schedule.
 *
 * @param status where the URL is in its life cycle
 * @param attempts the leases it has had in its current round
 * @param lastFetchAtMs when it was last fetched (epoch ms), or 0
 * @param nextDueAtMs when it is due for a recrawl (epoch ms), or 0 for never
 * @param etag the last ETag, for a conditional GET
 * @param lastModified the last Last-Modified, for a conditional GET
 */
public record UrlState(
    Status status,
    int attempts,
    long lastFetchAtMs,
    long nextDueAtMs,
    String etag,
    String lastModified)
    implements CrawlMessage {

  /** The life cycle of a URL in a crawl. */
  public enum Status {
    QUEUED,
    LEASED,
    DONE,
    FAILED
  }

  static UrlState queued() {
    return new UrlState(Status.QUEUED, 0, 0, 0, null, null);
  }

  UrlState requeued() {
    return new UrlState(Status.QUEUED, attempts, lastFetchAtMs, 0, etag, lastModified);
  }

  UrlState leased(int attempt) {
    return new UrlState(Status.LEASED, attempt, lastFetchAtMs, nextDueAtMs, etag, lastModified);
  }

  UrlState failed() {
    return new UrlState(Status.FAILED, attempts, lastFetchAtMs, 0, etag, lastModified);
  }

  /** The same state with its recrawl due at {@code dueAtMs}. */
  UrlState dueAt(long dueAtMs) {
    return new UrlState(status, attempts, lastFetchAtMs, dueAtMs, etag, lastModified);
  }

  /** Fetched; validators of a 304 stay those of the last 200 unless the server sent new ones. */
  UrlState done(long fetchedAtMs, long nextDueAtMs, String newEtag, String newLastModified) {
    return new UrlState(
        Status.DONE,
        attempts,
        fetchedAtMs,
        nextDueAtMs,
        newEtag != null ? newEtag : etag,
        newLastModified != null ? newLastModified : lastModified);
  }
}
