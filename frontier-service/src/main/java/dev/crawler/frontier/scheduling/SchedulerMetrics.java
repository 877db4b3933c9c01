package dev.crawler.frontier.scheduling;

import dev.crawler.frontier.scope.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler's Micrometer meters. Gauges sum the values each stream task reports, so one
 * instance running several tasks shows its totals.
 */
public final class SchedulerMetrics {

  private final Counter releases;
  private final Counter leaseExpiries;
  private final Counter staleOutcomes;
  private final Counter admitted;
  private final Counter duplicates;
  private final Counter deadLetters;
  private final Map<Refusal, Counter> filtered = new EnumMap<>(Refusal.class);
  private final Map<String, Long> queuedByTask = new ConcurrentHashMap<>();
  private final Map<String, Long> readyByTask = new ConcurrentHashMap<>();

  public SchedulerMetrics(MeterRegistry registry) {
    releases =
        Counter.builder("frontier.releases")
            .description("Fetch tasks released to fetchers")
            .register(registry);
    leaseExpiries =
        Counter.builder("frontier.lease.expiries")
            .description("Leases that ended without an outcome and were released again")
            .register(registry);
    staleOutcomes =
        Counter.builder("frontier.outcomes.stale")
            .description("Outcomes of leases that had already ended, ignored")
            .register(registry);
    admitted =
        Counter.builder("frontier.urls.admitted").description("New URLs queued").register(registry);
    duplicates =
        Counter.builder("frontier.urls.duplicates")
            .description("Candidates already known to their crawl")
            .register(registry);
    deadLetters =
        Counter.builder("frontier.dead.letters")
            .description("Records sent to the dead-letter topic")
            .register(registry);
    for (Refusal refusal : Refusal.values()) {
      filtered.put(
          refusal,
          Counter.builder("frontier.urls.filtered")
              .description("Candidates refused, by reason")
              .tag("reason", refusal.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    Gauge.builder("frontier.urls.queued", queuedByTask, SchedulerMetrics::sum)
        .description("URLs waiting in this instance's host queues")
        .register(registry);
    Gauge.builder("frontier.hosts.ready", readyByTask, SchedulerMetrics::sum)
        .description(
            "Hosts whose delay had passed with work to release at the last punctuation on this"
                + " instance, counted up to max-releases-per-tick per task")
        .register(registry);
  }

  void released() {
    releases.increment();
  }

  void leaseExpired() {
    leaseExpiries.increment();
  }

  void staleOutcome() {
    staleOutcomes.increment();
  }

  void admitted() {
    admitted.increment();
  }

  void duplicate() {
    duplicates.increment();
  }

  void filtered(Refusal refusal, long count) {
    filtered.get(refusal).increment(count);
  }

  void filtered(Refusal refusal) {
    filtered.get(refusal).increment();
  }

  void deadLettered() {
    deadLetters.increment();
  }

  void queued(String taskId, long count) {
    queuedByTask.put(taskId, count);
  }

  void readyHosts(String taskId, long count) {
    readyByTask.put(taskId, count);
  }

  void taskClosed(String taskId) {
    queuedByTask.remove(taskId);
    readyByTask.remove(taskId);
  }

  private static double sum(Map<String, Long> byTask) {
    return byTask.values().stream().mapToLong(Long::longValue).sum();
  }
}
