package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.common.messages.Scope;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.frontier.FrontierProperties;
import dev.crawler.frontier.TestSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The frontier topology in a {@link TopologyTestDriver} with a controllable wall clock, speaking
 * the crawl's messages: tests read as "a crawl, a candidate, some time passes, a task comes out".
 */
final class FrontierHarness implements AutoCloseable {

  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  static final PolitenessKey MODE = PolitenessKey.HOST;

  private static final JsonCodec<CrawlJob> JOBS = JsonCodec.of(CrawlJob.class);
  private static final JsonCodec<UrlCandidate> CANDIDATES = JsonCodec.of(UrlCandidate.class);
  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);
  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);

  final FrontierProperties settings;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TopologyTestDriver driver;
  private final TestInputTopic<byte[], byte[]> jobs;
  private final TestInputTopic<byte[], byte[]> urls;
  private final TestInputTopic<byte[], byte[]> outcomes;
  private final TestOutputTopic<byte[], byte[]> fetch;
  private final TestOutputTopic<byte[], byte[]> urlsOut;
  private final TestOutputTopic<byte[], byte[]> jobsOut;
  private final TestOutputTopic<byte[], byte[]> dlq;
  private Instant now = START;

  FrontierHarness(Path stateDir, Map<String, Object> overrides) {
    this(stateDir, overrides, KafkaNames.NONE);
  }

  /** The topology of an install with these names (crawler.kafka.topic-prefix). */
  FrontierHarness(Path stateDir, Map<String, Object> overrides, KafkaNames names) {
    settings = TestSettings.frontier(overrides);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, names.group("frontier-test"));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            FrontierTopology.build(
                settings, MODE, names, new SchedulerMetrics(meters), RecordTracer.NOOP),
            props,
            START);
    ByteArraySerializer out = new ByteArraySerializer();
    ByteArrayDeserializer in = new ByteArrayDeserializer();
    jobs = driver.createInputTopic(names.jobs(), out, out);
    urls = driver.createInputTopic(names.urls(), out, out);
    outcomes = driver.createInputTopic(names.outcomes(), out, out);
    fetch = driver.createOutputTopic(names.fetch(), in, in);
    urlsOut = driver.createOutputTopic(names.urls(), in, in);
    jobsOut = driver.createOutputTopic(names.jobs(), in, in);
    dlq = driver.createOutputTopic(names.dlq(), in, in);
  }

  /** A running crawl of these seeds with no delay, one lease per host, HOST scope. */
  static CrawlJob crawl(String id, String... seeds) {
    return new CrawlJob(
        id,
        id,
        List.of(seeds),
        Scope.HOST,
        List.of(),
        List.of(),
        10,
        0,
        0,
        0,
        1,
        0,
        CrawlState.RUNNING,
        START,
        START);
  }

  /** The same crawl with another minimum delay between fetch starts on a host. */
  static CrawlJob withDelay(CrawlJob job, long delayMs) {
    return new CrawlJob(
        job.id(),
        job.name(),
        job.seeds(),
        job.scope(),
        job.include(),
        job.exclude(),
        job.maxDepth(),
        job.maxPages(),
        job.maxPagesPerHost(),
        delayMs,
        job.maxConcurrencyPerHost(),
        job.recrawlIntervalMinutes(),
        job.state(),
        job.createdAt(),
        Instant.EPOCH.plusMillis(job.createdAt().toEpochMilli()));
  }

  Instant now() {
    return now;
  }

  void publish(CrawlJob job) {
    jobs.pipeInput(bytes(job.id()), JOBS.encode(job), now);
  }

  void publishSeeds(CrawlJob job) {
    for (String seed : job.seeds()) {
      offer(UrlCandidate.seed(job.id(), seed, UrlSource.SEED));
    }
  }

  void start(CrawlJob job) {
    publish(job);
    publishSeeds(job);
  }

  void offer(UrlCandidate candidate) {
    urls.pipeInput(bytes(MODE.of(candidate.url())), CANDIDATES.encode(candidate), now);
  }

  void offerRaw(String key, byte[] value) {
    urls.pipeInput(bytes(key), value, now);
  }

  void link(String crawlId, String url, int depth) {
    offer(new UrlCandidate(crawlId, url, depth, UrlSource.LINK, null, null, 0, null));
  }

  /** Lets wall-clock time pass in punctuation-sized steps. */
  void advance(Duration duration) {
    Duration step = settings.releaseInterval();
    Duration left = duration;
    while (left.compareTo(Duration.ZERO) > 0) {
      Duration tick = left.compareTo(step) < 0 ? left : step;
      now = now.plus(tick);
      driver.advanceWallClockTime(tick);
      left = left.minus(tick);
    }
  }

  /** Lets wall-clock time pass in one step: the punctuators run once, at its end. */
  void jump(Duration duration) {
    now = now.plus(duration);
    driver.advanceWallClockTime(duration);
  }

  /** The tasks released since the last call, with the time each was released. */
  List<Released> released() {
    List<Released> tasks = new ArrayList<>();
    for (TestRecord<byte[], byte[]> record : fetch.readRecordsToList()) {
      tasks.add(
          new Released(
              new String(record.key(), StandardCharsets.UTF_8),
              TASKS.decode(record.value()),
              record.getRecordTime()));
    }
    return tasks;
  }

  /** Candidates the frontier itself wrote to crawl.urls (sitemaps, re-keyed URLs). */
  List<TestRecord<byte[], byte[]>> candidatesOut() {
    return urlsOut.readRecordsToList();
  }

  List<CrawlJob> jobUpdates() {
    return jobsOut.readRecordsToList().stream().map(r -> JOBS.decode(r.value())).toList();
  }

  List<TestRecord<byte[], byte[]>> deadLetters() {
    return dlq.readRecordsToList();
  }

  void report(FetchTask task, OutcomeKind kind, int status) {
    report(task, kind, status, null, null, List.of());
  }

  void report(
      FetchTask task,
      OutcomeKind kind,
      int status,
      Long crawlDelayMs,
      Long retryAfterMs,
      List<String> sitemaps) {
    report(task, kind, status, crawlDelayMs, retryAfterMs, sitemaps, 5);
  }

  /** Reports an outcome whose fetch took {@code durationMs}. */
  void report(FetchTask task, OutcomeKind kind, int status, long durationMs) {
    report(task, kind, status, null, null, List.of(), durationMs);
  }

  private void report(
      FetchTask task,
      OutcomeKind kind,
      int status,
      Long crawlDelayMs,
      Long retryAfterMs,
      List<String> sitemaps,
      long durationMs) {
    FetchOutcome outcome =
        new FetchOutcome(
            task.taskId(),
            task.crawlId(),
            task.url(),
            kind,
            status,
            crawlDelayMs,
            retryAfterMs,
            sitemaps,
            null,
            "\"etag-1\"",
            null,
            null,
            now,
            durationMs);
    outcomes.pipeInput(bytes(MODE.of(task.url())), OUTCOMES.encode(outcome), now);
  }

  /** This task's counters of a crawl. */
  CrawlCounters counters(String crawlId) {
    byte[] value =
        driver.<String, byte[]>getKeyValueStore(FrontierTopology.COUNTERS_STORE).get(crawlId);
    return value == null ? new CrawlCounters() : CrawlCounters.fromBytes(value);
  }

  /** The crawl's hosts as the tasks last published them on the progress topic. */
  List<HostLoad> hosts(String crawlId) {
    return new ProgressView(driver.getKeyValueStore(FrontierTopology.PROGRESS_STORE))
        .hosts(crawlId);
  }

  double meter(String name) {
    return meters.get(name).counter().count();
  }

  /** Every topic the topology wrote to so far, changelogs included. */
  java.util.Set<String> producedTopicNames() {
    return driver.producedTopicNames();
  }

  @Override
  public void close() {
    driver.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A task as it left the frontier.
   *
   * @param key its record key
   * @param task the task
   * @param at when it was released
   */
  record Released(String key, FetchTask task, Instant at) {}
}
