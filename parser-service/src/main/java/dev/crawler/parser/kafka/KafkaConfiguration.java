package dev.crawler.parser.kafka;

import dev.crawler.parser.ParserProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The parser's Kafka wiring: its producer, and how a failed batch is retried. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

  /**
   * Raw bytes out, so a dead letter carries the original record untouched. The parser's own bean,
   * with its serializers in code, so that the standalone mode's one context holds it beside the
   * other services' producers.
   */
  @Bean
  KafkaTemplate<byte[], byte[]> parserKafkaTemplate(
      DefaultKafkaProducerFactory<byte[], byte[]> parserProducerFactory) {
    return new KafkaTemplate<>(parserProducerFactory);
  }

  /** A bean of its own, so the context closes its producer when it closes. */
  @Bean
  DefaultKafkaProducerFactory<byte[], byte[]> parserProducerFactory(KafkaProperties kafka) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new DefaultKafkaProducerFactory<>(config);
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

  /** {@code /actuator/health} component {@code parserConsumerHealth}, in the liveness group. */
  @Bean
  ParserConsumerHealth parserConsumerHealth(KafkaListenerEndpointRegistry registry) {
    return new ParserConsumerHealth(() -> registry.getListenerContainer(FetchedPageListener.ID));
  }
}
