package dev.crawler.indexer.index;

import dev.crawler.common.messages.ParsedDocument;
import dev.crawler.common.url.DocumentId;

/** The field names of a page document, shared by both adapters so their indexes read alike. */
public final class PageFields {

  public static final String URL = "url";
  public static final String HOST = "host";
  public static final String CRAWL_ID = "crawlId";
  public static final String TITLE = "title";
  public static final String HEADINGS = "headings";
  public static final String DESCRIPTION = "description";
  public static final String BODY = "body";
  public static final String LANGUAGE = "language";
  public static final String FETCHED_AT = "fetchedAt";
  public static final String STATUS = "status";
  public static final String CONTENT_HASH = "contentHash";
  public static final String SIMHASH = "simhash";

  /**
   * The key exact duplicates are grouped by (near-duplicates are also grouped by {@link #SIMHASH},
   * see {@link NearDuplicates}): the content hash, or the document's own id when a page has none.
   * Grouping on the hash alone would fold every page without one into a single hit.
   */
  public static final String DUPLICATE_GROUP = "duplicateGroup";

  private PageFields() {}

  /** The document id of a URL. */
  public static String idOf(String url) {
    return DocumentId.of(url);
  }

  /** The near-duplicate group of a document. */
  public static String duplicateGroupOf(ParsedDocument document) {
    String hash = document.contentHash();
    return hash == null || hash.isBlank() ? "id:" + idOf(document.url()) : "hash:" + hash;
  }
}
