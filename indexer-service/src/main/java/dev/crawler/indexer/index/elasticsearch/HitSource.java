package dev.crawler.indexer.index.elasticsearch;

import dev.crawler.indexer.index.PageFields;
import java.time.Instant;
import java.util.List;

/** The part of a page's {@code _source} a search hit reads back; the body stays on the server. */
record HitSource(String url, String title, String host, Instant fetchedAt) {

  static final List<String> FIELDS =
      List.of(PageFields.URL, PageFields.TITLE, PageFields.HOST, PageFields.FETCHED_AT);
}
