package dev.crawler.indexer.ingest;

import dev.crawler.common.kafka.DeadLetter;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN once the loop on {@code crawl.documents} has died, so the orchestrator restarts the pod
 * (part of the liveness group, indexer.yaml): a pod whose loop is gone serves search and looks
 * healthy while its partitions' lag grows.
 */
public final class DocumentConsumerHealth implements HealthIndicator {

  private final DocumentConsumer consumer;

  public DocumentConsumerHealth(DocumentConsumer consumer) {
    this.consumer = consumer;
  }

  @Override
  public Health health() {
    Throwable failure = consumer.failure();
    if (failure != null) {
      return Health.down().withDetail("error", DeadLetter.reasonOf(failure)).build();
    }
    return Health.up().build();
  }
}
