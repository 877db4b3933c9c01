package dev.crawler.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.kafka.Topics.TopicSpec;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsTest {

  private final Map<String, TopicSpec> topics =
      Topics.all(6, (short) 3).stream()
          .collect(Collectors.toMap(TopicSpec::name, Function.identity()));

  @Test
  void theKeyedWorkTopicsShareOnePartitionCountSoOneFrontierTaskOwnsAHost() {
    assertThat(topics.get(Topics.URLS).partitions()).isEqualTo(6);
    assertThat(topics.get(Topics.FETCH).partitions()).isEqualTo(6);
    assertThat(topics.get(Topics.OUTCOMES).partitions()).isEqualTo(6);
  }

  @Test
  void crawlStateTopicsAreCompactedAndSinglePartition() {
    assertThat(topics.get(Topics.JOBS))
        .extracting(TopicSpec::compacted, TopicSpec::partitions)
        .containsExactly(true, 1);
    assertThat(topics.get(Topics.INDEXED))
        .extracting(TopicSpec::compacted, TopicSpec::partitions)
        .containsExactly(true, 1);
    assertThat(topics.get(Topics.URLS).compacted()).isFalse();
  }

  @Test
  void fetchedPagesAndTheirDeadLettersMayBeLargerThanTheBrokerDefaultRecordSize() {
    assertThat(topics.get(Topics.FETCHED).config())
        .containsEntry("max.message.bytes", Integer.toString(Topics.MAX_FETCHED_RECORD_BYTES));
    assertThat(topics.get(Topics.DLQ).config())
        .containsEntry("max.message.bytes", Integer.toString(Topics.MAX_FETCHED_RECORD_BYTES));
    assertThat(topics.get(Topics.URLS).config()).doesNotContainKey("max.message.bytes");
  }

  @Test
  void everyTopicThatDeletesRecordsStatesItsRetentionAndPagesAreKeptOneDay() {
    assertThat(topics.values())
        .filteredOn(t -> !t.compacted())
        .allSatisfy(t -> assertThat(t.config()).containsKey("retention.ms"));
    assertThat(topics.get(Topics.FETCHED).config()).containsEntry("retention.ms", "86400000");
    assertThat(topics.get(Topics.DOCUMENTS).config()).containsEntry("retention.ms", "86400000");
  }

  @Test
  void everyTopicNeedsTwoInSyncReplicasFromAReplicationFactorOfThree() {
    assertThat(topics.values())
        .allSatisfy(t -> assertThat(t.config()).containsEntry("min.insync.replicas", "2"));
    assertThat(Topics.all(6, (short) 1))
        .allSatisfy(t -> assertThat(t.config()).containsEntry("min.insync.replicas", "1"));
    assertThat(Topics.minInSyncReplicas((short) 2)).isEqualTo(1);
  }

  @Test
  void everyTopicUsesTheGivenReplicationFactor() {
    assertThat(topics.values())
        .allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 3));
  }
}
