package dev.crawler.indexer.search;

import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.DocumentIndex;
import dev.crawler.indexer.index.InvalidQueryException;
import dev.crawler.indexer.index.SearchHit;
import dev.crawler.indexer.index.SearchQuery;
import dev.crawler.indexer.index.SearchResult;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/search}: full-text search over the crawled pages.
 *
 * <ul>
 *   <li>{@code q} (required): the query, in {@code simple_query_string} syntax: {@code "a phrase"},
 *       {@code +} (and, the default), {@code |} (or), {@code -} (not), {@code pre*}, parentheses
 *   <li>{@code crawl}, {@code host}: only documents of that crawl, or of that host
 *   <li>{@code page} (default 1) and {@code size} (default {@code search.default-size}, at most
 *       {@code search.max-size}); {@code page * size} at most {@value SearchQuery#MAX_WINDOW}
 * </ul>
 *
 * <p>A bad parameter is answered with 400 and RFC 9457 problem details naming it; an unreachable
 * index with 503.
 */
@RestController
@RequestMapping("/api/search")
public class SearchController {

  private final DocumentIndex index;
  private final IndexerProperties.Search limits;

  public SearchController(DocumentIndex index, IndexerProperties properties) {
    this.index = index;
    this.limits = properties.search();
  }

  @GetMapping
  public SearchResponse search(
      @RequestParam(name = "q", required = false) String q,
      @RequestParam(name = "crawl", required = false) String crawl,
      @RequestParam(name = "host", required = false) String host,
      @RequestParam(name = "page", defaultValue = "1") int page,
      @RequestParam(name = "size", required = false) Integer size) {
    long started = System.nanoTime();
    int pageSize = size == null ? limits.defaultSize() : size;
    if (pageSize > limits.maxSize()) {
      throw new InvalidQueryException(
          "size", "size must be at most " + limits.maxSize() + ", was " + pageSize);
    }
    if (q != null && q.length() > limits.maxQueryLength()) {
      throw new InvalidQueryException(
          "q", "q must be at most " + limits.maxQueryLength() + " characters, was " + q.length());
    }
    SearchQuery query = new SearchQuery(q, crawl, host, page, pageSize);
    SearchResult result = index.search(query);
    return new SearchResponse(
        result.total(),
        result.collapsed(),
        (System.nanoTime() - started) / 1_000_000,
        page,
        pageSize,
        result.hits().stream().map(SearchResponse.Hit::of).toList());
  }

  /**
   * The search response.
   *
   * @param total matching documents, before near-duplicates are collapsed
   * @param collapsed matching documents folded into a better-ranked near-duplicate (among the best
   *     {@code crawler.indexer.search.collapse-window} matches, or more for a deep page)
   * @param tookMs how long the search took, in milliseconds
   * @param page the page returned
   * @param size the page size asked for
   * @param hits the page's hits, best first
   */
  public record SearchResponse(
      long total, long collapsed, long tookMs, int page, int size, List<Hit> hits) {

    /**
     * One hit.
     *
     * @param url the page's URL
     * @param title its title
     * @param snippet an HTML fragment: escaped text with matches in {@code <em>}
     * @param score relevance
     * @param host the page's host
     * @param fetchedAt when it was fetched
     * @param collapsed how many near-duplicates of this page were folded into it
     * @param duplicates the URLs of the first of them
     */
    public record Hit(
        String url,
        String title,
        String snippet,
        double score,
        String host,
        Instant fetchedAt,
        int collapsed,
        List<String> duplicates) {

      static Hit of(SearchHit hit) {
        return new Hit(
            hit.url(),
            hit.title(),
            hit.snippet(),
            hit.score(),
            hit.host(),
            hit.fetchedAt(),
            hit.collapsed(),
            hit.duplicates());
      }
    }
  }
}
