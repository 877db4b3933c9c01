package dev.crawler.frontier;

import dev.crawler.common.kafka.Topics;
import dev.crawler.common.kafka.Topics.TopicSpec;
import dev.crawler.frontier.scheduling.FrontierStreams;
import dev.crawler.frontier.scheduling.SchedulerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the frontier: its topics, its Kafka Streams runtime and its meters. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({FrontierProperties.class, ClusterProperties.class})
class FrontierConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The crawl topics and the frontier's compacted progress topic, created at start-up if missing
   * (Kafka Streams creates its own changelog topics).
   */
  @Bean
  KafkaAdmin.NewTopics frontierTopics(ClusterProperties cluster, FrontierProperties settings) {
    List<NewTopic> topics = new ArrayList<>();
    for (TopicSpec spec :
        Topics.all(cluster.kafka().partitions(), cluster.kafka().replicationFactor())) {
      TopicBuilder topic =
          TopicBuilder.name(spec.name())
              .partitions(spec.partitions())
              .replicas(spec.replicationFactor());
      if (spec.compacted()) {
        topic.compact();
      }
      topics.add(topic.build());
    }
    topics.add(
        TopicBuilder.name(settings.progressTopic())
            .partitions(1)
            .replicas(cluster.kafka().replicationFactor())
            .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
            .build());
    return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
  }

  @Bean
  SchedulerMetrics schedulerMetrics(MeterRegistry registry) {
    return new SchedulerMetrics(registry);
  }

  @Bean
  FrontierStreams frontierStreams(
      KafkaProperties kafka,
      FrontierProperties settings,
      ClusterProperties cluster,
      SchedulerMetrics metrics) {
    return new FrontierStreams(kafka.buildStreamsProperties(), settings, cluster, metrics);
  }
}
