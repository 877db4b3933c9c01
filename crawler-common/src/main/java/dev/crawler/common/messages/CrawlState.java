package dev.crawler.common.messages;

/** The life cycle of a crawl. */
public enum CrawlState {
  RUNNING,
  PAUSED,
  FINISHED,
  CANCELLED;

  /** Whether the crawl may still release work. */
  public boolean isActive() {
    return this == RUNNING;
  }

  /** Whether the crawl has ended and accepts no more URLs. */
  public boolean isTerminal() {
    return this == FINISHED || this == CANCELLED;
  }
}
