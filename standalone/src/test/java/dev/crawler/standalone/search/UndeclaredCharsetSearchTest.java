package dev.crawler.standalone.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.messages.FetchedPage;
import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.DocumentIndex;
import dev.crawler.indexer.index.SearchHit;
import dev.crawler.indexer.index.SearchQuery;
import dev.crawler.indexer.index.TextAnalyzer;
import dev.crawler.indexer.index.lucene.LuceneIndex;
import dev.crawler.parser.PageParser;
import dev.crawler.parser.ParseOutcome;
import dev.crawler.parser.ParserProperties;
import dev.crawler.testsupport.web.UndeclaredCharsetPage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Pages that declare no charset, in each of the web's main legacy encodings, go through the parser
 * and the standalone's Lucene index as a crawl sends them, and each is found by a word of its own
 * text: decoded right, and tokenised as its script needs.
 */
class UndeclaredCharsetSearchTest {

  private static final String CRAWL = "charsets";

  @TempDir static Path directory;

  private static DocumentIndex index;

  @BeforeAll
  static void parseAndIndexEveryPage() {
    PageParser parser = new PageParser(parserDefaults());
    index =
        LuceneIndex.open(
            new IndexerProperties.Lucene(
                directory, Duration.ofMillis(100), DataSize.ofMegabytes(16)),
            TextAnalyzer.STANDARD,
            new IndexerProperties.Search(10, 100, 1_000, 200, 3, 500, 10));
    for (UndeclaredCharsetPage page : UndeclaredCharsetPage.ALL) {
      ParseOutcome outcome = parser.parse(fetched(page));
      assertThat(outcome.kind()).as("%s", page).isEqualTo(ParseOutcome.Kind.HTML);
      index.apply(List.of(outcome.indexOp()));
    }
  }

  @AfterAll
  static void close() throws Exception {
    index.close();
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("dev.crawler.testsupport.web.UndeclaredCharsetPage#ALL")
  void anUndeclaredPageIsFoundByAWordOfItsOwnText(UndeclaredCharsetPage page) {
    SearchQuery query = new SearchQuery(page.word(), CRAWL, null, 1, 10);

    List<SearchHit> hits =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> index.search(query).hits(), found -> !found.isEmpty());

    assertThat(hits).extracting(SearchHit::url).containsExactly(page.url());
  }

  private static FetchedPage fetched(UndeclaredCharsetPage page) {
    return new FetchedPage(
        CRAWL, page.url(), 0, 200, Map.of(), "text/html", null, page.body(), false, Instant.now());
  }

  /** The parser's settings as {@code parser.yaml} documents them. */
  private static ParserProperties parserDefaults() {
    AtomicReference<ParserProperties> properties = new AtomicReference<>();
    new ApplicationContextRunner()
        .withUserConfiguration(ParserSettings.class)
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withSystemProperties("spring.config.name=parser")
        .run(context -> properties.set(context.getBean(ParserProperties.class)));
    return properties.get();
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ParserProperties.class)
  static class ParserSettings {}
}
