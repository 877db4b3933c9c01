package dev.crawler.frontier.monitoring;

import dev.crawler.frontier.scheduling.FrontierStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The frontier's Kafka Streams state as health: UP when RUNNING (the instance owns its partitions
 * and serves its stores), OUT_OF_SERVICE while starting or rebalancing, DOWN when stopped or
 * failed. Part of the liveness group (frontier.yaml), so a failed Kafka Streams restarts the pod,
 * and not of the readiness group, so a rebalance does not take the crawl API away. When Kafka
 * Streams failed, the detail {@code problem} says why and what to do.
 */
@Component
public class FrontierStreamsHealthIndicator implements HealthIndicator {

  private final FrontierStreams streams;

  public FrontierStreamsHealthIndicator(FrontierStreams streams) {
    this.streams = streams;
  }

  @Override
  public Health health() {
    State state = streams.state();
    Health.Builder health =
        switch (state) {
          case RUNNING -> Health.up();
          case CREATED, REBALANCING -> Health.outOfService();
          case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> Health.down();
        };
    health.withDetail("state", state.name());
    streams.problem().ifPresent(problem -> health.withDetail("problem", problem));
    return health.build();
  }
}
