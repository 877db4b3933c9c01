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
  BLOCKED_ADDRESS
}
