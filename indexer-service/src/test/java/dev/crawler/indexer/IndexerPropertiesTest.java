package dev.crawler.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.cluster.ClusterProperties;
import dev.crawler.indexer.index.TextAnalyzer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class IndexerPropertiesTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withInitializer(new ConfigDataApplicationContextInitializer())
          .withPropertyValues("spring.config.name=indexer")
          .withUserConfiguration(Properties.class);

  @Test
  void theDocumentedDefaultsBind() {
    runner.run(context -> {
      IndexerProperties properties = context.getBean(IndexerProperties.class);
      assertThat(properties.backend()).isEqualTo(IndexerProperties.Backend.ELASTICSEARCH);
      assertThat(properties.analyzer()).isEqualTo(TextAnalyzer.STANDARD);
      assertThat(properties.search().defaultSize()).isEqualTo(10);
      assertThat(properties.search().maxSize()).isEqualTo(100);
      assertThat(properties.counts().interval()).isEqualTo(Duration.ofSeconds(2));
      assertThat(properties.elasticsearch().serverMajorVersion()).isEqualTo(9);
      assertThat(properties.elasticsearch().index()).isEqualTo("crawl-pages");
      assertThat(properties.lucene().path()).isEqualTo(java.nio.file.Path.of("data", "index"));
      assertThat(context.getBean(ClusterProperties.class).kafka().partitions()).isEqualTo(12);
    });
  }

  @Test
  void aValueOutOfRangeStopsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("crawler.indexer.search.max-size=1000")
        .run(context ->
            assertThat(context.getStartupFailure())
                .rootCause()
                .hasMessageContaining("crawler.indexer.search.maxSize"));
  }

  @Test
  void aBatchTooLargeForOneBulkRequestStopsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("crawler.indexer.ingest.batch-bytes=200MB")
        .run(context ->
            assertThat(context.getStartupFailure())
                .hasStackTraceContaining("crawler.indexer.ingest.batch-bytes"));
  }

  @Test
  void anUnknownAnalyzerStopsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("crawler.indexer.analyzer=klingon")
        .run(context ->
            assertThat(context.getStartupFailure())
                .hasStackTraceContaining("crawler.indexer.analyzer"));
  }

  @Test
  void aLanguageAnalyzerIsChosenByName() {
    runner
        .withPropertyValues("crawler.indexer.analyzer=english", "crawler.indexer.backend=lucene")
        .run(context -> {
          IndexerProperties properties = context.getBean(IndexerProperties.class);
          assertThat(properties.analyzer()).isEqualTo(TextAnalyzer.ENGLISH);
          assertThat(properties.backend()).isEqualTo(IndexerProperties.Backend.LUCENE);
        });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({IndexerProperties.class, ClusterProperties.class})
  static class Properties {}
}
