package dev.crawler.indexer.index;

import java.util.List;

/**
 * One page of search hits.
 *
 * @param total the number of matching documents, counted before near-duplicates are collapsed
 * @param collapsed matching documents folded into a better-ranked near-duplicate, among those
 *     scanned for this page (see {@link NearDuplicates})
 * @param hits the page's hits, best first, one per group of near-duplicates
 */
public record SearchResult(long total, long collapsed, List<SearchHit> hits) {

  public SearchResult {
    hits = List.copyOf(hits);
  }
}
