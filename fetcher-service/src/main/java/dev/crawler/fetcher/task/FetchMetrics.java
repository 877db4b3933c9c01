package dev.crawler.fetcher.task;

import dev.crawler.common.messages.OutcomeKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fetcher's per-task meters; metrics, not logs, are the per-URL record. In Prometheus: {@code
 * crawler_fetcher_fetches_total{outcome}} (the fetch rate), {@code
 * crawler_fetcher_responses_total{status}}, {@code crawler_fetcher_http_latency_seconds} (a
 * histogram), {@code crawler_fetcher_fetch_duration_seconds{outcome}} and {@code
 * crawler_fetcher_bytes_total}.
 */
public final class FetchMetrics {

  /** The shortest and longest exchange the latency histogram resolves. */
  private static final Duration LATENCY_MIN = Duration.ofMillis(1);

  private static final Duration LATENCY_MAX = Duration.ofMinutes(1);

  private final MeterRegistry registry;
  private final Map<OutcomeKind, Counter> outcomes = new EnumMap<>(OutcomeKind.class);
  private final Map<OutcomeKind, Timer> durations = new EnumMap<>(OutcomeKind.class);
  private final Map<String, Counter> statuses = new ConcurrentHashMap<>();
  private final Timer latency;
  private final Counter bytes;

  public FetchMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (OutcomeKind kind : OutcomeKind.values()) {
      String tag = kind.name().toLowerCase(Locale.ROOT);
      outcomes.put(
          kind,
          Counter.builder("crawler.fetcher.fetches")
              .description("Tasks finished, by outcome")
              .tag("outcome", tag)
              .register(registry));
      durations.put(
          kind,
          Timer.builder("crawler.fetcher.fetch.duration")
              .description("Time from taking a task to its outcome, including politeness waits")
              .tag("outcome", tag)
              .register(registry));
    }
    latency =
        Timer.builder("crawler.fetcher.http.latency")
            .description("Time from sending a page request to its last body byte")
            .publishPercentileHistogram()
            .minimumExpectedValue(LATENCY_MIN)
            .maximumExpectedValue(LATENCY_MAX)
            .register(registry);
    bytes =
        Counter.builder("crawler.fetcher.bytes")
            .description("Response body bytes received, before decoding")
            .baseUnit("bytes")
            .register(registry);
  }

  void finished(OutcomeKind kind, Duration duration) {
    outcomes.get(kind).increment();
    durations.get(kind).record(duration);
  }

  void responded(int status, long bodyBytes, Duration exchange) {
    statuses.computeIfAbsent(statusTag(status), this::statusCounter).increment();
    latency.record(exchange);
    bytes.increment(bodyBytes);
  }

  private Counter statusCounter(String status) {
    return Counter.builder("crawler.fetcher.responses")
        .description("Page responses, by HTTP status")
        .tag("status", status)
        .register(registry);
  }

  /** The status as a tag; a server's made-up codes are lumped, so the series stay bounded. */
  private static String statusTag(int status) {
    return status >= 100 && status <= 599 ? Integer.toString(status) : "other";
  }
}
