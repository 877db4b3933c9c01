package dev.crawler.indexer.index;

import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.elasticsearch.ElasticsearchClientFactory;
import dev.crawler.indexer.index.elasticsearch.ElasticsearchIndex;
import dev.crawler.indexer.index.lucene.LuceneIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the index adapter by {@code crawler.indexer.backend} and reports its health. */
@Configuration(proxyBeanMethods = false)
public class DocumentIndexConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DocumentIndexConfiguration.class);

  /**
   * The index, created at start-up if missing. An unreachable index is created later, when it
   * answers; one that refuses the configured mapping stops the start-up.
   */
  @Bean(destroyMethod = "close")
  DocumentIndex documentIndex(IndexerProperties properties) {
    DocumentIndex index = open(properties);
    try {
      index.ensureIndex();
    } catch (IndexUnavailableException e) {
      log.warn("event=index-not-ready backend={} reason=\"{}\"", index.backend(), e.getMessage());
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
    return index;
  }

  private static DocumentIndex open(IndexerProperties properties) {
    IndexerProperties.Search search = properties.search();
    return switch (properties.backend()) {
      case ELASTICSEARCH ->
          new ElasticsearchIndex(
              ElasticsearchClientFactory.create(properties.elasticsearch()),
              properties.elasticsearch(),
              properties.analyzer(),
              search);
      case LUCENE -> LuceneIndex.open(properties.lucene(), properties.analyzer(), search);
    };
  }

  /** {@code /actuator/health} component {@code documentIndex}: down while the index is. */
  @Bean
  HealthIndicator documentIndexHealthIndicator(DocumentIndex index) {
    return () -> {
      IndexHealth health = index.health();
      return (health.up() ? Health.up() : Health.down()).withDetails(health.details()).build();
    };
  }
}
