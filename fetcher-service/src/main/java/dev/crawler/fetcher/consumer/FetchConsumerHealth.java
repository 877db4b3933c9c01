package dev.crawler.fetcher.consumer;

import dev.crawler.fetcher.http.Failures;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN once the consumer loop has died, so the orchestrator restarts the pod. */
public final class FetchConsumerHealth implements HealthIndicator {

  private final FetchConsumer consumer;

  public FetchConsumerHealth(FetchConsumer consumer) {
    this.consumer = consumer;
  }

  @Override
  public Health health() {
    Throwable failure = consumer.failure();
    if (failure != null) {
      return Health.down().withDetail("error", Failures.describe(failure)).build();
    }
    Health.Builder health = consumer.isPolling() ? Health.up() : Health.outOfService();
    return health.withDetail("inFlight", consumer.inFlight()).build();
  }
}
