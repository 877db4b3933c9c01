package dev.crawler.indexer.index.elasticsearch;

import dev.crawler.common.messages.ParsedDocument;
import dev.crawler.indexer.index.PageFields;
import java.time.Instant;
import java.util.List;

/**
 * The {@code _source} of a page document, field for field as in {@link PageFields} and the index
 * mapping (which is strict, so a field added here must be added there too).
 */
record PageSource(
    String url,
    String host,
    String crawlId,
    String title,
    String description,
    List<String> headings,
    String body,
    String language,
    Instant fetchedAt,
    int status,
    String contentHash,
    long simhash,
    String duplicateGroup) {

  static PageSource of(ParsedDocument document) {
    return new PageSource(
        document.url(),
        document.host(),
        document.crawlId(),
        document.title(),
        document.description(),
        document.headings(),
        document.text(),
        document.language(),
        document.fetchedAt(),
        document.status(),
        document.contentHash(),
        document.simhash(),
        PageFields.duplicateGroupOf(document));
  }
}
