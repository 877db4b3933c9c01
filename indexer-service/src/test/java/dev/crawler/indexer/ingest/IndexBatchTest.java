package dev.crawler.indexer.ingest;

import static dev.crawler.indexer.index.Pages.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.IndexOp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class IndexBatchTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final IndexBatch batch = new IndexBatch(3, 1_000, Duration.ofSeconds(1));

  @Test
  void aBatchIsDueWhenFullOfRecords() {
    batch.add(record(0, 0, 10), upsert("/a"), T0);
    batch.add(record(0, 1, 10), upsert("/b"), T0);
    assertThat(batch.isDue(T0)).isFalse();

    batch.add(record(0, 2, 10), upsert("/c"), T0);

    assertThat(batch.isDue(T0)).isTrue();
  }

  @Test
  void aBatchIsDueWhenItsRecordsAddUpToTheByteCap() {
    batch.add(record(0, 0, 999), upsert("/a"), T0);
    assertThat(batch.isDue(T0)).isFalse();

    batch.add(record(0, 1, 1), upsert("/b"), T0);

    assertThat(batch.isDue(T0)).isTrue();
  }

  @Test
  void aBatchIsDueWhenItsOldestRecordWaitedTheInterval() {
    batch.add(record(0, 0, 10), upsert("/a"), T0);

    assertThat(batch.isDue(T0.plusMillis(999))).isFalse();
    assertThat(batch.isDue(T0.plusSeconds(1))).isTrue();
  }

  @Test
  void aBatchIsFullByRecordsOrBytesButNeverByTimeAlone() {
    batch.add(record(0, 0, 10), upsert("/a"), T0);
    assertThat(batch.isFull()).isFalse();
    assertThat(batch.isDue(T0.plusSeconds(1))).isTrue();
    assertThat(batch.isFull()).isFalse();

    batch.add(record(0, 1, 990), upsert("/b"), T0);

    assertThat(batch.isFull()).isTrue();
  }

  @Test
  void anEmptyBatchIsNeverDue() {
    assertThat(batch.isDue(T0.plusSeconds(60))).isFalse();
  }

  @Test
  void onlyTheLatestOperationOfAUrlGoesToTheIndex() {
    batch.add(record(0, 0, 10), upsert("/a"), T0);
    batch.add(record(0, 1, 10), upsert("/b"), T0);
    batch.add(record(0, 2, 10), IndexOp.delete("c1", "https://example.test/a"), T0);

    assertThat(batch.unsettled())
        .extracting(entry -> entry.op.action() + " " + entry.op.url())
        .containsExactly("UPSERT https://example.test/b", "DELETE https://example.test/a");
  }

  @Test
  void theOffsetsToCommitArePastTheLastRecordOfEachPartition() {
    batch.add(record(0, 7, 10), upsert("/a"), T0);
    batch.add(record(1, 3, 10), upsert("/b"), T0);
    batch.addDeadLetter(record(0, 8, 10), "undecodable", T0);

    assertThat(batch.offsets())
        .containsEntry(new TopicPartition(Topics.DOCUMENTS, 0), new OffsetAndMetadata(9))
        .containsEntry(new TopicPartition(Topics.DOCUMENTS, 1), new OffsetAndMetadata(4))
        .hasSize(2);
  }

  @Test
  void aRejectedOperationBecomesADeadLetterOnce() {
    batch.add(record(0, 0, 10), upsert("/a"), T0);
    IndexBatch.Entry entry = batch.unsettled().getFirst();

    batch.markRejected(entry, "mapper_parsing_exception");

    assertThat(batch.unsettled()).isEmpty();
    assertThat(batch.deadLetters())
        .extracting(IndexBatch.Entry::deadLetterReason)
        .containsExactly("mapper_parsing_exception");
    batch.markDeadLettered(entry);
    assertThat(batch.deadLetters()).isEmpty();
  }

  @Test
  void theRecordsOfARevokedPartitionLeaveTheBatch() {
    batch.add(record(0, 0, 600), upsert("/a"), T0);
    batch.add(record(1, 0, 10), upsert("/b"), T0);

    batch.dropPartitions(List.of(new TopicPartition(Topics.DOCUMENTS, 0)));

    assertThat(batch.size()).isEqualTo(1);
    assertThat(batch.offsets()).containsOnlyKeys(new TopicPartition(Topics.DOCUMENTS, 1));
    batch.add(record(1, 1, 500), upsert("/c"), T0);
    assertThat(batch.isDue(T0)).as("the dropped record's bytes no longer count").isFalse();
  }

  @Test
  void theBatchNamesTheCrawlsItChanged() {
    batch.add(record(0, 0, 10), IndexOp.upsert(page("c1", "/a", "A", "a")), T0);
    batch.add(record(0, 1, 10), IndexOp.upsert(page("c2", "/b", "B", "b")), T0);
    batch.add(record(0, 2, 10), IndexOp.delete("c1", "https://example.test/z"), T0);

    assertThat(batch.crawlIds()).containsExactly("c1", "c2");
  }

  private static IndexOp upsert(String path) {
    return IndexOp.upsert(page("c1", path, "T", "body"));
  }

  private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, int size) {
    return new ConsumerRecord<>(
        Topics.DOCUMENTS,
        partition,
        offset,
        0L,
        TimestampType.CREATE_TIME,
        0,
        size,
        new byte[0],
        new byte[size],
        new RecordHeaders(),
        Optional.empty());
  }
}
