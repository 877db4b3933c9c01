package dev.crawler.parser.kafka;

import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.parser.ParseOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parser's meters, for operators: {@code crawler.parser.pages} by kind (its rate is the parse
 * rate), {@code crawler.parser.links} (URL candidates emitted) by source, {@code
 * crawler.parser.deletes} by kind, {@code crawler.parser.dead.letters} (pages that failed) and the
 * {@code crawler.parser.parse} timer, published as a histogram so that Prometheus can compute
 * latency quantiles across pods.
 */
final class ParserMetrics {

  /**
   * The histogram's range: a small page parses in about a millisecond, and a page at the body cap
   * takes seconds; slower parses land in the top bucket.
   */
  private static final Duration FASTEST_EXPECTED_PARSE = Duration.ofMillis(1);

  private static final Duration SLOWEST_EXPECTED_PARSE = Duration.ofSeconds(10);

  private final Map<ParseOutcome.Kind, Counter> pages = new EnumMap<>(ParseOutcome.Kind.class);
  private final Map<ParseOutcome.Kind, Counter> deletes = new EnumMap<>(ParseOutcome.Kind.class);
  private final Map<UrlSource, Counter> links = new EnumMap<>(UrlSource.class);
  private final Counter repeated;
  private final Counter deadLetters;
  private final Timer parseTime;

  ParserMetrics(MeterRegistry registry) {
    for (ParseOutcome.Kind kind : ParseOutcome.Kind.values()) {
      String tag = kind.name().toLowerCase(Locale.ROOT);
      pages.put(
          kind,
          Counter.builder("crawler.parser.pages")
              .description("Fetched pages parsed, by what they turned out to be")
              .tag("kind", tag)
              .register(registry));
      deletes.put(
          kind,
          Counter.builder("crawler.parser.deletes")
              .description("Index deletes emitted, by the kind of page that caused them")
              .tag("kind", tag)
              .register(registry));
    }
    for (UrlSource source : UrlSource.values()) {
      links.put(
          source,
          Counter.builder("crawler.parser.links")
              .description("URL candidates emitted to crawl.urls")
              .tag("source", source.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    repeated =
        Counter.builder("crawler.parser.links.repeated")
            .description("Links found on a page and not emitted, as emitted lately")
            .register(registry);
    deadLetters =
        Counter.builder("crawler.parser.dead.letters")
            .description("Fetched records sent to crawl.dlq")
            .register(registry);
    parseTime =
        Timer.builder("crawler.parser.parse")
            .description("Time to parse one fetched page")
            .publishPercentileHistogram()
            .minimumExpectedValue(FASTEST_EXPECTED_PARSE)
            .maximumExpectedValue(SLOWEST_EXPECTED_PARSE)
            .register(registry);
  }

  ParseOutcome timeParse(Supplier<ParseOutcome> parse) {
    return parseTime.record(parse);
  }

  /**
   * Counts a parsed page and the candidates it offered.
   *
   * @param repeatedLinks links found on the page and not offered, as offered lately
   */
  void parsed(ParseOutcome outcome, int repeatedLinks) {
    repeated.increment(repeatedLinks);
    pages.get(outcome.kind()).increment();
    if (outcome.indexOp() != null && outcome.indexOp().action() == IndexOp.Action.DELETE) {
      deletes.get(outcome.kind()).increment();
    }
    for (UrlCandidate candidate : outcome.candidates()) {
      links.get(candidate.source()).increment();
    }
  }

  void deadLettered() {
    deadLetters.increment();
  }
}
