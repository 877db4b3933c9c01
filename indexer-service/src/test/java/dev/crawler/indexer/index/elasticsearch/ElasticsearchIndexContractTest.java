package dev.crawler.indexer.index.elasticsearch;

import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.DocumentIndex;
import dev.crawler.indexer.index.DocumentIndexContract;
import dev.crawler.indexer.index.TextAnalyzer;
import dev.crawler.testsupport.elasticsearch.TestElasticsearch;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

class ElasticsearchIndexContractTest extends DocumentIndexContract {

  /** A test's own index settings against the shared test server. */
  static IndexerProperties.Elasticsearch testConfig(String alias) {
    TestElasticsearch server = TestElasticsearch.get();
    return new IndexerProperties.Elasticsearch(
        List.of(server.httpUri()),
        null,
        null,
        null,
        null,
        server.serverMajorVersion(),
        alias,
        1,
        1,
        0,
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30));
  }

  @Override
  protected DocumentIndex openIndex() {
    IndexerProperties.Elasticsearch config = testConfig("contract-" + UUID.randomUUID());
    return new ElasticsearchIndex(
        ElasticsearchClientFactory.create(config), config, TextAnalyzer.STANDARD, SEARCH);
  }
}
