package dev.crawler.frontier.scope;

/** Why a URL candidate is not admitted to a crawl. Every refusal counts as filtered. */
public enum Refusal {
  /** Further from a seed than the crawl's maxDepth. */
  TOO_DEEP,
  /** Outside the crawl's scope (host, domain or prefix of its seeds). */
  OUT_OF_SCOPE,
  /** Matches none of the crawl's include patterns. */
  NOT_INCLUDED,
  /** Matches one of the crawl's exclude patterns. */
  EXCLUDED,
  /** Longer than the trap guard allows. */
  TRAP_LONG_URL,
  /** One path segment repeats too often ({@code /a/b/a/b/a/b}): a relative-link loop. */
  TRAP_REPEATED_SEGMENT,
  /** Too many path segments. */
  TRAP_DEEP_PATH,
  /** Too many query parameters: faceted search or a calendar. */
  TRAP_QUERY_EXPLOSION,
  /**
   * The URL's template, or the template of the page it was found on, was learned to be a trap: its
   * recent pages brought no new content ({@link dev.crawler.frontier.traps.TrapDetector}).
   */
  TRAP,
  /** The crawl's maxPages or maxPagesPerHost is reached. */
  OVER_BUDGET,
  /** Not an absolute http(s) URL that normalises. */
  INVALID_URL
}
