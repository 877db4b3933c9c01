package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.DeadLetter;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.frontier.FrontierProperties;
import dev.crawler.frontier.scope.TrapGuard;
import dev.crawler.frontier.traps.TrapDetector;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frontier of one partition of {@code crawl.urls} and {@code crawl.outcomes}: routes candidates
 * to {@link Admission} and outcomes to {@link OutcomeRecorder}, and on a wall-clock punctuator
 * releases due hosts ({@link HostScheduler}), re-offers waiting candidates, queues due recrawls,
 * publishes changed counters and, on partition 0, finishes crawls ({@link CrawlCompletion}).
 *
 * <p>Keys and values stay bytes end to end: a record that cannot be decoded or processed goes to
 * {@code crawl.dlq} with its original bytes and the reason, and processing goes on.
 *
 * <p>Every fetch task begins a URL's trace: its context travels in the {@code crawl.fetch} record's
 * headers to the fetcher and on to the parser and the indexer. A consumed record is handled within
 * the trace it carries (the parent page's, for a discovered link), so the DEBUG lines about it
 * carry that trace id.
 */
final class FrontierProcessor implements Processor<byte[], byte[], byte[], byte[]> {

  private static final Logger log = LoggerFactory.getLogger(FrontierProcessor.class);
  private static final String STAGE = "frontier";

  private static final JsonCodec<UrlCandidate> CANDIDATES = JsonCodec.of(UrlCandidate.class);
  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);
  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);
  private static final JsonCodec<CrawlJob> JOBS = JsonCodec.of(CrawlJob.class);
  private static final JsonCodec<CrawlCounters> COUNTERS = JsonCodec.of(CrawlCounters.class);

  private final FrontierProperties settings;
  private final PolitenessKey politenessKey;
  private final KafkaNames names;
  private final SchedulerMetrics metrics;
  private final RecordTracer tracer;
  private final KnownCrawls knownCrawls;

  private ProcessorContext<byte[], byte[]> context;
  private String taskId;
  private SchedulerStores stores;
  private Admission admission;
  private OutcomeRecorder outcomes;
  private HostScheduler scheduler;
  private CrawlCompletion completion;
  private Optional<ParserBacklog> backlog = Optional.empty();
  private Emitter emitter;
  private CrawlDirectory crawls;

  /** The span of the record being processed, whose trace candidates emitted meanwhile continue. */
  private RecordTracer.RecordSpan processing;

  FrontierProcessor(
      FrontierProperties settings,
      PolitenessKey politenessKey,
      KafkaNames names,
      SchedulerMetrics metrics,
      RecordTracer tracer,
      KnownCrawls knownCrawls) {
    this.settings = settings;
    this.politenessKey = politenessKey;
    this.names = names;
    this.metrics = metrics;
    this.tracer = tracer;
    this.knownCrawls = knownCrawls;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
    this.taskId = context.taskId().toString();
    HostLeases leases = new HostLeases(store(FrontierTopology.HOST_LEASES_STORE));
    HostStates hosts =
        new HostStates(
            context.getStateStore(FrontierTopology.HOST_STATE_STORE),
            leases,
            settings.progressHosts());
    stores =
        new SchedulerStores(
            new SeenUrls(store(FrontierTopology.SEEN_STORE)),
            new HostQueue(store(FrontierTopology.HOST_QUEUE_STORE)),
            hosts,
            leases,
            new ReadyHosts(store(FrontierTopology.READY_STORE)),
            new TaskCounters(context.getStateStore(FrontierTopology.COUNTERS_STORE)),
            new PendingUrls(store(FrontierTopology.PENDING_STORE)),
            new RecrawlSchedule(store(FrontierTopology.RECRAWL_STORE)));
    crawls =
        new CrawlDirectory(
            context.getStateStore(FrontierTopology.JOBS_STORE),
            knownCrawls,
            new TrapGuard(settings.traps()));
    ProgressView progress =
        new ProgressView(context.getStateStore(FrontierTopology.PROGRESS_STORE));
    emitter = new SinkEmitter();
    HostPacing pacing =
        new HostPacing(
            settings.maxHostDelay(),
            settings.backoff(),
            settings.hostWindow(),
            new SplittableRandom());
    scheduler = new HostScheduler(stores, crawls, pacing, emitter, metrics, settings);
    admission =
        new Admission(
            stores,
            crawls,
            progress,
            scheduler,
            new TrapDetector(
                context.getStateStore(FrontierTopology.TRAPS_STORE),
                settings.trapLearning(),
                politenessKey),
            emitter,
            metrics,
            politenessKey,
            settings,
            taskId);
    outcomes =
        new OutcomeRecorder(stores, crawls, scheduler, pacing, emitter, metrics, politenessKey);
    // Only partition 0's task finishes crawls, so only it asks Kafka about the parser's backlog.
    backlog =
        context.taskId().partition() == 0
            ? ParserBacklog.from(context.appConfigs(), names.fetched())
            : Optional.empty();
    completion =
        new CrawlCompletion(
            crawls,
            progress,
            stores.counters(),
            emitter,
            settings.finishQuietPeriod().toMillis(),
            taskId,
            backlog);
    context.schedule(settings.releaseInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    context.schedule(
        settings.progressInterval(), PunctuationType.WALL_CLOCK_TIME, this::housekeeping);
    if (context.taskId().partition() == 0) {
      context.schedule(
          settings.finishCheckInterval(), PunctuationType.WALL_CLOCK_TIME, completion::check);
    }
    log.info("event=frontier_task_started task={}", taskId);
  }

  private <K> KeyValueStore<K, byte[]> store(String name) {
    return context.getStateStore(name);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    long nowMs = context.currentSystemTimeMs();
    processing = tracer.continueTrace(STAGE + ".process", record.headers());
    try (Tracer.SpanInScope scope = processing.activate()) {
      if (record.key() == null) {
        throw new SerializationException("record has no key (a politeness key is required)");
      }
      String key = new String(record.key(), StandardCharsets.UTF_8);
      if (names.urls().equals(source.topic())) {
        UrlCandidate candidate = CANDIDATES.decode(record.value());
        log.debug(
            "event=candidate_received url={} source={} crawl={}",
            candidate.url(),
            candidate.source(),
            candidate.crawlId());
        admission.offer(key, candidate, nowMs);
      } else {
        FetchOutcome outcome = OUTCOMES.decode(record.value());
        log.debug(
            "event=outcome_received url={} kind={} status={} task={}",
            outcome.url(),
            outcome.kind(),
            outcome.httpStatus(),
            outcome.taskId());
        outcomes.record(key, outcome, nowMs);
      }
    } catch (StreamsException e) {
      throw e; // Kafka Streams' own signals (task migrated, producer fenced) must reach it
    } catch (RuntimeException e) {
      deadLetter(record, source, e);
    } finally {
      processing.end();
      processing = null;
    }
  }

  private void tick(long nowMs) {
    int limit = settings.maxReleasesPerTick();
    admission.reviewPending(nowMs, limit);
    for (QueuedUrl due : stores.recrawls().takeDue(nowMs, limit)) {
      scheduler.recrawl(due, politenessKey.of(due.url()), nowMs);
    }
    metrics.readyHosts(taskId, scheduler.visitDue(nowMs, limit));
  }

  /**
   * Drops the URLs of crawls that ended, then publishes the counters that changed, each with the
   * crawl's top hosts on this task.
   */
  private void housekeeping(long nowMs) {
    scheduler.dropEnded(crawls.takeNewlyEnded(), nowMs);
    for (String crawlId : stores.counters().takeDirty()) {
      List<HostLoad> hosts = stores.hosts().loads().top(crawlId, nowMs);
      emitter.progress(
          ProgressView.key(crawlId, taskId), stores.counters().get(crawlId).withHosts(hosts));
    }
    metrics.queued(taskId, stores.counters().totalQueued());
  }

  private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, Exception e) {
    String reason = DeadLetter.reasonOf(e);
    if (e instanceof SerializationException) {
      log.warn(
          "event=dead_letter topic={} partition={} offset={} reason=\"{}\"",
          source.topic(),
          source.partition(),
          source.offset(),
          reason);
    } else {
      log.error(
          "event=dead_letter topic={} partition={} offset={}",
          source.topic(),
          source.partition(),
          source.offset(),
          e);
    }
    ProducerRecord<byte[], byte[]> letter =
        DeadLetter.of(
            names.dlq(),
            new ConsumerRecord<>(
                source.topic(),
                source.partition(),
                source.offset(),
                record.timestamp(),
                TimestampType.CREATE_TIME,
                ConsumerRecord.NULL_SIZE,
                ConsumerRecord.NULL_SIZE,
                record.key(),
                record.value(),
                record.headers(),
                Optional.empty()),
            STAGE,
            reason);
    context.forward(
        new Record<>(letter.key(), letter.value(), record.timestamp(), letter.headers()),
        FrontierTopology.DLQ_SINK);
    metrics.deadLettered();
  }

  private void forward(String sink, String key, byte[] value, long timestampMs) {
    forward(sink, key, value, timestampMs, new RecordHeaders());
  }

  private void forward(String sink, String key, byte[] value, long timestampMs, Headers headers) {
    context.forward(
        new Record<>(key.getBytes(StandardCharsets.UTF_8), value, timestampMs, headers), sink);
  }

  @Override
  public void close() {
    metrics.taskClosed(taskId);
    backlog.ifPresent(ParserBacklog::close);
  }

  /** Encodes the scheduler's decisions onto the topology's sinks. */
  private final class SinkEmitter implements Emitter {

    @Override
    public void fetch(String politenessKey, FetchTask task) {
      RecordTracer.RecordSpan release = tracer.newTrace(STAGE + ".release");
      Headers headers = new RecordHeaders();
      release.inject(headers);
      if (log.isDebugEnabled()) {
        try (Tracer.SpanInScope scope = release.activate()) {
          log.debug(
              "event=fetch_released url={} host={} task={} attempt={} crawl={}",
              task.url(),
              politenessKey,
              task.taskId(),
              task.attempt(),
              task.crawlId());
        }
      }
      release.end();
      forward(
          FrontierTopology.FETCH_SINK,
          politenessKey,
          TASKS.encode(task),
          context.currentSystemTimeMs(),
          headers);
    }

    @Override
    public void candidate(String politenessKey, UrlCandidate candidate) {
      Headers headers = new RecordHeaders();
      if (processing != null) {
        processing.inject(headers); // a re-keyed link stays in the trace of the page it came from
      }
      forward(
          FrontierTopology.URLS_SINK,
          politenessKey,
          CANDIDATES.encode(candidate),
          context.currentSystemTimeMs(),
          headers);
    }

    @Override
    public void job(CrawlJob job) {
      forward(
          FrontierTopology.JOBS_SINK, job.id(), JOBS.encode(job), context.currentSystemTimeMs());
    }

    @Override
    public void progress(String key, CrawlCounters counters) {
      forward(
          FrontierTopology.PROGRESS_SINK,
          key,
          COUNTERS.encode(counters),
          context.currentSystemTimeMs());
    }
  }
}
