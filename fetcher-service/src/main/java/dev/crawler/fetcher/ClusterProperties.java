package dev.crawler.fetcher;

import dev.crawler.common.url.PolitenessKey;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings every service of a crawl cluster shares, {@code crawler.*}: they must agree
 * cluster-wide, or politeness keys and partitions stop lining up.
 *
 * @param politenessKey how records on crawl.urls, crawl.fetch and crawl.outcomes are keyed
 * @param kafka topic shapes
 */
@ConfigurationProperties("crawler")
public record ClusterProperties(
    @DefaultValue("HOST") PolitenessKey politenessKey, @DefaultValue Kafka kafka) {

  /**
   * Topic shapes, {@code crawler.kafka.*}.
   *
   * @param partitions the partition count of the keyed work topics
   * @param replicationFactor the replication factor of every topic
   */
  public record Kafka(
      @DefaultValue("12") int partitions, @DefaultValue("1") short replicationFactor) {

    public Kafka {
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
