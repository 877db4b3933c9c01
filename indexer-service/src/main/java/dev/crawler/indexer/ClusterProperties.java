package dev.crawler.indexer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The cluster-wide settings the indexer shares with every service, {@code crawler.kafka.*}: the
 * shape of the topics it creates at start-up.
 *
 * @param kafka topic shape
 */
@Validated
@ConfigurationProperties("crawler")
public record ClusterProperties(@NotNull @Valid Kafka kafka) {

  /**
   * @param partitions the partition count of the keyed work topics
   * @param replicationFactor the replication factor of every topic
   */
  public record Kafka(
      @Min(1) @Max(10_000) int partitions, @Min(1) @Max(16) short replicationFactor) {}
}
