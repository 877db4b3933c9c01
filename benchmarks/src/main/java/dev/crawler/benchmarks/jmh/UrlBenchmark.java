package dev.crawler.benchmarks.jmh;

import dev.crawler.common.url.PolitenessKey;
import dev.crawler.common.url.UrlNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
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
 * URL normalisation ({@link UrlNormalizer}, crawler-commons' BasicURLNormalizer with tracking
 * parameters removed) and the politeness key of the result, per URL. The inputs are the article's
 * links as absolute URLs, written the ways pages write them: as is, with an upper-case host and a
 * fragment, and with tracking parameters. One operation is one URL.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class UrlBenchmark {

  private final UrlNormalizer normalizer = UrlNormalizer.standard();
  private String[] urls;
  private int next;

  @Setup
  public void setUp() {
    List<String> written = new ArrayList<>();
    for (Element link :
        Jsoup.parse(
                new String(BenchmarkPages.articleBytes(), java.nio.charset.StandardCharsets.UTF_8),
                BenchmarkPages.ARTICLE_URL)
            .select("a[href], link[href]")) {
      String url = link.absUrl("href");
      if (url.startsWith("http")) {
        written.add(url);
        written.add(shouted(url) + "#section-2");
        written.add(url + (url.contains("?") ? "&" : "?") + "utm_source=feed&utm_medium=rss");
      }
    }
    urls = written.toArray(String[]::new);
  }

  /** Normalisation alone. */
  @Benchmark
  public Optional<String> normalize() {
    return normalizer.normalize(nextUrl());
  }

  /** Normalisation, then the host politeness key (the default). */
  @Benchmark
  public String normalizeAndHostKey() {
    return normalizer.normalize(nextUrl()).map(PolitenessKey.HOST::of).orElse("");
  }

  /** Normalisation, then the registered-domain key (a public suffix list lookup). */
  @Benchmark
  public String normalizeAndDomainKey() {
    return normalizer.normalize(nextUrl()).map(PolitenessKey.REGISTERED_DOMAIN::of).orElse("");
  }

  private String nextUrl() {
    String url = urls[next];
    next = next + 1 == urls.length ? 0 : next + 1;
    return url;
  }

  /** The URL with its scheme and host upper-cased, as some pages write them. */
  private static String shouted(String url) {
    int pathStart = url.indexOf('/', url.indexOf("//") + 2);
    int end = pathStart < 0 ? url.length() : pathStart;
    return url.substring(0, end).toUpperCase(Locale.ROOT) + url.substring(end);
  }
}
