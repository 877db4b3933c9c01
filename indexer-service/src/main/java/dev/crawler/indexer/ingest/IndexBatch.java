package dev.crawler.indexer.ingest;

import dev.crawler.common.messages.IndexOp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records consumed but not yet committed, each with what became of it. A batch is flushed when
 * it holds enough records or bytes or has waited long enough; its offsets are committed only once
 * every record in it is settled (applied to the index, or dead-lettered).
 *
 * <p>Only the latest operation per URL is sent to the index: each replaces the whole document, so
 * the earlier ones are settled by it, and a retried earlier operation can never overtake a later
 * one. Not thread-safe: it belongs to the consumer thread.
 */
final class IndexBatch {

  /** One consumed record. */
  static final class Entry {
    final ConsumerRecord<byte[], byte[]> record;
    final IndexOp op;
    private String deadLetterReason;
    private boolean deadLettered;
    private boolean settled;

    private Entry(ConsumerRecord<byte[], byte[]> record, IndexOp op, String deadLetterReason) {
      this.record = record;
      this.op = op;
      this.deadLetterReason = deadLetterReason;
      this.settled = deadLetterReason != null;
    }

    /** Why it goes to the dead-letter topic, or null. */
    String deadLetterReason() {
      return deadLetterReason;
    }
  }

  private final int maxDocuments;
  private final long maxBytes;
  private final Duration maxWait;
  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Entry> latestByUrl = new HashMap<>();
  private long bytes;
  private Instant oldest;

  IndexBatch(int maxDocuments, long maxBytes, Duration maxWait) {
    this.maxDocuments = maxDocuments;
    this.maxBytes = maxBytes;
    this.maxWait = maxWait;
  }

  /** Adds a decoded record. */
  void add(ConsumerRecord<byte[], byte[]> record, IndexOp op, Instant now) {
    Entry entry = new Entry(record, op, null);
    Entry superseded = latestByUrl.put(op.url(), entry);
    if (superseded != null) {
      superseded.settled = true;
    }
    append(entry, now);
  }

  /** Adds a record that cannot be processed, to be dead-lettered with the batch. */
  void addDeadLetter(ConsumerRecord<byte[], byte[]> record, String reason, Instant now) {
    append(new Entry(record, null, reason), now);
  }

  private void append(Entry entry, Instant now) {
    if (entries.isEmpty()) {
      oldest = now;
    }
    entries.add(entry);
    bytes += sizeOf(entry);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  int size() {
    return entries.size();
  }

  /** Whether the batch holds as many records or bytes as one flush should carry. */
  boolean isFull() {
    return entries.size() >= maxDocuments || bytes >= maxBytes;
  }

  /** Whether the batch should be flushed now: it is full, or its oldest record waited enough. */
  boolean isDue(Instant now) {
    return !entries.isEmpty() && (isFull() || !now.isBefore(oldest.plus(maxWait)));
  }

  /** The entries still waiting for the index, in consumption order. */
  List<Entry> unsettled() {
    return entries.stream().filter(entry -> !entry.settled).toList();
  }

  void markApplied(Entry entry) {
    entry.settled = true;
  }

  void markRejected(Entry entry, String reason) {
    entry.deadLetterReason = reason;
    entry.settled = true;
  }

  /** The entries bound for the dead-letter topic and not sent there yet. */
  List<Entry> deadLetters() {
    return entries.stream()
        .filter(entry -> entry.deadLetterReason != null && !entry.deadLettered)
        .toList();
  }

  void markDeadLettered(Entry entry) {
    entry.deadLettered = true;
  }

  /** The crawls whose documents this batch changed. */
  List<String> crawlIds() {
    return entries.stream()
        .filter(entry -> entry.op != null)
        .map(entry -> entry.op.crawlId())
        .distinct()
        .toList();
  }

  /** The offsets to commit once the batch is settled: one past the last record per partition. */
  Map<TopicPartition, OffsetAndMetadata> offsets() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
    for (Entry entry : entries) {
      offsets.put(
          new TopicPartition(entry.record.topic(), entry.record.partition()),
          new OffsetAndMetadata(entry.record.offset() + 1));
    }
    return offsets;
  }

  /**
   * Forgets the records of partitions this consumer no longer owns: their offsets were not
   * committed, so their new owner reads them again.
   */
  void dropPartitions(Collection<TopicPartition> partitions) {
    entries.removeIf(entry ->
        partitions.contains(new TopicPartition(entry.record.topic(), entry.record.partition())));
    latestByUrl.values().removeIf(entry -> !entries.contains(entry));
    bytes = entries.stream().mapToLong(IndexBatch::sizeOf).sum();
    if (entries.isEmpty()) {
      oldest = null;
    }
  }

  private static long sizeOf(Entry entry) {
    // -1 means a null value (a tombstone), which is dead-lettered and weighs nothing.
    return Math.max(0, entry.record.serializedValueSize());
  }

  void clear() {
    entries.clear();
    latestByUrl.clear();
    bytes = 0;
    oldest = null;
  }
}
