package dev.crawler.frontier.crawls;

/** No crawl has the id asked for. */
public final class CrawlNotFoundException extends RuntimeException {

  private final String crawlId;

  public CrawlNotFoundException(String crawlId) {
    super("no crawl with id " + crawlId);
    this.crawlId = crawlId;
  }

  public String crawlId() {
    return crawlId;
  }
}
