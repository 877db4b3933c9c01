package dev.crawler.indexer.ingest;

import dev.crawler.common.cluster.ClusterConfiguration;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.DocumentIndex;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * Wires ingestion: the producer of dead letters and counts, the consumer of {@code
 * crawl.documents}, and the count publisher. Bean names carry the service's name, as the standalone
 * mode may put several services in one JVM.
 */
@Configuration(proxyBeanMethods = false)
@Import(ClusterConfiguration.class)
public class IngestConfiguration {

  /** Raw bytes in and out, so a dead letter carries the original record untouched. */
  @Bean
  KafkaTemplate<byte[], byte[]> indexerKafkaTemplate(
      DefaultKafkaProducerFactory<byte[], byte[]> indexerProducerFactory) {
    return new KafkaTemplate<>(indexerProducerFactory);
  }

  /** A bean of its own, so the context closes its producer when it closes. */
  @Bean
  DefaultKafkaProducerFactory<byte[], byte[]> indexerProducerFactory(
      KafkaProperties kafka, MeterRegistry registry) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    DefaultKafkaProducerFactory<byte[], byte[]> producers =
        new DefaultKafkaProducerFactory<>(config);
    producers.addListener(new MicrometerProducerListener<>(registry));
    return producers;
  }

  @Bean
  IngestMetrics indexerIngestMetrics(MeterRegistry registry, DocumentIndex index) {
    return new IngestMetrics(registry, index.backend());
  }

  @Bean
  IndexedCountPublisher indexedCountPublisher(
      DocumentIndex index,
      KafkaTemplate<byte[], byte[]> indexerKafkaTemplate,
      IndexerProperties properties,
      KafkaNames names) {
    return new IndexedCountPublisher(
        index, indexerKafkaTemplate, properties.counts(), names.indexed(), Clock.systemUTC());
  }

  @Bean
  DocumentConsumer indexerDocumentConsumer(
      KafkaProperties kafka,
      KafkaTemplate<byte[], byte[]> indexerKafkaTemplate,
      DocumentIndex index,
      IndexerProperties properties,
      KafkaNames names,
      IngestMetrics indexerIngestMetrics,
      IndexedCountPublisher indexedCountPublisher,
      MeterRegistry registry,
      RecordTracer tracer) {
    IndexerProperties.Ingest ingest = properties.ingest();
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    String group = names.group(ingest.groupId());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    // Offsets are committed by hand, only for settled batches.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group starts at the beginning: documents written before the first indexer started
    // are indexed too.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, ingest.maxPollRecords());
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, group + "-documents");
    DefaultKafkaConsumerFactory<byte[], byte[]> consumers =
        new DefaultKafkaConsumerFactory<>(config);
    // The Kafka client meters, consumer lag on crawl.documents among them, for as long as the
    // consumer lives.
    consumers.addListener(new MicrometerConsumerListener<>(registry));
    return new DocumentConsumer(
        consumers::createConsumer,
        indexerKafkaTemplate,
        index,
        ingest,
        names,
        indexerIngestMetrics,
        indexedCountPublisher,
        Clock.systemUTC(),
        tracer);
  }

  /** {@code /actuator/health} component {@code documentConsumerHealth}, in the liveness group. */
  @Bean
  DocumentConsumerHealth documentConsumerHealth(DocumentConsumer indexerDocumentConsumer) {
    return new DocumentConsumerHealth(indexerDocumentConsumer);
  }
}
