package dev.crawler.standalone.progress;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.util.Set;

/**
 * What the four services did in this process, read from their own Micrometer meters: pages fetched
 * ({@code crawler.fetcher.fetches}, outcome {@code fetched}), parsed ({@code
 * crawler.parser.pages}), indexed ({@code crawler.indexer.documents.indexed}), and errors: fetches
 * that ended in an error outcome plus records the parser or indexer dead-lettered.
 */
public final class PipelineMeters {

  private static final Set<String> ERROR_OUTCOMES =
      Set.of("http_error", "network_error", "too_large", "unsupported_type", "blocked_address");

  private final MeterRegistry registry;

  public PipelineMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The counts now. */
  public Counts read() {
    long fetched =
        sum(Search.in(registry).name("crawler.fetcher.fetches").tag("outcome", "fetched"));
    long fetchErrors =
        Search.in(registry).name("crawler.fetcher.fetches").counters().stream()
            .filter(counter -> ERROR_OUTCOMES.contains(counter.getId().getTag("outcome")))
            .mapToLong(counter -> (long) counter.count())
            .sum();
    return new Counts(
        fetched,
        sum(Search.in(registry).name("crawler.parser.pages")),
        sum(Search.in(registry).name("crawler.indexer.documents.indexed")),
        fetchErrors
            + sum(Search.in(registry).name("crawler.parser.dead.letters"))
            + sum(Search.in(registry).name("crawler.indexer.dlq")));
  }

  private static long sum(Search search) {
    return search.counters().stream().mapToLong(counter -> (long) counter.count()).sum();
  }

  /**
   * Counts since this process started.
   *
   * @param fetched pages fetched with a body
   * @param parsed fetched pages parsed
   * @param indexed documents written to the index
   * @param errors failed fetches and dead-lettered records
   */
  public record Counts(long fetched, long parsed, long indexed, long errors) {}
}
