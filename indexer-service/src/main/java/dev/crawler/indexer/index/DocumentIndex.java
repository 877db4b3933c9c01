package dev.crawler.indexer.index;

import dev.crawler.common.messages.IndexOp;
import java.util.List;

/**
 * The search index of crawled pages: the one seam between the indexer and its storage. Adapters
 * live in sibling packages ({@code elasticsearch}, {@code lucene}) and are chosen by {@code
 * crawler.indexer.backend}.
 *
 * <p>A document is known by {@link dev.crawler.common.url.DocumentId#of(String) the id of its URL},
 * so applying the same operation twice leaves one document, and a later operation for a URL
 * replaces the effect of an earlier one. Implementations are thread-safe.
 */
public interface DocumentIndex extends AutoCloseable {

  /**
   * Which adapter this is, for logs, metrics and health ({@code elasticsearch}, {@code lucene}).
   */
  String backend();

  /**
   * Creates the index with its mapping if it does not exist yet; cheap once it does.
   *
   * @throws IndexUnavailableException if the index cannot be reached
   * @throws IllegalStateException if the index refuses the mapping (a configuration error)
   */
  void ensureIndex();

  /**
   * Applies operations in order, durably: once this returns, every {@link OpResult.Applied}
   * operation survives a crash of the index.
   *
   * @param ops the operations; at most one per URL, as a later one for the same URL would race
   * @return one result per operation, in the same order
   * @throws IndexUnavailableException if the request as a whole failed and may be retried
   */
  List<OpResult> apply(List<IndexOp> ops);

  /**
   * Searches the index, near-duplicates (same content hash, or SimHashes a few bits apart)
   * collapsed to their best hit as {@link NearDuplicates} groups them.
   *
   * @throws IndexUnavailableException if the index cannot be reached
   * @throws InvalidQueryException if the index refuses the query text
   */
  SearchResult search(SearchQuery query);

  /**
   * The number of documents of one crawl in the index, as of its last refresh.
   *
   * @throws IndexUnavailableException if the index cannot be reached
   */
  long countByCrawl(String crawlId);

  /**
   * Makes every change applied so far visible to searches and counts now, rather than at the next
   * periodic refresh.
   *
   * @throws IndexUnavailableException if the index cannot be reached
   */
  void refresh();

  /** Whether the index answers, with details for the health endpoint; never throws. */
  IndexHealth health();

  /** Releases connections, threads and files. */
  @Override
  void close();
}
