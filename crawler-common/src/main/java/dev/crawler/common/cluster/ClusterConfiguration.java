package dev.crawler.common.cluster;

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
 * What every service of a crawl cluster shares: {@link ClusterProperties}, the crawl's topics
 * (created at start-up if missing by whichever service starts first; creating an existing topic is
 * a no-op) and the {@link dev.crawler.common.tracing.RecordTracer} that carries URLs' traces.
 * Services import this configuration; importing it several times into one context (the standalone
 * application) registers it once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
@Import(TracingConfiguration.class)
public class ClusterConfiguration {

  /** The crawl's topics with their partition counts, cleanup policies and record size limits. */
  @Bean
  KafkaAdmin.NewTopics crawlTopics(ClusterProperties cluster) {
    return new KafkaAdmin.NewTopics(
        Topics.all(cluster.kafka().partitions(), cluster.kafka().replicationFactor()).stream()
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
