package dev.crawler.parser;

import dev.crawler.common.url.PolitenessKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The settings every service of a crawl cluster shares, {@code crawler.*}: they must agree
 * cluster-wide, or politeness keys and partitions stop lining up.
 *
 * @param politenessKey how URL candidates on {@code crawl.urls} are keyed
 * @param kafka topic shapes
 */
@Validated
@ConfigurationProperties("crawler")
public record ClusterProperties(
    @DefaultValue("HOST") @NotNull PolitenessKey politenessKey,
    @DefaultValue @NotNull @Valid Kafka kafka) {

  /**
   * Topic shapes, {@code crawler.kafka.*}.
   *
   * @param partitions the partition count of the keyed work topics
   * @param replicationFactor the replication factor of every topic
   */
  public record Kafka(
      @DefaultValue("12") @Min(1) int partitions,
      @DefaultValue("1") @Min(1) short replicationFactor) {}
}
