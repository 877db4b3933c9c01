package dev.crawler.frontier;

import dev.crawler.common.cluster.ClusterConfiguration;
import dev.crawler.common.cluster.ClusterProperties;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.frontier.scheduling.FrontierStreams;
import dev.crawler.frontier.scheduling.SchedulerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the frontier: its topics, its Kafka Streams runtime and its meters. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(FrontierProperties.class)
@Import(ClusterConfiguration.class)
class FrontierConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The frontier's compacted progress topic, created at start-up if missing (the crawl topics come
   * from {@link ClusterConfiguration}; Kafka Streams creates its own changelog topics).
   */
  @Bean
  NewTopic frontierProgressTopic(
      ClusterProperties cluster, KafkaNames names, FrontierProperties settings) {
    return TopicBuilder.name(names.topic(settings.progressTopic()))
        .partitions(1)
        .replicas(cluster.kafka().replicationFactor())
        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
        .config(
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
            Integer.toString(Topics.minInSyncReplicas(cluster.kafka().replicationFactor())))
        .build();
  }

  /**
   * The API's producer of crawl records and seeds. The frontier's own bean, with its serializers in
   * code, so that the standalone mode's one context holds it beside the other services' producers.
   */
  @Bean
  KafkaTemplate<String, byte[]> frontierKafkaTemplate(
      DefaultKafkaProducerFactory<String, byte[]> frontierProducerFactory) {
    return new KafkaTemplate<>(frontierProducerFactory);
  }

  /** A bean of its own, so the context closes its producer when it closes. */
  @Bean
  DefaultKafkaProducerFactory<String, byte[]> frontierProducerFactory(KafkaProperties kafka) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new DefaultKafkaProducerFactory<>(config);
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
      SchedulerMetrics metrics,
      RecordTracer tracer) {
    // The changelog and repartition topics Kafka Streams creates get the crawl topics' min ISR;
    // spring.kafka.streams.properties may still set another.
    Map<String, Object> properties = new HashMap<>(kafka.buildStreamsProperties());
    properties.putIfAbsent(
        StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
        Topics.minInSyncReplicas(cluster.kafka().replicationFactor()));
    return new FrontierStreams(properties, settings, cluster, metrics, tracer);
  }
}
