package dev.crawler.frontier.crawls;

/**
 * The frontier cannot serve the request right now: its stores are starting or rebalancing, or Kafka
 * did not acknowledge a write in time. The client may retry.
 */
public final class FrontierUnavailableException extends RuntimeException {

  public FrontierUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
