package dev.crawler.benchmarks.jmh;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.common.url.UrlNormalizer;
import dev.crawler.frontier.FrontierProperties;
import dev.crawler.frontier.scope.CrawlRules;
import dev.crawler.frontier.scope.Refusal;
import dev.crawler.frontier.scope.TrapGuard;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The frontier's per-URL admission rules without any store: {@link CrawlRules#judge} (depth, trap
 * guards, domain scope, include and exclude patterns) with the trap limits of {@code
 * frontier.yaml}, alone and behind normalisation and the politeness key, which is what the frontier
 * runs on every candidate before it touches a store. The candidates are the article's links (mostly
 * in scope, some on other sites) mixed with trap-shaped URLs: relative-link loops, faceted-search
 * query explosions and over-long URLs. One operation is one URL.
 *
 * <p>The stateful half of admission (dedup, budgets, host queue) and the release path live in
 * package-private classes over Kafka Streams stores; the only public way in, the topology under
 * {@code TopologyTestDriver}, commits and flushes every RocksDB store after each record, so it
 * would measure the test driver rather than the frontier. The frontier benchmark measures them at
 * scale against a real broker.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FrontierAdmissionBenchmark {

  private static final int DEPTH = 3;

  private final UrlNormalizer normalizer = UrlNormalizer.standard();
  private TrapGuard traps;
  private CrawlRules rules;
  private String[] written;
  private String[] normalized;
  private int next;

  @Setup
  public void setUp() {
    FrontierProperties settings =
        ServiceDefaults.of("frontier", "crawler.frontier", FrontierProperties.class);
    traps = new TrapGuard(settings.traps());
    rules = CrawlRules.of(crawl(), traps);
    List<String> candidates = new ArrayList<>();
    for (Element link :
        Jsoup.parse(
                new String(BenchmarkPages.articleBytes(), StandardCharsets.UTF_8),
                BenchmarkPages.ARTICLE_URL)
            .select("a[href]")) {
      candidates.add(link.absUrl("href"));
    }
    for (int i = 0; i < 16; i++) {
      candidates.add("https://tales.example.com/stories/" + "a/b/".repeat(4 + i % 3) + i);
      candidates.add(
          "https://tales.example.com/search?" + "facet" + i + "=x&".repeat(20) + "page=" + i);
      candidates.add("https://tales.example.com/archive/" + "x".repeat(1_100) + i);
      candidates.add("https://tales.example.com/media/photo-" + i + ".jpg");
    }
    written = candidates.toArray(String[]::new);
    normalized =
        candidates.stream()
            .map(normalizer::normalize)
            .flatMap(Optional::stream)
            .toArray(String[]::new);
    // Judging every URL once loads the public suffix list (domain scope) outside the measurement,
    // and shows that the mix exercises both outcomes.
    long refused =
        Arrays.stream(normalized)
            .filter(url -> rules.judge(url, DEPTH, UrlSource.LINK).isPresent())
            .count();
    if (refused == 0 || refused == normalized.length) {
      throw new IllegalStateException("the candidates should be partly admitted, partly refused");
    }
  }

  /** The rules alone on a normalised URL. */
  @Benchmark
  public Optional<Refusal> judge() {
    String url = normalized[next];
    next = next + 1 == normalized.length ? 0 : next + 1;
    return rules.judge(url, DEPTH, UrlSource.LINK);
  }

  /** The trap guards alone: URL length, path segments and their repetition, query parameters. */
  @Benchmark
  public Optional<Refusal> trapGuard() {
    String url = normalized[next];
    next = next + 1 == normalized.length ? 0 : next + 1;
    return traps.check(url);
  }

  /** Normalisation, politeness key and rules: the frontier's decision before any store access. */
  @Benchmark
  public Optional<Refusal> normalizeKeyAndJudge(Blackhole keys) {
    String url = written[next];
    next = next + 1 == written.length ? 0 : next + 1;
    return normalizer
        .normalize(url)
        .flatMap(normal -> {
          keys.consume(PolitenessKey.HOST.of(normal));
          return rules.judge(normal, DEPTH, UrlSource.LINK);
        });
  }

  /** A running domain-scoped crawl that excludes images and search pages. */
  private static CrawlJob crawl() {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    return new CrawlJob(
        "bench",
        "bench",
        List.of("https://tales.example.com/"),
        dev.crawler.common.messages.Scope.DOMAIN, // JMH's @State(Scope) takes the short name
        List.of(),
        List.of("\\.(?:jpe?g|png|gif|pdf|zip)$", "/(?:login|cart|search)\\b"),
        10,
        0,
        0,
        0,
        1,
        0,
        CrawlState.RUNNING,
        created,
        created);
  }
}
