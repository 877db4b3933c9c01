package dev.crawler.frontier;

import dev.crawler.common.url.PolitenessKey;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings every service of a crawl cluster must agree on, prefix {@code crawler}.
 *
 * @param politenessKey how URLs are grouped for politeness ({@code crawler.politeness-key})
 * @param kafka the shape of the crawl topics ({@code crawler.kafka.*})
 */
@ConfigurationProperties("crawler")
public record ClusterProperties(PolitenessKey politenessKey, KafkaTopics kafka) {

  public ClusterProperties {
    if (politenessKey == null) {
      throw new IllegalArgumentException(
          "crawler.politeness-key must be HOST or REGISTERED_DOMAIN");
    }
    if (kafka == null) {
      throw new IllegalArgumentException("crawler.kafka.partitions must be set");
    }
  }

  /**
   * @param partitions the partition count of the keyed work topics
   * @param replicationFactor the replication factor of every topic, changelogs included
   */
  public record KafkaTopics(int partitions, short replicationFactor) {
    public KafkaTopics {
      if (partitions < 1) {
        throw new IllegalArgumentException(
            "crawler.kafka.partitions must be at least 1, was " + partitions);
      }
      if (replicationFactor < 1) {
        throw new IllegalArgumentException(
            "crawler.kafka.replication-factor must be at least 1, was " + replicationFactor);
      }
    }
  }
}
