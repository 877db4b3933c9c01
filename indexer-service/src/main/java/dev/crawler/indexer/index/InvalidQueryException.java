package dev.crawler.indexer.index;

/** A search request that can never succeed as written; the message says why for the user. */
public class InvalidQueryException extends IllegalArgumentException {

  private final String parameter;

  /**
   * @param parameter the request parameter at fault ({@code q}, {@code page}, {@code size}, ...)
   * @param message why, for the user
   */
  public InvalidQueryException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  /** The request parameter at fault. */
  public String parameter() {
    return parameter;
  }
}
