package dev.crawler.standalone.run;

import dev.crawler.common.kafka.Topics;
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
import org.apache.kafka.common.TopicPartition;

/**
 * Whether what was fetched has made it into the index: the parser's group has committed every
 * record of {@code crawl.fetched} and, after that, the indexer's group every record of {@code
 * crawl.documents}. Both commit only what they have fully handled (the parser once its outputs were
 * acknowledged, the indexer once the index applied them), so a drained pipeline holds no document
 * that is still on its way. Checked in pipeline order, so the indexer's end offsets are read after
 * the parser's last outputs were written.
 */
final class PipelineDrain implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 10;

  private final Admin admin;
  private final List<Stage> stages;

  private record Stage(String group, String topic) {}

  PipelineDrain(String bootstrapServers, String parserGroup, String indexerGroup) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.stages =
        List.of(new Stage(parserGroup, Topics.FETCHED), new Stage(indexerGroup, Topics.DOCUMENTS));
  }

  /** Whether every stage has consumed its input topic to the end. */
  boolean drained() {
    for (Stage stage : stages) {
      if (lag(stage) > 0) {
        return false;
      }
    }
    return true;
  }

  private long lag(Stage stage) {
    Map<TopicPartition, OffsetAndMetadata> committed =
        await(admin.listConsumerGroupOffsets(stage.group()).partitionsToOffsetAndMetadata());
    List<TopicPartition> partitions =
        await(admin.describeTopics(List.of(stage.topic())).allTopicNames())
            .get(stage.topic())
            .partitions()
            .stream()
            .map(p -> new TopicPartition(stage.topic(), p.partition()))
            .toList();
    Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
    Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
    long lag = 0;
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = committed.get(partition);
      // A group that never committed on a partition starts at its beginning (earliest reset).
      long position = offset == null ? starts.get(partition).offset() : offset.offset();
      lag += Math.max(0, ends.get(partition).offset() - position);
    }
    return lag;
  }

  private Map<TopicPartition, ListOffsetsResultInfo> offsets(
      List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(partition -> request.put(partition, spec));
    return await(admin.listOffsets(request).all());
  }

  private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Kafka for offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer for offsets: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
