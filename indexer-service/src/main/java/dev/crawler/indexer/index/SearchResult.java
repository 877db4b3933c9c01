package dev.crawler.indexer.index;

import java.util.List;

/**
 * One page of search hits.
 *
 * @param total the number of matching documents, counted before near-duplicates are collapsed
 * @param hits the page's hits, best first, one per group of near-duplicates
 */
public record SearchResult(long total, List<SearchHit> hits) {

  public SearchResult {
    hits = List.copyOf(hits);
  }
}
