package dev.crawler.common.cluster;

import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.url.PolitenessKey;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings every service of a crawl cluster shares, {@code crawler.*}: they must agree
 * cluster-wide, or politeness keys and partitions stop lining up. One class for all services, so
 * that the standalone application binds them once.
 *
 * @param politenessKey how records on crawl.urls, crawl.fetch and crawl.outcomes are keyed ({@code
 *     crawler.politeness-key}, default HOST)
 * @param kafka topic shapes and names ({@code crawler.kafka.*})
 */
@ConfigurationProperties("crawler")
public record ClusterProperties(
    @DefaultValue("HOST") PolitenessKey politenessKey, @DefaultValue Kafka kafka) {

  public ClusterProperties {
    if (politenessKey == null) {
      throw new IllegalArgumentException(
          "crawler.politeness-key must be HOST or REGISTERED_DOMAIN");
    }
  }

  /**
   * Topic shapes and names, {@code crawler.kafka.*}.
   *
   * @param partitions the partition count of the keyed work topics (default 12)
   * @param replicationFactor the replication factor of every topic, changelogs included (default 1)
   * @param topicPrefix put before every topic, consumer group and the frontier's application id of
   *     this install, so that installs with different prefixes can share one Kafka cluster (default
   *     empty: {@code crawl.jobs}, ...); see {@link KafkaNames}
   */
  public record Kafka(
      @DefaultValue("12") int partitions,
      @DefaultValue("1") short replicationFactor,
      @DefaultValue("") String topicPrefix) {

    public Kafka {
      if (partitions < 1) {
        throw new IllegalArgumentException(
            "crawler.kafka.partitions must be at least 1, was " + partitions);
      }
      if (replicationFactor < 1) {
        throw new IllegalArgumentException(
            "crawler.kafka.replication-factor must be at least 1, was " + replicationFactor);
      }
      // Validated here, so that a bad prefix stops every service at start-up, naming the property.
      topicPrefix = new KafkaNames(topicPrefix).prefix();
    }

    /** This install's names in Kafka: the topic prefix applied. */
    public KafkaNames names() {
      return new KafkaNames(topicPrefix);
    }
  }
}
