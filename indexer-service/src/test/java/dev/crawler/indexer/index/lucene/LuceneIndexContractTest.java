package dev.crawler.indexer.index.lucene;

import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.DocumentIndex;
import dev.crawler.indexer.index.DocumentIndexContract;
import dev.crawler.indexer.index.TextAnalyzer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class LuceneIndexContractTest extends DocumentIndexContract {

  @TempDir static Path directory;

  @Override
  protected DocumentIndex openIndex() {
    return LuceneIndex.open(
        new IndexerProperties.Lucene(directory, Duration.ofMillis(100), DataSize.ofMegabytes(16)),
        TextAnalyzer.STANDARD,
        SNIPPET_CHARS);
  }
}
