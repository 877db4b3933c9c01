package dev.crawler.parser.kafka;

import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * DOWN once the listener container on {@code crawl.fetched}, or one of its consumer threads, has
 * stopped without being told to (Spring Kafka stops a consumer on a fatal error, such as a lost
 * authorization), so the orchestrator restarts the pod: otherwise it would look healthy while its
 * partitions' lag grows.
 */
public final class ParserConsumerHealth implements HealthIndicator {

  private final Supplier<MessageListenerContainer> container;

  /**
   * @param container the listener container, or null before the registry holds it
   */
  public ParserConsumerHealth(Supplier<MessageListenerContainer> container) {
    this.container = container;
  }

  @Override
  public Health health() {
    MessageListenerContainer listener = container.get();
    if (listener == null) {
      return Health.unknown().build();
    }
    Health.Builder health = listener.isInExpectedState() ? Health.up() : Health.down();
    return health
        .withDetail("running", listener.isRunning())
        .withDetail("consumersRunning", listener.isChildRunning())
        .build();
  }
}
