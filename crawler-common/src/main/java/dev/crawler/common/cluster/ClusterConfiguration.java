package dev.crawler.common.cluster;

import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.tracing.TracingConfiguration;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * What every service of a crawl cluster shares: {@link ClusterProperties}, the {@link KafkaNames}
 * of the install (its topic prefix applied), the crawl's topics (created at start-up if missing by
 * whichever service starts first; creating an existing topic is a no-op) and the {@link
 * dev.crawler.common.tracing.RecordTracer} that carries URLs' traces. Services import this
 * configuration; importing it several times into one context (the standalone application) registers
 * it once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
@Import(TracingConfiguration.class)
public class ClusterConfiguration {

  /**
   * The install's topic names and group ids, {@code crawler.kafka.topic-prefix} applied. Bean name
   * {@code kafkaNames}, for {@code @KafkaListener} expressions ({@code #{@kafkaNames.fetched()}}).
   */
  @Bean
  KafkaNames kafkaNames(ClusterProperties cluster) {
    return cluster.kafka().names();
  }

  /** The crawl's topics with their partition counts, cleanup policies and record size limits. */
  @Bean
  KafkaAdmin.NewTopics crawlTopics(ClusterProperties cluster, KafkaNames names) {
    return new KafkaAdmin.NewTopics(
        names.all(cluster.kafka().partitions(), cluster.kafka().replicationFactor()).stream()
            .map(ClusterConfiguration::newTopic)
            .toArray(NewTopic[]::new));
  }

  private static NewTopic newTopic(Topics.TopicSpec spec) {
    TopicBuilder topic =
        TopicBuilder.name(spec.name())
            .partitions(spec.partitions())
            .replicas(spec.replicationFactor())
            .configs(spec.config());
    return spec.compacted() ? topic.compact().build() : topic.build();
  }
}
