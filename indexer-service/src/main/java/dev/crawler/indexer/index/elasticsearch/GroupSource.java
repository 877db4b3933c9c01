package dev.crawler.indexer.index.elasticsearch;

import dev.crawler.indexer.index.PageFields;
import java.util.List;

/** The part of a page's {@code _source} that near-duplicate grouping reads. */
record GroupSource(String url, long simhash, String duplicateGroup) {

  static final List<String> FIELDS =
      List.of(PageFields.URL, PageFields.SIMHASH, PageFields.DUPLICATE_GROUP);
}
