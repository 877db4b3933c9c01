package dev.crawler.common.messages;

/** What happened when a fetcher worked on a task. */
public enum OutcomeKind {
  /** 2xx with a body of an allowed content type; a {@code FetchedPage} was published. */
  FETCHED,
  /** 304 to a conditional GET. */
  NOT_MODIFIED,
  /** 3xx; the target went back to the frontier as a new URL. */
  REDIRECTED,
  /** Any other HTTP status (4xx, 5xx, 429). */
  HTTP_ERROR,
  /** Connection refused, reset, timed out, TLS failure, DNS failure. */
  NETWORK_ERROR,
  /** robots.txt disallows the URL for our agent. */
  ROBOTS_DENIED,
  /** The body exceeded the configured maximum and the content type does not allow truncation. */
  TOO_LARGE,
  /** The content type is not on the allow list. */
  UNSUPPORTED_TYPE,
  /** The host resolved to an address the SSRF guard refuses. */
  BLOCKED_ADDRESS,
  /**
   * Not fetched, handed back: the host was in trouble (429, 5xx, unreachable) while the lease
   * waited its turn, or its turn came after the lease deadline. The frontier queues the URL again
   * with the same attempt number. Frontiers older than this kind dead-letter such an outcome and
   * re-release the URL when its lease expires, so upgrade frontiers before fetchers.
   */
  RETURNED;

  /**
   * Whether an outcome of this kind and status says the host is overloaded or unreachable (RFC 9110
   * 429 and 5xx, or no answer), so that its fetches must back off.
   */
  public static boolean isHostTrouble(OutcomeKind kind, int httpStatus) {
    return kind == NETWORK_ERROR
        || (kind == HTTP_ERROR && (httpStatus == 429 || httpStatus >= 500));
  }
}
