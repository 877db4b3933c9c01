package dev.crawler.testsupport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Collects the records of every partition of a topic, for assertions, without a consumer group (no
 * offsets committed, no rebalancing).
 */
public final class TopicTail implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

  private TopicTail(String bootstrapServers, String topic, boolean fromEnd) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    if (fromEnd) {
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fix the start now, before anything is written
    } else {
      consumer.seekToBeginning(partitions);
    }
  }

  /** Reads what is written to the topic after this call. */
  public static TopicTail fromEnd(String bootstrapServers, String topic) {
    return new TopicTail(bootstrapServers, topic, true);
  }

  /** Reads the whole topic, from its first record. */
  public static TopicTail fromBeginning(String bootstrapServers, String topic) {
    return new TopicTail(bootstrapServers, topic, false);
  }

  /** Every record seen so far, after polling briefly for new ones. */
  public List<ConsumerRecord<byte[], byte[]>> records() {
    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
