package dev.crawler.indexer.index.elasticsearch;

import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.IndexOptions;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.PageFields;
import dev.crawler.indexer.index.TextAnalyzer;

/**
 * The explicit mapping and settings of a page index. The mapping is strict: a document with a field
 * not named here is refused rather than silently widening the schema.
 */
final class PageMapping {

  private PageMapping() {}

  static TypeMapping mapping(TextAnalyzer analyzer) {
    String name = analyzer.elasticsearchName();
    return TypeMapping.of(m ->
        m.dynamic(DynamicMapping.Strict)
            .properties(PageFields.URL, p -> p.keyword(k -> k))
            .properties(PageFields.HOST, p -> p.keyword(k -> k))
            .properties(PageFields.CRAWL_ID, p -> p.keyword(k -> k))
            .properties(PageFields.TITLE, p -> p.text(t -> t.analyzer(name)))
            .properties(PageFields.DESCRIPTION, p -> p.text(t -> t.analyzer(name)))
            .properties(PageFields.HEADINGS, p -> p.text(t -> t.analyzer(name)))
            // Offsets in the postings let the unified highlighter skip re-analysing the
            // body, so snippets of long pages stay cheap and are not cut at
            // index.highlight.max_analyzed_offset.
            .properties(
                PageFields.BODY,
                p -> p.text(t -> t.analyzer(name).indexOptions(IndexOptions.Offsets)))
            .properties(PageFields.LANGUAGE, p -> p.keyword(k -> k))
            .properties(PageFields.FETCHED_AT, p -> p.date(d -> d))
            .properties(PageFields.STATUS, p -> p.integer(i -> i))
            .properties(PageFields.CONTENT_HASH, p -> p.keyword(k -> k))
            .properties(PageFields.SIMHASH, p -> p.long_(l -> l.index(false)))
            .properties(PageFields.DUPLICATE_GROUP, p -> p.keyword(k -> k)));
  }

  static IndexSettings settings(IndexerProperties.Elasticsearch config) {
    return IndexSettings.of(s ->
        s.numberOfShards(Integer.toString(config.shards()))
            .numberOfReplicas(Integer.toString(config.replicas()))
            .refreshInterval(t -> t.time(config.refreshInterval().toMillis() + "ms")));
  }
}
