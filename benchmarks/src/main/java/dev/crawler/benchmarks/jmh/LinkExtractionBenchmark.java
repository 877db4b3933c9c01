package dev.crawler.benchmarks.jmh;

import dev.crawler.common.url.UrlNormalizer;
import dev.crawler.parser.ParserProperties;
import dev.crawler.parser.html.HtmlExtractor;
import dev.crawler.parser.links.LinkExtractor;
import dev.crawler.parser.links.LinkNormalizer;
import dev.crawler.parser.links.OutLink;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Link extraction alone, on pages parsed once beforehand: selecting link elements, the rel rules,
 * resolving against the base, escaping and normalising every URL, deduplication and anchor text.
 * One operation is one page.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class LinkExtractionBenchmark {

  private LinkExtractor links;
  private Document article;
  private Document linkFarm;

  @Setup
  public void setUp() {
    ParserProperties properties =
        ServiceDefaults.of("parser", "crawler.parser", ParserProperties.class);
    ParserProperties.Links rules = properties.links();
    LinkNormalizer normalizer =
        new LinkNormalizer(new UrlNormalizer(rules.removedQueryParameters(), rules.maxUrlLength()));
    links =
        new LinkExtractor(
            normalizer, rules.skippedRels(), rules.maxPerPage(), rules.maxAnchorChars());
    HtmlExtractor html = new HtmlExtractor(properties.limits(), normalizer);
    article = html.parse(BenchmarkPages.articleBytes(), "utf-8", BenchmarkPages.ARTICLE_URL);
    linkFarm = html.parse(BenchmarkPages.linkFarmBytes(), "utf-8", BenchmarkPages.LINK_FARM_URL);
  }

  /** The article's 154 link elements (about 140 followable, distinct links). */
  @Benchmark
  public List<OutLink> extractArticleLinks() {
    return links.extract(article, BenchmarkPages.ARTICLE_URL);
  }

  /** The link farm: the walk stops at the per-page cap (1,000 by default) of 100,000 links. */
  @Benchmark
  public List<OutLink> extractLinkFarmLinks() {
    return links.extract(linkFarm, BenchmarkPages.LINK_FARM_URL);
  }
}
