package dev.crawler.frontier.scheduling;

import dev.crawler.common.cluster.ClusterProperties;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.frontier.FrontierProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.internals.GlobalStreamThread;
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
 *
 * <p>The state directory heals itself ({@link StateHealer}): before Kafka Streams starts, global
 * stores whose checkpoints do not fit their topics are rebuilt, and state built on another Kafka
 * cluster is cleaned up. While it runs, a global store whose topic moves under it (its offsets out
 * of range: Kafka Streams then stops with ERROR, having deleted the global stores) or is recreated
 * (its topic id changes, checked every {@code state-check-interval}) restarts Kafka Streams, which
 * reads the store again; after such a restart the next one waits {@link #RESTART_SPACING}, so a
 * failure that a restart does not cure leaves the frontier DOWN, saying why, instead of restarting
 * in a loop.
 */
public final class FrontierStreams implements SmartLifecycle {

  /** The least time between two automatic restarts. */
  static final Duration RESTART_SPACING = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(FrontierStreams.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

  private final Properties config;
  private final FrontierProperties settings;
  private final ClusterProperties cluster;
  private final SchedulerMetrics metrics;
  private final RecordTracer tracer;
  private final String applicationId;
  private final Clock clock = Clock.systemUTC();
  private final StateHealer healer;
  private final Map<String, Object> adminConfig;
  private volatile KafkaStreams streams;
  private volatile String problem;
  private volatile StateHealer.Origin origin;
  private volatile String restartReason;
  private Instant lastRestart;
  private volatile ScheduledExecutorService supervisor;
  private volatile Admin admin;

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
    this.healer =
        new StateHealer(
            settings.stateDir().resolve(applicationId),
            FrontierTopology.globalStores(settings, names),
            KAFKA_TIMEOUT);
    this.adminConfig = adminConfig(clientProperties, applicationId);
  }

  /** The Admin client's share of the Streams settings ({@code admin.}-prefixed ones win). */
  private static Map<String, Object> adminConfig(Map<String, Object> client, String applicationId) {
    Map<String, Object> admin = new HashMap<>();
    String prefix = StreamsConfig.ADMIN_CLIENT_PREFIX;
    client.forEach((key, value) -> {
      if (AdminClientConfig.configNames().contains(key)) {
        admin.putIfAbsent(key, value);
      } else if (key.startsWith(prefix)
          && AdminClientConfig.configNames().contains(key.substring(prefix.length()))) {
        admin.put(key.substring(prefix.length()), value);
      }
    });
    admin.put(AdminClientConfig.CLIENT_ID_CONFIG, applicationId + "-state-check");
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
    admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
    return admin;
  }

  @Override
  public synchronized void start() {
    if (supervisor != null) {
      return;
    }
    supervisor =
        Executors.newSingleThreadScheduledExecutor(task -> {
          Thread thread = new Thread(task, "frontier-streams-supervisor");
          thread.setDaemon(true);
          return thread;
        });
    admin = Admin.create(adminConfig);
    try {
      streams = launchOrRetryOutOfRange();
    } catch (RuntimeException e) {
      supervisor.shutdownNow();
      supervisor = null;
      admin.close(CLOSE_TIMEOUT);
      admin = null;
      throw e;
    }
    long interval = settings.stateCheckInterval().toMillis();
    supervisor.scheduleWithFixedDelay(
        () -> {
          try {
            watch();
          } catch (RuntimeException e) {
            log.warn("event=state_check_failed error=\"{}\"", e.toString());
          }
        },
        interval,
        interval,
        TimeUnit.MILLISECONDS);
  }

  private KafkaStreams launchOrRetryOutOfRange() {
    try {
      return launch();
    } catch (StreamsException e) {
      // The global stores' restore ran out of range (the state check was skipped): Kafka Streams
      // deleted them, so once more reads them from their topics.
      Optional<InvalidOffsetException> outOfRange = cause(e, InvalidOffsetException.class);
      if (outOfRange.isEmpty()) {
        throw e;
      }
      log.warn(
          "event=global_store_out_of_range partitions={} action=restart detail=\"Kafka Streams"
              + " deleted its global stores; they are read again from their topics\"",
          outOfRange.get().partitions());
      lastRestart = clock.instant();
      return launch();
    }
  }

  /** A new Kafka Streams on a healed state directory, started. */
  private KafkaStreams launch() {
    KafkaStreams created =
        new KafkaStreams(
            FrontierTopology.build(
                settings, cluster.politenessKey(), cluster.kafka().names(), metrics, tracer),
            config);
    try {
      heal(created);
      created.setStateListener((now, before) -> changed(created, now, before));
      created.setUncaughtExceptionHandler(this::failed);
      created.start();
    } catch (RuntimeException e) {
      created.close(CLOSE_TIMEOUT);
      throw e;
    }
    log.info(
        "event=frontier_started application_id={} state_dir={} guarantee={}",
        applicationId,
        settings.stateDir(),
        settings.processingGuarantee());
    return created;
  }

  /** Heals the state directory of {@code created} (not started), if Kafka answers. */
  private void heal(KafkaStreams created) {
    StateHealer.ClusterView now;
    try {
      now = healer.observe(admin);
    } catch (IllegalStateException e) {
      log.warn(
          "event=state_check_skipped state_dir={} reason=\"{}\" detail=\"Kafka Streams starts on"
              + " the state as it is\"",
          settings.stateDir(),
          e.getMessage());
      return;
    }
    origin = healer.heal(created, now);
  }

  private StreamThreadExceptionResponse failed(Throwable error) {
    if (Thread.currentThread() instanceof GlobalStreamThread) {
      // A global thread cannot be replaced: Kafka Streams stops with ERROR whatever is answered.
      Optional<InvalidOffsetException> outOfRange = cause(error, InvalidOffsetException.class);
      if (outOfRange.isPresent()) {
        restartReason =
            "a global store's offsets are out of range of its topic "
                + outOfRange.get().partitions()
                + " (recreated topic, new cluster, or records deleted)";
        log.warn(
            "event=global_store_out_of_range partitions={} action=restart detail=\"Kafka Streams"
                + " deleted its global stores; they are read again from their topics\"",
            outOfRange.get().partitions());
      } else {
        problem = "the global stream thread failed: " + error;
        log.error("event=global_thread_failed action=stop", error);
      }
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    log.error("event=stream_thread_failed action=replace_thread", error);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  private void changed(KafkaStreams instance, KafkaStreams.State now, KafkaStreams.State before) {
    log.info("event=streams_state from={} to={}", before, now);
    if (now == KafkaStreams.State.RUNNING) {
      problem = null;
    } else if (now == KafkaStreams.State.ERROR) {
      // Not on this thread: a state listener must not close its own Kafka Streams.
      ScheduledExecutorService running = supervisor;
      if (running != null && !running.isShutdown()) {
        running.execute(() -> recover(instance));
      }
    }
  }

  /** After ERROR: a restart if the failure is one it cures and none happened lately. */
  private synchronized void recover(KafkaStreams failed) {
    if (streams != failed) {
      return; // stopped, or replaced already
    }
    String reason = restartReason;
    restartReason = null;
    if (reason == null) {
      if (problem == null) {
        problem = "Kafka Streams stopped with ERROR (see the log)";
      }
      log.error(
          "event=frontier_streams_failed action=none problem=\"{}\" remedy=\"restart the"
              + " frontier\"",
          problem);
      return;
    }
    restart(failed, reason);
  }

  /** Every state-check-interval: is this still the cluster and are these still the topics? */
  private void watch() {
    KafkaStreams current = streams;
    if (current == null || current.state() != KafkaStreams.State.RUNNING) {
      return;
    }
    // Unknown if Kafka did not answer at start: then what the directory records.
    StateHealer.Origin recorded = origin != null ? origin : healer.readOrigin();
    StateHealer.ClusterView now;
    try {
      now = healer.observe(admin);
    } catch (RuntimeException e) {
      log.debug("event=state_check_skipped reason=\"{}\"", e.getMessage());
      return;
    }
    String change = null;
    if (recorded.clusterId() != null
        && now.clusterId() != null
        && !recorded.clusterId().equals(now.clusterId())) {
      change = "the Kafka cluster changed from " + recorded.clusterId() + " to " + now.clusterId();
    } else {
      for (Map.Entry<String, StateHealer.ClusterView.TopicView> topic : now.topics().entrySet()) {
        String id = recorded.topicIds().get(topic.getKey());
        if (id != null && !id.equals(topic.getValue().topicId())) {
          change = topic.getKey() + " was recreated";
          break;
        }
      }
    }
    if (change != null) {
      String reason = change;
      synchronized (this) {
        restart(current, reason);
      }
    } else if (origin == null || !recorded.topicIds().keySet().containsAll(now.topics().keySet())) {
      // first seen now: Kafka did not answer at start, or a topic was missing then
      origin = healer.record(recorded.updatedBy(now));
    }
  }

  private void restart(KafkaStreams old, String reason) {
    if (streams != old) {
      return;
    }
    Instant now = clock.instant();
    if (lastRestart != null && lastRestart.plus(RESTART_SPACING).isAfter(now)) {
      problem =
          reason
              + "; not restarted again, as the last automatic restart was at "
              + lastRestart
              + ": restart the frontier";
      log.error(
          "event=frontier_streams_failed action=none problem=\"{}\" remedy=\"restart the"
              + " frontier; if the state directory {} is then still refused, stop the frontier and"
              + " delete it (every store is rebuilt from Kafka)\"",
          reason,
          settings.stateDir().resolve(applicationId));
      return;
    }
    lastRestart = now;
    log.warn("event=frontier_streams_restart reason=\"{}\"", reason);
    old.close(CLOSE_TIMEOUT);
    try {
      streams = launch();
    } catch (RuntimeException e) {
      problem = "restart after \"" + reason + "\" failed: " + e;
      log.error(
          "event=frontier_streams_failed action=none problem=\"{}\" remedy=\"restart the"
              + " frontier\"",
          problem,
          e);
    }
  }

  @Override
  public synchronized void stop() {
    if (supervisor != null) {
      supervisor.shutdownNow();
      supervisor = null;
    }
    if (streams != null) {
      streams.close(CLOSE_TIMEOUT);
      streams = null;
    }
    if (admin != null) {
      admin.close(CLOSE_TIMEOUT);
      admin = null;
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

  /** Why Kafka Streams is not running and what to do, if it failed; empty otherwise. */
  public Optional<String> problem() {
    KafkaStreams.State state = state();
    if (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) {
      return Optional.empty();
    }
    return Optional.ofNullable(problem);
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

  private static <T extends Throwable> Optional<T> cause(Throwable error, Class<T> type) {
    for (Throwable each = error; each != null; each = each.getCause()) {
      if (type.isInstance(each)) {
        return Optional.of(type.cast(each));
      }
      if (each.getCause() == each) {
        break;
      }
    }
    return Optional.empty();
  }
}
