package dev.crawler.benchmarks.jmh;

import dev.crawler.common.url.UrlNormalizer;
import dev.crawler.parser.ParserProperties;
import dev.crawler.parser.fingerprint.ContentFingerprint;
import dev.crawler.parser.fingerprint.Fingerprinter;
import dev.crawler.parser.fingerprint.SimHash;
import dev.crawler.parser.html.HtmlExtractor;
import dev.crawler.parser.links.LinkNormalizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The content fingerprints of the article's main text (about 30,000 characters), as the parser
 * extracts it: the 64-bit SimHash alone, and the full fingerprint (whitespace and case
 * normalisation, SHA-256 and SimHash). One operation is one document.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SimHashBenchmark {

  private SimHash simHash;
  private Fingerprinter fingerprinter;
  private String text;

  @Setup
  public void setUp() {
    ParserProperties properties =
        ServiceDefaults.of("parser", "crawler.parser", ParserProperties.class);
    HtmlExtractor html =
        new HtmlExtractor(properties.limits(), new LinkNormalizer(UrlNormalizer.standard()));
    text =
        html.extract(
                html.parse(BenchmarkPages.articleBytes(), "utf-8", BenchmarkPages.ARTICLE_URL),
                null)
            .text();
    simHash = new SimHash(properties.fingerprint().shingleSize());
    fingerprinter = new Fingerprinter(properties.fingerprint().shingleSize());
  }

  /** SimHash over 3-word shingles (the default). */
  @Benchmark
  public long simHash() {
    return simHash.of(text);
  }

  /** What the parser computes per document: exact hash and SimHash. */
  @Benchmark
  public ContentFingerprint fingerprint() {
    return fingerprinter.of(text);
  }
}
