package dev.crawler.frontier.crawls;

import dev.crawler.common.messages.CrawlState;

/** A command that the crawl's current state does not allow, such as resuming a finished crawl. */
public final class CrawlStateConflictException extends RuntimeException {

  private final CrawlState state;

  public CrawlStateConflictException(String crawlId, CrawlState state, String action) {
    super("crawl " + crawlId + " is " + state + " and cannot be " + action);
    this.state = state;
  }

  public CrawlState state() {
    return state;
  }
}
