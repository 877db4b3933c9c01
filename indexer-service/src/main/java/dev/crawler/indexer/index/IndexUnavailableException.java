package dev.crawler.indexer.index;

/**
 * The index could not be reached or refused the request as a whole for a passing reason (connection
 * refused, timeout, 429, 5xx). Callers retry later; nothing was lost.
 */
public class IndexUnavailableException extends RuntimeException {

  public IndexUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public IndexUnavailableException(String message) {
    super(message);
  }
}
