package dev.crawler.indexer.ingest;

import dev.crawler.common.kafka.DeadLetter;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.DocumentIndex;
import dev.crawler.indexer.index.IndexUnavailableException;
import dev.crawler.indexer.index.OpResult;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Consumes {@code crawl.documents} into the index in batches, with at-least-once delivery and
 * nothing lost: offsets are committed only after every record of the batch is settled, that is
 * durably applied to the index or sent to {@code crawl.dlq}.
 *
 * <p>Why its own batching rather than the client's BulkIngester: the ingester flushes on its own
 * threads and, when the cluster is down, reports the failed request and moves on, so the operations
 * would have to be re-queued and the Kafka consumer (single-threaded) told from another thread
 * which offsets became safe. Here one thread owns the consumer, the batch and the offsets: it
 * flushes synchronously, so "commit after the bulk request succeeded" is a statement in order, and
 * while the index is unreachable it pauses every partition and keeps polling (which fetches nothing
 * but keeps its group membership) between attempts, with exponential back-off.
 *
 * <p>Operations that the index refuses for a passing reason (429, 5xx) are retried alone; those it
 * will never accept are dead-lettered with the reason, as are records that cannot be decoded.
 *
 * <p>The log lines about a document carry the trace id its record carries (its URL's, begun by the
 * frontier), and its dead letter keeps the record's trace header.
 */
