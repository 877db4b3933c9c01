package dev.crawler.common.messages;

import static dev.crawler.common.messages.Checks.requireNonNull;
import static dev.crawler.common.messages.Checks.requireText;

/**
 * An instruction for the index, on {@code crawl.documents} keyed by URL: put a document, or remove
 * the one a URL is known by (404, 410, noindex).
 *
 * @param action upsert or delete
 * @param crawlId the crawl
 * @param url the normalised URL; the document id derives from it
 * @param document the document for an upsert, null for a delete
 */
public record IndexOp(Action action, String crawlId, String url, ParsedDocument document)
    implements CrawlMessage {

  /** What to do with the document. */
  public enum Action {
    UPSERT,
    DELETE
  }

  public IndexOp {
    requireNonNull(action, "action");
    requireText(crawlId, "crawlId");
    requireText(url, "url");
    if (action == Action.UPSERT && document == null) {
      throw new IllegalArgumentException("an UPSERT needs a document");
    }
    if (action == Action.DELETE && document != null) {
      throw new IllegalArgumentException("a DELETE carries no document");
    }
  }

  public static IndexOp upsert(ParsedDocument document) {
    return new IndexOp(Action.UPSERT, document.crawlId(), document.url(), document);
  }

  public static IndexOp delete(String crawlId, String url) {
    return new IndexOp(Action.DELETE, crawlId, url, null);
  }
}
