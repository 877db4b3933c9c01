package dev.crawler.indexer.index.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.DocumentIndexContract;
import dev.crawler.indexer.index.PageFields;
import dev.crawler.indexer.index.TextAnalyzer;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the Elasticsearch adapter manages its index in a real Elasticsearch: a versioned index behind
 * an alias, created at start-up with an explicit, strict mapping, analysed as configured.
 */
class ElasticsearchIndexManagementTest {

  private final String alias = "management-" + UUID.randomUUID();
  private final IndexerProperties.Elasticsearch config =
      ElasticsearchIndexContractTest.testConfig(alias);
  private final ElasticsearchClient client = ElasticsearchClientFactory.create(config);

  @AfterEach
  void closeClient() throws IOException {
    client.close();
  }

  @Test
  void theIndexIsCreatedVersionedBehindItsAliasWithAStrictMappingOfEveryPageField()
      throws IOException {
    try (ElasticsearchIndex index = open(TextAnalyzer.STANDARD)) {
      index.ensureIndex();
    }

    assertThat(client.indices().getAlias(a -> a.name(alias)).aliases())
        .containsOnlyKeys(alias + "-v1");
    TypeMapping mapping = mappingOf(alias + "-v1");
    assertThat(mapping.dynamic()).isEqualTo(DynamicMapping.Strict);
    assertThat(mapping.properties())
        .containsOnlyKeys(
            PageFields.URL,
            PageFields.HOST,
            PageFields.CRAWL_ID,
            PageFields.TITLE,
            PageFields.DESCRIPTION,
            PageFields.HEADINGS,
            PageFields.BODY,
            PageFields.LANGUAGE,
            PageFields.FETCHED_AT,
            PageFields.STATUS,
            PageFields.CONTENT_HASH,
            PageFields.SIMHASH,
            PageFields.DUPLICATE_GROUP);
    assertThat(mapping.properties().get(PageFields.URL).isKeyword()).isTrue();
    assertThat(mapping.properties().get(PageFields.FETCHED_AT).isDate()).isTrue();
    for (String text :
        new String[] {
          PageFields.TITLE, PageFields.DESCRIPTION, PageFields.HEADINGS, PageFields.BODY
        }) {
      assertThat(mapping.properties().get(text).text().analyzer()).as(text).isEqualTo("standard");
    }
  }

  @Test
  void anIndexThatExistsAlreadyIsKeptAsItIs() throws IOException {
    try (ElasticsearchIndex first = open(TextAnalyzer.STANDARD)) {
      first.ensureIndex();
    }

    // A second instance (another pod, a restart) finds the alias and creates nothing.
    try (ElasticsearchIndex second = open(TextAnalyzer.STANDARD)) {
      second.ensureIndex();
      assertThat(second.health().up()).isTrue();
    }

    assertThat(client.indices().getAlias(a -> a.name(alias)).aliases())
        .containsOnlyKeys(alias + "-v1");
  }

  @Test
  void aConfiguredLanguageAnalyzerAnalysesTheTextFields() throws IOException {
    assumeTrue(serverKnowsAnalyzer("english"), "the server lacks the analysis-common module");

    try (ElasticsearchIndex index = open(TextAnalyzer.ENGLISH)) {
      index.ensureIndex();
    }

    TypeMapping mapping = mappingOf(alias + "-v1");
    assertThat(mapping.properties().get(PageFields.BODY).text().analyzer()).isEqualTo("english");
    assertThat(mapping.properties().get(PageFields.TITLE).text().analyzer()).isEqualTo("english");
  }

  @Test
  void aLanguageAnalyzerTheServerLacksStopsStartUpNamingTheProperty() throws IOException {
    assumeFalse(serverKnowsAnalyzer("english"), "the server has language analyzers");

    try (ElasticsearchIndex index = open(TextAnalyzer.ENGLISH)) {
      assertThatThrownBy(index::ensureIndex)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("crawler.indexer.analyzer")
          .hasMessageContaining("english");
    }
  }

  private ElasticsearchIndex open(TextAnalyzer analyzer) {
    return new ElasticsearchIndex(
        ElasticsearchClientFactory.create(config), config, analyzer, DocumentIndexContract.SEARCH);
  }

  private TypeMapping mappingOf(String index) throws IOException {
    return client.indices().getMapping(m -> m.index(index)).get(index).mappings();
  }

  /** The integ-test build of Elasticsearch has no analysis-common module, hence no languages. */
  private boolean serverKnowsAnalyzer(String analyzer) throws IOException {
    try {
      client.indices().analyze(a -> a.analyzer(analyzer).text("running"));
      return true;
    } catch (ElasticsearchException e) {
      return false;
    }
  }
}
