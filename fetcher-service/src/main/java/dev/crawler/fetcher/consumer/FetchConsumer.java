package dev.crawler.fetcher.consumer;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.common.tracing.RecordTracer.RecordSpan;
import dev.crawler.fetcher.FetcherProperties;
import dev.crawler.fetcher.http.Failures;
import dev.crawler.fetcher.task.FetchPipeline;
import dev.crawler.fetcher.task.TaskResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Takes tasks from crawl.fetch and keeps up to {@code max-in-flight} of them working at once.
 *
 * <p>A plain {@link Consumer} on one thread, owned by this lifecycle bean, rather than a Spring
 * Kafka listener container: tasks finish out of order, far later than they were polled, and the
 * loop must decide per poll whether to pause (the pod is full), commit only the contiguous done
 * prefix per partition, commit that prefix on a cooperative revoke, and drain within a grace period
 * on shutdown. Those decisions need the consumer itself, which a container keeps to itself.
 *
 * <p>Delivery is at least once: an offset is committed only after the task's results were
 * acknowledged by Kafka. Results of tasks whose partition was revoked are still published, but
 * their offsets are not committed, so the new owner redoes them.
 *
 * <p>Each task continues the trace its record carries (begun by the frontier's release): its log
 * lines carry the trace id, and so do the outcome, page and redirect records it publishes.
 */
public final class FetchConsumer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(FetchConsumer.class);
  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final FetchPipeline pipeline;
  private final ResultPublisher publisher;
  private final FetcherProperties config;
  private final String topic;
  private final String group;
  private final ScheduledExecutorService retries;
  private final RecordTracer tracer;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Queue<Done> done = new ConcurrentLinkedQueue<>();
  private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
  private final Counter deadLetters;

  private volatile boolean running;
  private volatile Thread thread;
  private volatile Throwable failure;
  private Consumer<byte[], byte[]> consumer;
  private boolean paused;

  /**
   * @param consumers makes the Kafka consumer (byte[] keys and values, auto-commit off, in the
   *     install's fetcher group)
   * @param names the install's topic names and groups
   * @param retries schedules re-publishing after a retriable Kafka failure
   * @param tracer continues each task's trace
   */
  public FetchConsumer(
      Supplier<Consumer<byte[], byte[]>> consumers,
      FetchPipeline pipeline,
      ResultPublisher publisher,
      FetcherProperties config,
      KafkaNames names,
      ScheduledExecutorService retries,
      RecordTracer tracer,
      MeterRegistry registry) {
    this.consumers = consumers;
    this.pipeline = pipeline;
    this.publisher = publisher;
    this.config = config;
    this.topic = names.fetch();
    this.group = names.group(config.consumerGroup());
    this.retries = retries;
    this.tracer = tracer;
    Gauge.builder("crawler.fetcher.in.flight", inFlight, AtomicInteger::get)
        .description("Tasks taken and not yet done")
        .register(registry);
    this.deadLetters =
        Counter.builder("crawler.fetcher.dead.letters")
            .description("Records sent to the dead-letter topic")
            .register(registry);
  }

  /** A task's place in its partition and its span; handed, once done, to the consumer thread. */
  private record Done(PartitionProgress progress, long offset, RecordSpan span) {}

  @Override
  public void start() {
    failure = null;
    paused = false;
    running = true;
    Thread loop = new Thread(this::run, "fetch-consumer");
    thread = loop;
    loop.start();
  }

  @Override
  public void stop() {
    running = false;
    Thread loop = thread;
    if (loop == null) {
      return;
    }
    try {
      loop.join(config.shutdownGracePeriod().plus(config.pollTimeout()).plusSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread = null;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Why the consumer loop ended abnormally, or null while it is healthy. */
  public Throwable failure() {
    return failure;
  }

  /** Whether the loop thread is alive. */
  public boolean isPolling() {
    Thread loop = thread;
    return loop != null && loop.isAlive();
  }

  /** Tasks taken and not yet done. */
  public int inFlight() {
    return inFlight.get();
  }

  private void run() {
    try (Consumer<byte[], byte[]> kafka = consumers.get()) {
      consumer = kafka;
      kafka.subscribe(List.of(topic), new Rebalance());
      log.info("event=consumer_started topic={} group={}", topic, group);
      Instant nextCommit = Instant.now().plus(config.commitInterval());
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : kafka.poll(config.pollTimeout())) {
          take(record);
        }
        applyDone();
        adjustPause();
        if (Instant.now().isAfter(nextCommit)) {
          commit(progress.keySet(), false);
          nextCommit = Instant.now().plus(config.commitInterval());
        }
      }
      drain(kafka);
    } catch (WakeupException e) {
      log.info("event=consumer_woken");
    } catch (RuntimeException | Error e) {
      failure = e;
      log.error("event=consumer_failed error={}", Failures.describe(e), e);
    } finally {
      consumer = null;
      progress.clear();
      running = false;
    }
  }

  /** Stops taking work, waits for in-flight tasks up to the grace period, commits what is done. */
  private void drain(Consumer<byte[], byte[]> kafka) {
    // Flagged too, so partitions assigned during the drain are paused as well and yield nothing.
    kafka.pause(kafka.assignment());
    paused = true;
    Instant deadline = Instant.now().plus(config.shutdownGracePeriod());
    while (inFlight.get() > 0 && Instant.now().isBefore(deadline)) {
      kafka.poll(config.pollTimeout()); // paused: keeps the membership alive, returns nothing
      applyDone();
    }
    applyDone();
    commit(progress.keySet(), true);
    log.info("event=consumer_stopped abandoned={}", inFlight.get());
  }

  private void take(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    PartitionProgress partitionProgress =
        progress.computeIfAbsent(partition, p -> new PartitionProgress(Instant.now()));
    partitionProgress.taken(record.offset());
    inFlight.incrementAndGet();
    Done finished =
        new Done(
            partitionProgress,
            record.offset(),
            tracer.continueTrace("fetcher.fetch", record.headers()));
    // The pipeline's synchronous start (URL checks, a cached robots.txt) logs within the trace too.
    try (Tracer.SpanInScope scope = finished.span().activate()) {
      FetchTask task;
      try {
        task = TASKS.decode(record.value());
      } catch (SerializationException e) {
        deadLetter(record, "undecodable FetchTask: " + Failures.describe(e), finished);
        return;
      }
      pipeline
          .process(task, partitionProgress)
          .thenAccept(result -> publish(record, result, finished));
    }
  }

  /** Runs on whichever thread finished the task or a retry: the trace is made current here. */
  private void publish(ConsumerRecord<byte[], byte[]> record, TaskResult result, Done finished) {
    try (Tracer.SpanInScope scope = finished.span().activate()) {
      FetchOutcome outcome = result.outcome();
      if (outcome.kind() == OutcomeKind.RETURNED && !finished.progress().owned()) {
        // Not started, and the partition's new owner reads the task again: nothing to report.
        finish(finished);
        return;
      }
      log.debug(
          "event=task_done url={} kind={} status={} duration_ms={} detail=\"{}\"",
          outcome.url(),
          outcome.kind(),
          outcome.httpStatus(),
          outcome.durationMs(),
          outcome.detail() == null ? "" : outcome.detail());
      publisher
          .publish(result, record.key(), finished.span())
          .whenComplete((ok, error) -> afterPublish(record, result, finished, error));
    }
  }

  private void afterPublish(
      ConsumerRecord<byte[], byte[]> record, TaskResult result, Done finished, Throwable error) {
    if (error == null) {
      finish(finished);
      return;
    }
    try (Tracer.SpanInScope scope = finished.span().activate()) {
      if (Failures.unwrap(error) instanceof RetriableException && running) {
        log.warn("event=publish_retry error={}", Failures.describe(error));
        retries.schedule(
            () -> publish(record, result, finished),
            config.publishRetryBackoff().toMillis(),
            TimeUnit.MILLISECONDS);
      } else {
        // Kafka will never take it (a record too large, say): park the task, move on.
        deadLetter(record, "results not publishable: " + Failures.describe(error), finished);
      }
    }
  }

  /** Called with the task's trace current; the dead letter keeps the task's trace header. */
  private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, Done finished) {
    deadLetters.increment();
    log.warn(
        "event=dead_letter partition={} offset={} reason={}",
        record.partition(),
        record.offset(),
        reason);
    publisher
        .deadLetter(record, reason)
        .whenComplete((ok, error) -> {
          if (error != null) {
            try (Tracer.SpanInScope scope = finished.span().activate()) {
              log.error(
                  "event=dead_letter_failed offset={} error={}",
                  record.offset(),
                  Failures.describe(error));
            }
          }
          finish(finished);
        });
  }

  private void finish(Done finished) {
    finished.span().end();
    done.add(finished);
    inFlight.decrementAndGet();
  }

  private void applyDone() {
    for (Done next = done.poll(); next != null; next = done.poll()) {
      next.progress().done(next.offset());
    }
  }

  /** Pauses while a full poll could take the pod past its limit; resumes once it cannot. */
  private void adjustPause() {
    boolean full = inFlight.get() + config.maxPollRecords() > config.maxInFlight();
    if (full && !paused) {
      consumer.pause(consumer.assignment());
      paused = true;
    } else if (!full && paused) {
      consumer.resume(consumer.paused());
      paused = false;
    }
  }

  private void commit(Collection<TopicPartition> partitions, boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      PartitionProgress partitionProgress = progress.get(partition);
      if (partitionProgress != null) {
        partitionProgress
            .uncommitted()
            .ifPresent(offset -> offsets.put(partition, new OffsetAndMetadata(offset)));
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    try {
      if (sync) {
        consumer.commitSync(offsets);
        markCommitted(offsets);
      } else {
        consumer.commitAsync(
            offsets,
            (committed, error) -> {
              if (error == null) {
                markCommitted(committed);
              } else {
                log.warn("event=commit_failed error={}", Failures.describe(error));
              }
            });
      }
    } catch (KafkaException e) {
      // A commit lost to a rebalance is redone by the next owner: at least once, nothing lost.
      log.warn("event=commit_failed error={}", Failures.describe(e));
    }
  }

  private void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((partition, offset) -> {
      PartitionProgress partitionProgress = progress.get(partition);
      if (partitionProgress != null) {
        partitionProgress.committed(offset.offset());
      }
    });
  }

  /** Runs on the consumer thread, inside poll() or close(). */
  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      giveUp(partitions);
      awaitFetchesEnded(partitions);
      applyDone();
      commit(partitions, true);
      partitions.forEach(progress::remove);
      log.info("event=partitions_revoked partitions={}", partitions);
    }

    /**
     * Lets the fetches these partitions started end before they go to another fetcher, so that no
     * host is fetched by two at once; no wait is longer than a fetch may take.
     */
    private void awaitFetchesEnded(Collection<TopicPartition> partitions) {
      Instant deadline = Instant.now().plus(config.totalTimeout());
      for (TopicPartition partition : partitions) {
        PartitionProgress given = progress.get(partition);
        try {
          if (given != null && !given.awaitFetchesEnded(deadline)) {
            log.warn("event=revoke_fetches_still_running partition={}", partition);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    /** No task of these partitions starts from now on; their new owner will do them. */
    private void giveUp(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        PartitionProgress given = progress.get(partition);
        if (given != null) {
          given.givenUp();
        }
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      giveUp(partitions);
      partitions.forEach(progress::remove);
      log.warn("event=partitions_lost partitions={}", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Instant now = Instant.now();
      partitions.forEach(p -> progress.put(p, new PartitionProgress(now)));
      if (paused) {
        consumer.pause(partitions);
      }
      log.info("event=partitions_assigned partitions={}", partitions);
    }
  }
}
