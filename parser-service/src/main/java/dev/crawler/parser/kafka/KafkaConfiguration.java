package dev.crawler.parser.kafka;

import dev.crawler.common.kafka.Topics;
import dev.crawler.parser.ClusterProperties;
import dev.crawler.parser.ParserProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The parser's Kafka wiring: the crawl's topics, and how a failed batch is retried. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

  /** Every service creates the crawl's topics at start-up; creating an existing one is a no-op. */
  @Bean
  KafkaAdmin.NewTopics crawlTopics(ClusterProperties cluster) {
    return new KafkaAdmin.NewTopics(
        Topics.all(cluster.kafka().partitions(), cluster.kafka().replicationFactor()).stream()
            .map(spec -> {
              TopicBuilder topic =
                  TopicBuilder.name(spec.name())
                      .partitions(spec.partitions())
                      .replicas(spec.replicationFactor());
              return spec.compacted() ? topic.compact().build() : topic.build();
            })
            .toArray(NewTopic[]::new));
  }

  /**
   * Retries a failed batch forever with exponential back-off. Records that cannot be parsed never
   * fail a batch (they are dead-lettered); a batch fails only when Kafka does not acknowledge what
   * it produced, and then the only lossless choice is to wait for Kafka.
   */
  @Bean
  CommonErrorHandler batchRetryingErrorHandler(ParserProperties properties) {
    ExponentialBackOff backOff = new ExponentialBackOff(properties.retryBackoff().toMillis(), 2.0);
    backOff.setMaxInterval(properties.maxRetryBackoff().toMillis());
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    return new DefaultErrorHandler(backOff);
  }
}
