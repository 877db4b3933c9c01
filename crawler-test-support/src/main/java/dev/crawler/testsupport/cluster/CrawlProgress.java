package dev.crawler.testsupport.cluster;

/**
 * A crawl's state and counters as the frontier's {@code GET /api/crawls/{id}} reports them.
 *
 * @param id the crawl id
 * @param state RUNNING, PAUSED, FINISHED or CANCELLED
 * @param discovered distinct URLs admitted
 * @param queued URLs waiting for a fetcher
 * @param inFlight URLs leased to fetchers
 * @param fetched fetches that got a response
 * @param failed URLs given up
 * @param robotsDenied URLs robots.txt disallows
 * @param indexed documents of the crawl in the index, as the indexer last reported
 */
public record CrawlProgress(
    String id,
    String state,
    long discovered,
    long queued,
    long inFlight,
    long fetched,
    long failed,
    long robotsDenied,
    long indexed) {

  public boolean isFinished() {
    return "FINISHED".equals(state);
  }
}
