package dev.crawler.indexer.index;

import java.time.Instant;
import java.util.List;

/**
 * One search hit.
 *
 * @param url the page's URL
 * @param title its title (plain text)
 * @param snippet an HTML fragment: text HTML-escaped, matched terms in {@code <em>} tags
 * @param score the relevance score
 * @param host the page's host
 * @param fetchedAt when it was fetched
 * @param collapsed how many matching near-duplicates were folded into this hit
 * @param duplicates the URLs of the first of them, best first (the others stay reachable)
 */
public record SearchHit(
    String url,
    String title,
    String snippet,
    double score,
    String host,
    Instant fetchedAt,
    int collapsed,
    List<String> duplicates) {

  public SearchHit {
    duplicates = List.copyOf(duplicates);
  }

  /**
   * The snippet of a hit: the highlighted body, or, for a page whose body has no text, its
   * highlighted description.
   */
  public static String snippetOf(String bodyHighlight, String descriptionHighlight) {
    if (bodyHighlight != null && !bodyHighlight.isBlank()) {
      return bodyHighlight;
    }
    return descriptionHighlight == null ? "" : descriptionHighlight;
  }
}
