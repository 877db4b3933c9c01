package dev.crawler.fetcher.task;

import dev.crawler.common.messages.OutcomeKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The fetcher's per-task meters; metrics, not logs, are the per-URL record. */
public final class FetchMetrics {

  private final Map<OutcomeKind, Counter> outcomes = new EnumMap<>(OutcomeKind.class);
  private final Map<OutcomeKind, Timer> durations = new EnumMap<>(OutcomeKind.class);
  private final Counter bytes;

  public FetchMetrics(MeterRegistry registry) {
    for (OutcomeKind kind : OutcomeKind.values()) {
      String tag = kind.name().toLowerCase(java.util.Locale.ROOT);
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

  void received(long bodyBytes) {
    bytes.increment(bodyBytes);
  }
}
