package dev.crawler.common.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind on a topic, from the group's committed offsets and the topic's
 * offsets, asked of the Kafka Admin API. The services commit only what they have fully handled, so
 * a group with no lag holds nothing still on its way.
 *
 * <p>A group that never committed on a partition reads it from its beginning (the services' {@code
 * earliest} reset), so every record still on that partition counts, and a group that does not exist
 * yet is behind by the whole topic.
 */
public final class ConsumerGroupLag implements AutoCloseable {

  private final Admin admin;
  private final long timeoutMs;

  /**
   * @param clientConfig Kafka client settings; those the Admin client knows (bootstrap servers,
   *     security) are used, the rest ignored
   * @param timeout how long each question to Kafka may take
   */
  public ConsumerGroupLag(Map<String, Object> clientConfig, Duration timeout) {
    Map<String, Object> config = new HashMap<>();
    clientConfig.forEach((key, value) -> {
      if (AdminClientConfig.configNames().contains(key)) {
        config.put(key, value);
      }
    });
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    this.admin = Admin.create(config);
    this.timeoutMs = timeout.toMillis();
  }

  /** A lag reader of the Kafka at {@code bootstrapServers}. */
  public static ConsumerGroupLag of(String bootstrapServers, Duration timeout) {
    return new ConsumerGroupLag(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), timeout);
  }

  /**
   * The records on {@code topic} that {@code group} has not consumed yet.
   *
   * @throws IllegalStateException if Kafka does not answer in time or fails
   */
  public long lag(String group, String topic) {
    return behind(group, endOffsets(topic));
  }

  /**
   * The end offset of each partition of a topic now: a mark that {@link #behind} measures a group
   * against later, so records written after it do not count.
   *
   * @throws IllegalStateException if Kafka does not answer in time, fails, or has no such topic
   */
  public Map<TopicPartition, Long> endOffsets(String topic) {
    List<TopicPartition> partitions =
        await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    Map<TopicPartition, Long> ends = new HashMap<>();
    offsets(partitions, OffsetSpec.latest()).forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /**
   * How many records before the marks {@code group} has not consumed yet.
   *
   * @param marks an offset per partition, usually {@link #endOffsets} taken earlier
   * @throws IllegalStateException if Kafka does not answer in time or fails
   */
  public long behind(String group, Map<TopicPartition, Long> marks) {
    if (marks.isEmpty()) {
      return 0;
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    List<TopicPartition> partitions = List.copyOf(marks.keySet());
    Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
    long behind = 0;
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = committed.get(partition);
      long position = offset == null ? starts.get(partition).offset() : offset.offset();
      behind += Math.max(0, marks.get(partition) - position);
    }
    return behind;
  }

  private Map<TopicPartition, ListOffsetsResultInfo> offsets(
      List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(partition -> request.put(partition, spec));
    return await(admin.listOffsets(request).all());
  }

  private <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Kafka for offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer for offsets: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofMillis(timeoutMs));
  }
}
