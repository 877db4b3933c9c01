package dev.crawler.frontier.scheduling;

import dev.crawler.common.cluster.ClusterProperties;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.frontier.FrontierProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the frontier topology for the life of the application and gives the API read access to the
 * global stores (crawls, progress, indexed counts), which every instance holds in full.
 *
 * <p>Exactly-once (v2) is the default: a release, its lease in the host state, the counters and the
 * {@code crawl.fetch} record commit together, so a crash never leaves a lease without its task or a
 * task without its lease. With at-least-once, a crash can re-emit tasks whose outcomes then meet a
 * lease with another id and are ignored as stale; the URL is fetched again after its lease expires,
 * which the idempotent index tolerates.
 */
public final class FrontierStreams implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(FrontierStreams.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Properties config;
  private final FrontierProperties settings;
  private final ClusterProperties cluster;
  private final SchedulerMetrics metrics;
  private final RecordTracer tracer;
  private final String applicationId;
  private volatile KafkaStreams streams;

  /**
   * @param clientProperties Kafka client settings (bootstrap servers, security) for Streams
   * @param settings the frontier configuration
   * @param cluster the cluster-wide settings
   * @param metrics the scheduler's meters
   * @param tracer carries URLs' traces on the topology's records
   */
  public FrontierStreams(
      Map<String, Object> clientProperties,
      FrontierProperties settings,
      ClusterProperties cluster,
      SchedulerMetrics metrics,
      RecordTracer tracer) {
    this.settings = settings;
    this.cluster = cluster;
    this.metrics = metrics;
    this.tracer = tracer;
    this.config = new Properties();
    config.putAll(clientProperties);
    // The install's application id (topic prefix applied): its consumer group, and the start of
    // its changelog topics and transactional ids, which another install must not share.
    KafkaNames names = cluster.kafka().names();
    this.applicationId = names.group(settings.applicationId());
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    config.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
    config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbMemoryBudget.class);
    config.put(RocksDbMemoryBudget.BUDGET_CONFIG, settings.stateStoreMemory().toBytes());
    // Empty turns the parser-backlog check off, prefix or not.
    config.put(
        ParserBacklog.GROUP_CONFIG,
        settings.parserConsumerGroup().isBlank()
            ? ""
            : names.group(settings.parserConsumerGroup()));
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.processingGuarantee());
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    // The stream thread punctuates only between polls, and an idle poll waits poll.ms (100 ms by
    // default): on a quiet topic that, not the release interval, would set when a due host is
    // released. A politeness-bound crawl is mostly such waiting.
    config.put(StreamsConfig.POLL_MS_CONFIG, settings.releaseInterval().toMillis());
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) cluster.kafka().replicationFactor());
    config.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class);
    config.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "zstd");
    config.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
  }

  @Override
  public synchronized void start() {
    KafkaStreams started =
        new KafkaStreams(
            FrontierTopology.build(
                settings, cluster.politenessKey(), cluster.kafka().names(), metrics, tracer),
            config);
    started.setStateListener(
        (now, before) -> log.info("event=streams_state from={} to={}", before, now));
    started.setUncaughtExceptionHandler(error -> {
      log.error("event=stream_thread_failed action=replace_thread", error);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    started.start();
    streams = started;
    log.info(
        "event=frontier_started application_id={} state_dir={} guarantee={}",
        applicationId,
        settings.stateDir(),
        settings.processingGuarantee());
  }

  @Override
  public synchronized void stop() {
    if (streams != null) {
      streams.close(CLOSE_TIMEOUT);
      streams = null;
    }
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  /** The state of Kafka Streams, or NOT_RUNNING before start and after stop. */
  public KafkaStreams.State state() {
    KafkaStreams current = streams;
    return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
  }

  /**
   * A global store, for reading.
   *
   * @throws InvalidStateStoreException if the stores are not available (starting, rebalancing or
   *     stopped)
   */
  public <V> ReadOnlyKeyValueStore<String, V> globalStore(String name) {
    KafkaStreams current = streams;
    if (current == null) {
      throw new InvalidStateStoreException("the frontier is not running");
    }
    return current.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }
}
