package dev.crawler.common.messages;

import static dev.crawler.common.messages.Checks.requireNonNegative;
import static dev.crawler.common.messages.Checks.requireNonNull;
import static dev.crawler.common.messages.Checks.requireText;

import java.time.Instant;

/**
 * How many documents of a crawl the index holds, counted by the index itself, on {@code
 * crawl.indexed} keyed by crawl id (compacted). An absolute count rather than a delta, so that
 * at-least-once delivery and indexer restarts never inflate it.
 *
 * @param crawlId the crawl
 * @param documents the number of documents of the crawl in the index
 * @param countedAt when the index was asked
 */
public record IndexedCount(String crawlId, long documents, Instant countedAt)
    implements CrawlMessage {

  public IndexedCount {
    requireText(crawlId, "crawlId");
    requireNonNegative(documents, "documents");
    requireNonNull(countedAt, "countedAt");
  }
}
