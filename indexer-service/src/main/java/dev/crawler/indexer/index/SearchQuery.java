package dev.crawler.indexer.index;

import java.util.Locale;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.MatchNoDocsQuery;

/**
 * A search: the query text in {@code simple_query_string} syntax ({@code "phrases"}, {@code +} for
 * AND, {@code |} for OR, {@code -} for NOT, {@code *} for prefixes, parentheses; terms are ANDed by
 * default), optional filters, and a page.
 *
 * @param text the query text
 * @param crawlId only documents of this crawl, or null for all
 * @param host only documents of this host (lower case), or null for all
 * @param page the 1-based page
 * @param size hits per page
 */
public record SearchQuery(String text, String crawlId, String host, int page, int size) {

  /**
   * The deepest hit a search may reach ({@code page * size}); Elasticsearch's default {@code
   * index.max_result_window}, beyond which from/size paging becomes expensive on every shard.
   */
  public static final int MAX_WINDOW = 10_000;

  /** Field boosts shared by both adapters: a term in the title outweighs one in the body. */
  public static final float TITLE_BOOST = 3f;

  public static final float HEADINGS_BOOST = 2f;

  public SearchQuery {
    if (text == null || text.isBlank()) {
      throw new InvalidQueryException("q", "q must not be blank");
    }
    if (page < 1) {
      throw new InvalidQueryException("page", "page must be at least 1, was " + page);
    }
    if (size < 1) {
      throw new InvalidQueryException("size", "size must be at least 1, was " + size);
    }
    if ((long) page * size > MAX_WINDOW) {
      throw new InvalidQueryException(
          "page", "page * size must not exceed " + MAX_WINDOW + ", was " + (long) page * size);
    }
    if (!hasSearchableTerms(text)) {
      throw new InvalidQueryException("q", "q has no searchable terms: " + text.strip());
    }
    crawlId = blankToNull(crawlId);
    host = blankToNull(host) == null ? null : host.strip().toLowerCase(Locale.ROOT);
  }

  /** The offset of the first hit of the page. */
  public int from() {
    return (page - 1) * size;
  }

  /**
   * Whether the text holds at least one term once the operators are taken away. Both adapters
   * accept any text in this syntax (it has no syntax errors by design); a text of operators alone
   * would silently match nothing, which the user deserves to be told.
   */
  private static boolean hasSearchableTerms(String text) {
    try (StandardAnalyzer analyzer = new StandardAnalyzer()) {
      return !(new SimpleQueryParser(analyzer, "text").parse(text) instanceof MatchNoDocsQuery);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
