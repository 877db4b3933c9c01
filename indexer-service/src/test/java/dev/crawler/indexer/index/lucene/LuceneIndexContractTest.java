package dev.crawler.indexer.index.lucene;

import static dev.crawler.indexer.index.Pages.page;
import static dev.crawler.indexer.index.Pages.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.messages.ParsedDocument;
import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.DocumentIndex;
import dev.crawler.indexer.index.DocumentIndexContract;
import dev.crawler.indexer.index.SearchHit;
import dev.crawler.indexer.index.SearchQuery;
import dev.crawler.indexer.index.TextAnalyzer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class LuceneIndexContractTest extends DocumentIndexContract {

  @TempDir static Path directory;

  @Override
  protected DocumentIndex openIndex() {
    return open(directory, TextAnalyzer.STANDARD);
  }

  @Test
  void aConfiguredLanguageAnalyzerFindsOtherFormsOfAWord(@TempDir Path englishDirectory) {
    try (DocumentIndex english = open(englishDirectory, TextAnalyzer.ENGLISH);
        DocumentIndex standard =
            open(englishDirectory.resolve("standard"), TextAnalyzer.STANDARD)) {
      ParsedDocument page = page("stemming", "/run", "Marathon", "she was running along the river");
      english.apply(List.of(upsert(page)));
      standard.apply(List.of(upsert(page)));

      SearchQuery runs = new SearchQuery("runs", "stemming", null, 1, 10);
      List<SearchHit> hits =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> english.search(runs).hits(), h -> !h.isEmpty());

      assertThat(hits).extracting(SearchHit::url).containsExactly("https://example.test/run");
      SearchQuery exact = new SearchQuery("running", "stemming", null, 1, 10);
      await().atMost(Duration.ofSeconds(10)).until(() -> standard.search(exact).total() == 1);
      assertThat(standard.search(runs).total()).isZero();
    }
  }

  private static DocumentIndex open(Path path, TextAnalyzer analyzer) {
    return LuceneIndex.open(
        new IndexerProperties.Lucene(path, Duration.ofMillis(100), DataSize.ofMegabytes(16)),
        analyzer,
        SEARCH);
  }
}
