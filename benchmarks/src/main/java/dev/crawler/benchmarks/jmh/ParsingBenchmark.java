package dev.crawler.benchmarks.jmh;

import dev.crawler.common.kafka.FetchedPageCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.messages.FetchedPage;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.parser.PageParser;
import dev.crawler.parser.ParseOutcome;
import dev.crawler.parser.ParserProperties;
import dev.crawler.parser.kafka.OutcomeRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pages per second through the parser's real path, {@link PageParser#parse}: charset detection,
 * jsoup parsing, robots directives, link extraction and normalisation, main text, headings and
 * fingerprints, with the defaults of {@code parser.yaml}. One operation is one page, so with one
 * thread the score is pages per second per core.
 *
 * <p>{@code *Records} add what the service does around the parser for each record of {@code
 * crawl.fetched}: decoding the {@link FetchedPage} ({@link FetchedPageCodec}) and encoding the
 * index operation and the URL candidates as the records it produces ({@link OutcomeRecords}, keyed
 * by host as by default). {@code encodeArticleOutcome} measures the encoding apart, and {@link
 * FetchedPageRecordBenchmark} the decoding.
 *
 * <p>{@code jsoupParseOnly*} is the floor under every HTML parser built on jsoup: decoding and
 * building the tree, nothing else. Issue 10 names it as one of the machine's limits, on one and on
 * both cores.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ParsingBenchmark {

  private PageParser parser;
  private FetchedPage article;
  private FetchedPage linkFarm;
  private byte[] articleBytes;
  private final Headers articleHeaders = new RecordHeaders();
  private byte[] articleValue;
  private OutcomeRecords outcomeRecords;
  private ParseOutcome articleOutcome;

  @Setup
  public void setUp() {
    ParserProperties properties =
        ServiceDefaults.of("parser", "crawler.parser", ParserProperties.class);
    parser = new PageParser(properties);
    outcomeRecords =
        new OutcomeRecords(
            PolitenessKey.HOST, KafkaNames.NONE, properties.limits().maxDocumentBytes());
    article = BenchmarkPages.article();
    linkFarm = BenchmarkPages.linkFarm();
    articleBytes = BenchmarkPages.articleBytes();
    articleValue = FetchedPageCodec.encode(article, articleHeaders);
    articleOutcome = parser.parse(article);
    if (articleOutcome.kind() != ParseOutcome.Kind.HTML
        || articleOutcome.candidates().size() < 100) {
      throw new IllegalStateException(
          "the article did not parse as a linked HTML page: " + articleOutcome);
    }
  }

  /** The 50 KB article, one thread: pages per second per core. */
  @Benchmark
  @Threads(1)
  public ParseOutcome parseArticle() {
    return parser.parse(article);
  }

  /** The 50 KB article on two threads at once: how the parser scales over both cores. */
  @Benchmark
  @Threads(2)
  public ParseOutcome parseArticleTwoThreads() {
    return parser.parse(article);
  }

  /** The 50 KB article from its crawl.fetched record to the records it yields, one thread. */
  @Benchmark
  @Threads(1)
  public List<ProducerRecord<byte[], byte[]>> parseArticleRecords() {
    return outcomeRecords.of(parser.parse(FetchedPageCodec.decode(articleHeaders, articleValue)));
  }

  /** Encoding the article's outcome (one document, 141 URL candidates) as records alone. */
  @Benchmark
  @Threads(1)
  public List<ProducerRecord<byte[], byte[]>> encodeArticleOutcome() {
    return outcomeRecords.of(articleOutcome);
  }

  /** A page of 100,000 links (3.7 MB), one thread; links beyond the per-page cap are not read. */
  @Benchmark
  @Threads(1)
  public ParseOutcome parseLinkFarm() {
    return parser.parse(linkFarm);
  }

  /** jsoup alone on the 50 KB article (UTF-8 decoding and tree building), one thread. */
  @Benchmark
  @Threads(1)
  public Document jsoupParseOnly() {
    return jsoupParse();
  }

  /** jsoup alone on the 50 KB article, two threads. */
  @Benchmark
  @Threads(2)
  public Document jsoupParseOnlyTwoThreads() {
    return jsoupParse();
  }

  private Document jsoupParse() {
    return Jsoup.parse(
        new String(articleBytes, StandardCharsets.UTF_8), BenchmarkPages.ARTICLE_URL);
  }
}
