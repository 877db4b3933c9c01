package dev.crawler.parser;

import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.messages.UrlCandidate;
import java.util.List;

/**
 * What the parser makes of one fetched page: at most one instruction for the index and the URLs it
 * offers the frontier.
 *
 * @param kind what the page turned out to be
 * @param indexOp the upsert or delete for {@code crawl.documents}, or null when the index is left
 *     alone
 * @param candidates the links or sitemap entries for {@code crawl.urls}
 */
public record ParseOutcome(Kind kind, IndexOp indexOp, List<UrlCandidate> candidates) {

  public ParseOutcome {
    candidates = List.copyOf(candidates);
  }

  /** What a fetched page turned out to be. */
  public enum Kind {
    /** An HTML page, indexed. */
    HTML,
    /** A plain-text page, indexed. */
    TEXT,
    /** A page whose robots directives forbid indexing: deleted, its links still followed. */
    NOINDEX,
    /** A sitemap or sitemap index: its URLs offered, nothing indexed. */
    SITEMAP,
    /** 404 or 410: deleted. */
    GONE,
    /** Another non-200 status with a body (an error page): deleted, its links not followed. */
    ERROR_PAGE,
    /** 429 or 5xx: the index keeps its copy, which is likelier right than a passing failure. */
    TRANSIENT_ERROR,
    /** A non-200 status without a body: nothing to index or delete. */
    EMPTY,
    /** A media type the parser does not read. */
    UNSUPPORTED
  }
}