public final class DocumentConsumer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DocumentConsumer.class);

  /** The stage name in dead-letter headers. */
  static final String STAGE = "indexer";

  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final KafkaTemplate<byte[], byte[]> producer;
  private final DocumentIndex index;
  private final IndexerProperties.Ingest config;
  private final String topic;
  private final String dlq;
  private final IngestMetrics metrics;
  private final IndexedCountPublisher counts;
  private final Clock clock;
  private final RecordTracer tracer;
  private final JsonCodec<IndexOp> codec = JsonCodec.of(IndexOp.class);
  private final IndexBatch batch;

  private volatile boolean running;
  private volatile Throwable failure;
  private volatile Consumer<byte[], byte[]> consumer;
  private Thread thread;
  private Instant unavailableSince;

  /**
   * @param consumers makes the Kafka consumer (byte-array key and value, auto-commit off)
   * @param producer sends dead letters
   * @param index the index
   * @param config batching and back-off
   * @param names the install's topic names
   * @param metrics meters
   * @param counts told which crawls changed once their changes are committed
   * @param clock the time of batches
   * @param tracer continues the trace of a document's record in the log lines about it
   */
  public DocumentConsumer(
      Supplier<Consumer<byte[], byte[]>> consumers,
      KafkaTemplate<byte[], byte[]> producer,
      DocumentIndex index,
      IndexerProperties.Ingest config,
      KafkaNames names,
      IngestMetrics metrics,
      IndexedCountPublisher counts,
      Clock clock,
      RecordTracer tracer) {
    this.consumers = consumers;
    this.producer = producer;
    this.index = index;
    this.config = config;
    this.topic = names.documents();
    this.dlq = names.dlq();
    this.metrics = metrics;
    this.counts = counts;
    this.clock = clock;
    this.tracer = tracer;
    this.batch =
        new IndexBatch(
            config.batchDocuments(), config.batchBytes().toBytes(), config.batchInterval());
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name("indexer-documents").start(this::run);
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    Consumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    try {
      if (!thread.join(SHUTDOWN_WAIT)) {
        log.warn("event=consumer-stop-timeout waited={}", SHUTDOWN_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** What ended the consumer loop while it was meant to run, or null while it runs. */
  public Throwable failure() {
    return failure;
  }

  private void run() {
    try (Consumer<byte[], byte[]> kafka = consumers.get()) {
      consumer = kafka;
      kafka.subscribe(List.of(topic), new ForgetRevokedPartitions());
      log.info("event=consumer-started topic={} backend={}", topic, index.backend());
      while (running) {
        try {
          pollOnce(kafka);
        } catch (WakeupException e) {
          // stop() woke us; the loop condition ends it.
        } catch (KafkaException e) {
          log.warn("event=poll-failed reason=\"{}\"", DeadLetter.reasonOf(e));
          // A broker that fails every poll at once must not turn this loop into a busy spin.
          LockSupport.parkNanos(config.initialBackoff().toNanos());
        }
      }
      if (!batch.isEmpty()) {
        // One last attempt, so a clean shutdown leaves nothing to redeliver when it can.
        flush(kafka);
      }
    } catch (RuntimeException e) {
      failure = e;
      log.error("event=consumer-failed reason=\"{}\"", DeadLetter.reasonOf(e), e);
    } finally {
      consumer = null;
      log.info("event=consumer-stopped topic={}", topic);
    }
  }

  private void pollOnce(Consumer<byte[], byte[]> kafka) {
    ConsumerRecords<byte[], byte[]> records = kafka.poll(config.pollTimeout());
    Instant now = clock.instant();
    boolean flushed = false;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      // A full batch is flushed before it takes more, so a bulk request never exceeds
      // batch-documents, nor batch-bytes by more than one record, whatever one poll returns.
      if (batch.isFull()) {
        flush(kafka);
        if (!running) {
          // Stopping: the rest of the poll stays uncommitted, to be read again.
          return;
        }
        flushed = true;
        now = clock.instant();
      }
      // A rebalance while a flush waited may have revoked the partition: its new owner reads the
      // record again.
      if (!flushed || kafka.assignment().contains(partitionOf(record))) {
        add(record, now);
      }
    }
    if (batch.isDue(clock.instant())) {
      flush(kafka);
    }
  }

  private static TopicPartition partitionOf(ConsumerRecord<byte[], byte[]> record) {
    return new TopicPartition(record.topic(), record.partition());
  }

  private void add(ConsumerRecord<byte[], byte[]> record, Instant now) {
    try {
      batch.add(record, codec.decode(record.value()), now);
    } catch (SerializationException e) {
      batch.addDeadLetter(record, oneLine(DeadLetter.reasonOf(e)), now);
    }
  }

  /**
   * Settles the batch and commits its offsets, retrying with back-off while the index or the broker
   * fails, for as long as the consumer runs. Returns with the batch empty, or, when stopped before
   * it could settle, with its offsets uncommitted (the records are read again later).
   */
  private void flush(Consumer<byte[], byte[]> kafka) {
    Backoff backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
    while (true) {
      try {
        applyUnsettled();
        if (batch.unsettled().isEmpty()) {
          sendDeadLetters();
          commit(kafka);
          resume(kafka);
          return;
        }
      } catch (DeadLetterFailedException e) {
        log.warn("event=dead-letter-failed reason=\"{}\"", e.getMessage());
      } catch (RuntimeException e) {
        // An unreachable index above all; any other failure is retried too, as skipping the
        // batch would lose it.
        pause(kafka, e);
      }
      if (!running) {
        log.info("event=batch-abandoned records={} reason=stopping", batch.size());
        batch.clear();
        return;
      }
      metrics.retried();
      waitPaused(kafka, backoff.next());
    }
  }

  private void applyUnsettled() {
    List<IndexBatch.Entry> pending = batch.unsettled();
    if (pending.isEmpty()) {
      return;
    }
    index.ensureIndex();
    List<IndexOp> ops = pending.stream().map(entry -> entry.op).toList();
    List<OpResult> results = metrics.bulk(ops.size(), () -> index.apply(ops));
    for (int i = 0; i < pending.size(); i++) {
      IndexBatch.Entry entry = pending.get(i);
      switch (results.get(i)) {
        case OpResult.Applied applied -> {
          batch.markApplied(entry);
          if (entry.op.action() == IndexOp.Action.DELETE) {
            metrics.deleted();
          } else {
            metrics.indexed();
          }
          if (log.isDebugEnabled()) {
            inTraceOf(
                entry.record,
                () ->
                    log.debug(
                        "event=document-applied url={} action={}",
                        entry.op.url(),
                        entry.op.action()));
          }
        }
        case OpResult.Rejected rejected -> batch.markRejected(entry, oneLine(rejected.reason()));
        case OpResult.Retryable retryable -> {
          if (log.isDebugEnabled()) {
            inTraceOf(
                entry.record,
                () ->
                    log.debug(
                        "event=op-retry url={} reason=\"{}\"", entry.op.url(), retryable.reason()));
          }
        }
      }
    }
  }

  private void sendDeadLetters() {
    List<IndexBatch.Entry> letters = batch.deadLetters();
    List<CompletableFuture<?>> sends = new ArrayList<>(letters.size());
    for (IndexBatch.Entry entry : letters) {
      sends.add(producer.send(DeadLetter.of(dlq, entry.record, STAGE, entry.deadLetterReason())));
    }
    for (int i = 0; i < letters.size(); i++) {
      IndexBatch.Entry entry = letters.get(i);
      try {
        sends.get(i).get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new DeadLetterFailedException(DeadLetter.reasonOf(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeadLetterFailedException("interrupted");
      }
      batch.markDeadLettered(entry);
      metrics.deadLettered(entry.op == null);
      inTraceOf(
          entry.record,
          () ->
              log.warn(
                  "event=dead-letter topic={} partition={} offset={} url={} reason=\"{}\"",
                  entry.record.topic(),
                  entry.record.partition(),
                  entry.record.offset(),
                  entry.op == null ? "unknown" : entry.op.url(),
                  entry.deadLetterReason()));
    }
  }

  /**
   * Logs within the trace a record carries. Documents are applied in batches, so a document's span
   * lasts only for the lines about it: nothing is kept per record while DEBUG is off.
   */
  private void inTraceOf(ConsumerRecord<byte[], byte[]> record, Runnable logging) {
    RecordTracer.RecordSpan span = tracer.continueTrace(STAGE + ".index", record.headers());
    try (Tracer.SpanInScope scope = span.activate()) {
      logging.run();
    } finally {
      span.end();
    }
  }

  private void commit(Consumer<byte[], byte[]> kafka) {
    Map<TopicPartition, OffsetAndMetadata> offsets = batch.offsets();
    try {
      try {
        kafka.commitSync(offsets);
      } catch (WakeupException e) {
        // stop() woke the consumer while it committed a settled batch. A wake-up is spent once
        // thrown, so committing again completes, and a clean shutdown leaves nothing to redeliver.
        kafka.commitSync(offsets);
      }
    } catch (KafkaException e) {
      // The batch is in the index already; a redelivery only overwrites it with the same data.
      log.warn(
          "event=commit-failed records={} reason=\"{}\"", batch.size(), DeadLetter.reasonOf(e));
    }
    counts.crawlsChanged(batch.crawlIds());
    batch.clear();
  }

  private void pause(Consumer<byte[], byte[]> kafka, RuntimeException e) {
    if (unavailableSince == null) {
      unavailableSince = clock.instant();
      metrics.paused(true);
      log.warn(
          "event=index-unavailable action=pause backend={} records={} reason=\"{}\"",
          index.backend(),
          batch.size(),
          e instanceof IndexUnavailableException ? e.getMessage() : DeadLetter.reasonOf(e));
    }
    kafka.pause(kafka.assignment());
  }

  private void resume(Consumer<byte[], byte[]> kafka) {
    if (unavailableSince != null) {
      log.info(
          "event=index-available action=resume backend={} pausedFor={}",
          index.backend(),
          Duration.between(unavailableSince, clock.instant()));
      unavailableSince = null;
      metrics.paused(false);
    }
    kafka.resume(kafka.paused());
  }

  /**
   * Waits by polling with every partition paused: nothing is fetched, but the consumer stays in its
   * group. Partitions assigned meanwhile are paused too; should a record arrive anyway, its
   * partition is rewound so the record is read again after the batch.
   */
  private void waitPaused(Consumer<byte[], byte[]> kafka, Duration wait) {
    kafka.pause(kafka.assignment());
    ConsumerRecords<byte[], byte[]> stray = kafka.poll(wait);
    Map<TopicPartition, Long> rewind = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : stray) {
      rewind.merge(partitionOf(record), record.offset(), Math::min);
    }
    rewind.forEach(kafka::seek);
  }

  /** A reason fit for one log line and one header value: parsers quote input across lines. */
  private static String oneLine(String reason) {
    return reason.replaceAll("\\s+", " ");
  }

  /**
   * Records of a revoked or lost partition leave the batch: their offsets were not committed, so
   * the partition's new owner reads them again, and an index write is idempotent.
   */
  private final class ForgetRevokedPartitions implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      batch.dropPartitions(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (unavailableSince != null) {
        consumer.pause(partitions);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      batch.dropPartitions(partitions);
    }
  }

  /** A dead letter was not acknowledged by the broker; the batch is not settled yet. */
  private static final class DeadLetterFailedException extends RuntimeException {
    DeadLetterFailedException(String message) {
      super(message);
    }
  }
}
