package dev.crawler.testsupport.cluster;

import dev.crawler.testsupport.elasticsearch.TestElasticsearch;
import dev.crawler.testsupport.kafka.KafkaBrokerProcess;
import dev.crawler.testsupport.process.FreePorts;
import dev.crawler.testsupport.web.TestWeb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The distributed crawler as separate OS processes on this machine: a real Kafka broker process,
 * the frontier, fetchers, the parser and the indexer, each a JVM started from its module's
 * executable jar, and an Elasticsearch (or the indexer's embedded Lucene index). Fetchers reach the
 * loopback {@link TestWeb} through host overrides.
 *
 * <p>Built for failure tests and benchmarks: any instance can be killed ({@link
 * ServiceInstance#kill9()}), stopped gracefully, restarted; fetchers can be added and removed; each
 * instance's CPU time and peak memory can be read. Every process writes its own log file in the
 * work directory. {@link #close()}, or the JVM's exit, ends every process the cluster started.
 *
 * <p>Test-friendly settings, each overridable through {@link Builder#arguments}: a short lease (a
 * killed fetcher's URLs come back within {@link Builder#leaseDuration}), a short consumer session
 * timeout (a killed consumer's partitions move within seconds, not Kafka's default 45 s) and a
 * short finish-quiet-period.
 */
public final class CrawlCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CrawlCluster.class);
  private static final int MAX_INDEXED_DOCUMENTS = 10_000;

  private final Builder settings;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);

  /** The frontiers' control-API key, fresh per cluster; {@link CrawlApi} sends it. */
  private final String apiKey = "cluster-" + UUID.randomUUID();

  private final KafkaBrokerProcess broker;
  private final TestElasticsearch elasticsearch;
  private final List<ServiceInstance> frontiers = new ArrayList<>();
  private final List<ServiceInstance> fetchers = new ArrayList<>();
  private final Map<ServiceKind, Integer> instanceCounts = new EnumMap<>(ServiceKind.class);
  private final Thread shutdownHook = new Thread(this::close, "crawl-cluster-shutdown");
  private final CrawlApi api;
  private ServiceInstance parser;
  private ServiceInstance indexer;
  private boolean closed;

  private CrawlCluster(Builder settings) {
    this.settings = settings;
    this.broker = KafkaBrokerProcess.builder(settings.workDir.resolve("kafka")).build();
    this.elasticsearch =
        settings.backend == IndexBackend.ELASTICSEARCH
            ? Objects.requireNonNullElseGet(settings.elasticsearch, TestElasticsearch::get)
            : null;
    this.api = new CrawlApi(() -> runningFrontier().baseUri(), () -> indexer.baseUri(), apiKey);
  }

  /** A cluster whose processes keep their logs and state under {@code workDir}. */
  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  /**
   * Starts the broker, then every service at once (they create their topics and wait for each other
   * through Kafka), and returns when all answer healthy.
   */
  public synchronized CrawlCluster start() {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long started = System.nanoTime();
    broker.start();
    List<ServiceInstance> all = new ArrayList<>();
    for (int i = 0; i < settings.frontiers; i++) {
      frontiers.add(newInstance(ServiceKind.FRONTIER));
    }
    for (int i = 0; i < settings.fetchers; i++) {
      fetchers.add(newInstance(ServiceKind.FETCHER));
    }
    parser = newInstance(ServiceKind.PARSER);
    indexer = newInstance(ServiceKind.INDEXER);
    all.addAll(frontiers);
    all.addAll(fetchers);
    all.add(parser);
    all.add(indexer);
    all.forEach(ServiceInstance::launch);
    all.forEach(ServiceInstance::awaitReady);
    log.info(
        "event=cluster_started run={} services={} seconds={} dir={}",
        runId,
        all.size(),
        (System.nanoTime() - started) / 1_000_000_000,
        settings.workDir);
    return this;
  }

  /** The crawl and search APIs. */
  public CrawlApi api() {
    return api;
  }

  public KafkaBrokerProcess broker() {
    return broker;
  }

  /**
   * The Elasticsearch the indexer writes to.
   *
   * @throws IllegalStateException if the cluster indexes into Lucene
   */
  public TestElasticsearch elasticsearch() {
    if (elasticsearch == null) {
      throw new IllegalStateException("this cluster indexes into Lucene, not Elasticsearch");
    }
    return elasticsearch;
  }

  /** The Elasticsearch alias the indexer writes to (unique per cluster). */
  public String indexName() {
    return "crawl-pages-" + runId;
  }

  public synchronized List<ServiceInstance> frontiers() {
    return List.copyOf(frontiers);
  }

  /** The fetchers, oldest first (stopped ones included until {@link #removeFetcher()}). */
  public synchronized List<ServiceInstance> fetchers() {
    return List.copyOf(fetchers);
  }

  public synchronized ServiceInstance parser() {
    return parser;
  }

  public synchronized ServiceInstance indexer() {
    return indexer;
  }

  /** Every service instance of the cluster. */
  public synchronized List<ServiceInstance> services() {
    List<ServiceInstance> all = new ArrayList<>(frontiers);
    all.addAll(fetchers);
    all.add(parser);
    all.add(indexer);
    return all;
  }

  /** Starts one more fetcher and returns it once healthy. */
  public ServiceInstance addFetcher() {
    return addFetchers(1).getFirst();
  }

  /** Starts {@code count} more fetchers side by side and returns them once all are healthy. */
  public List<ServiceInstance> addFetchers(int count) {
    List<ServiceInstance> added = new ArrayList<>();
    synchronized (this) {
      for (int i = 0; i < count; i++) {
        ServiceInstance fetcher = newInstance(ServiceKind.FETCHER);
        fetchers.add(fetcher);
        added.add(fetcher);
      }
    }
    added.forEach(ServiceInstance::launch);
    added.forEach(ServiceInstance::awaitReady);
    return List.copyOf(added);
  }

  /**
   * Stops the newest fetcher gracefully (SIGTERM: it drains its in-flight fetches and commits) and
   * removes it from the cluster.
   */
  public ServiceInstance removeFetcher() {
    ServiceInstance fetcher;
    synchronized (this) {
      if (fetchers.isEmpty()) {
        throw new IllegalStateException("no fetcher left to remove");
      }
      fetcher = fetchers.removeLast();
    }
    fetcher.stop();
    return fetcher;
  }

  /** Starts a stopped or killed instance again (same port, same state directory). */
  public void restart(ServiceInstance instance) {
    instance.stop();
    instance.start();
  }

  /**
   * The URL of every document the index holds for a crawl, one entry per document. Asks
   * Elasticsearch directly (no collapsing of near-duplicates, no paging limits), or the indexer's
   * search API when the backend is Lucene.
   */
  public List<String> indexedUrls(String crawlId) {
    if (elasticsearch == null) {
      return api.searchedUrls(crawlId);
    }
    String query =
        """
        {"size":%d,"track_total_hits":true,"_source":["url"],"query":{"term":{"crawlId":"%s"}}}
        """
            .formatted(MAX_INDEXED_DOCUMENTS, crawlId);
    JsonNode hits =
        CrawlApi.postJson(elasticsearch.httpUri().resolve("/" + indexName() + "/_search"), query)
            .get("hits");
    long total = hits.get("total").get("value").asLong();
    if (total > MAX_INDEXED_DOCUMENTS) {
      throw new IllegalStateException(
          "crawl " + crawlId + " has " + total + " documents, more than this check reads");
    }
    List<String> urls = new ArrayList<>();
    hits.get("hits").forEach(hit -> urls.add(hit.get("_source").get("url").asString()));
    return urls;
  }

  /** The number of documents in the cluster's Elasticsearch index, all crawls together. */
  public long indexedDocumentCount() {
    return CrawlApi.getJson(elasticsearch().httpUri().resolve("/" + indexName() + "/_count"))
        .get("count")
        .asLong();
  }

  /** Kills every service and the broker; Elasticsearch, shared by the test JVM, keeps running. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ServiceInstance instance : services()) {
      if (instance != null && instance.isRunning()) {
        instance.kill9();
      }
    }
    broker.stop();
    deleteJarCopies();
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException | IllegalArgumentException e) {
        // The JVM is already exiting, or start() never registered the hook.
      }
    }
    log.info("event=cluster_closed run={} dir={}", runId, settings.workDir);
  }

  private ServiceInstance runningFrontier() {
    return frontiers().stream()
        .filter(ServiceInstance::isRunning)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no frontier is running"));
  }

  private ServiceInstance newInstance(ServiceKind kind) {
    int number = instanceCounts.merge(kind, 1, Integer::sum);
    String name = kind.shortName() + "-" + number;
    List<String> arguments = new ArrayList<>(clusterArguments());
    arguments.addAll(serviceArguments(kind, name));
    arguments.addAll(settings.arguments.getOrDefault(kind, List.of()));
    return new ServiceInstance(
        name,
        kind,
        jar(kind),
        FreePorts.pick(),
        settings.jvmOptions,
        arguments,
        settings.workDir,
        settings.readyTimeout,
        settings.stopGrace);
  }

  private List<String> clusterArguments() {
    return List.of(
        "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
        "--crawler.kafka.partitions=" + settings.partitions,
        "--crawler.kafka.replication-factor=1");
  }

  private List<String> serviceArguments(ServiceKind kind, String name) {
    String session = Long.toString(settings.sessionTimeout.toMillis());
    String heartbeat = Long.toString(settings.sessionTimeout.toMillis() / 3);
    List<String> consumer =
        List.of(
            "--spring.kafka.consumer.properties[session.timeout.ms]=" + session,
            "--spring.kafka.consumer.properties[heartbeat.interval.ms]=" + heartbeat);
    return switch (kind) {
      case FRONTIER ->
          List.of(
              "--crawler.frontier.state-dir=" + directory(name + "-state"),
              "--crawler.frontier.finish-quiet-period=" + settings.finishQuietPeriod,
              "--crawler.frontier.lease-duration=" + settings.leaseDuration,
              "--crawler.security.api-keys=" + apiKey,
              "--spring.kafka.streams.properties[session.timeout.ms]=" + session,
              "--spring.kafka.streams.properties[heartbeat.interval.ms]=" + heartbeat);
      case FETCHER -> {
        List<String> fetcher = new ArrayList<>(consumer);
        fetcher.add("--crawler.fetcher.allow-private-networks=true");
        if (settings.web != null) {
          fetcher.add(
              "--crawler.fetcher.host-overrides="
                  + String.join(",", settings.web.resolveEntries()));
        }
        yield fetcher;
      }
      case PARSER -> consumer;
      case INDEXER -> {
        List<String> indexerArguments = new ArrayList<>(consumer);
        if (elasticsearch == null) {
          indexerArguments.add("--crawler.indexer.backend=lucene");
          indexerArguments.add("--crawler.indexer.lucene.path=" + directory(name + "-index"));
        } else {
          indexerArguments.addAll(
              List.of(
                  "--crawler.indexer.backend=elasticsearch",
                  "--crawler.indexer.elasticsearch.uris=" + elasticsearch.httpUri(),
                  "--crawler.indexer.elasticsearch.server-major-version="
                      + elasticsearch.serverMajorVersion(),
                  "--crawler.indexer.elasticsearch.replicas=0",
                  "--crawler.indexer.elasticsearch.index=" + indexName()));
        }
        yield indexerArguments;
      }
    };
  }

  /**
   * A private copy of the service's executable jar, made once per cluster: a rebuild of the module
   * while the cluster runs must neither corrupt running JVMs nor give a restarted instance
   * different code from its peers.
   */
  private Path jar(ServiceKind kind) {
    Path copy = directory("jars").resolve(kind.module() + ".jar");
    if (!Files.exists(copy)) {
      try {
        Files.copy(ServiceJars.jar(kind), copy);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy the " + kind.module() + " jar to " + copy, e);
      }
    }
    return copy;
  }

  private void deleteJarCopies() {
    for (ServiceKind kind : ServiceKind.values()) {
      Path copy = settings.workDir.resolve("jars").resolve(kind.module() + ".jar");
      try {
        Files.deleteIfExists(copy);
      } catch (IOException e) {
        log.warn("event=jar_copy_not_deleted path={} error=\"{}\"", copy, e.toString());
      }
    }
  }

  private Path directory(String name) {
    Path dir = settings.workDir.resolve(name);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /** How the cluster is made up; only the work directory is required. */
  public static final class Builder {
    private static final String DEFAULT_JVM_OPTIONS_TEXT =
        "-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    private static final List<String> DEFAULT_JVM_OPTIONS =
        List.of(DEFAULT_JVM_OPTIONS_TEXT.split(" "));

    private final Path workDir;
    private TestWeb web;
    private int frontiers = 1;
    private int fetchers = 2;
    private int partitions = 6;
    private IndexBackend backend = IndexBackend.ELASTICSEARCH;
    private TestElasticsearch elasticsearch;
    private Duration finishQuietPeriod = Duration.ofSeconds(5);
    private Duration leaseDuration = Duration.ofSeconds(15);
    private Duration sessionTimeout = Duration.ofSeconds(6);
    private Duration readyTimeout = Duration.ofMinutes(5);
    private Duration stopGrace = Duration.ofSeconds(60);
    private final List<String> jvmOptions = new ArrayList<>(DEFAULT_JVM_OPTIONS);
    private final Map<ServiceKind, List<String>> arguments = new EnumMap<>(ServiceKind.class);

    private Builder(Path workDir) {
      this.workDir = workDir.toAbsolutePath();
      try {
        Files.createDirectories(this.workDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + workDir, e);
      }
    }

    /** The test web the fetchers reach through host overrides. */
    public Builder web(TestWeb web) {
      this.web = web;
      return this;
    }

    /** Frontier instances, sharing the work by Kafka Streams partition assignment (default 1). */
    public Builder frontiers(int count) {
      this.frontiers = requireAtLeast(count, 1, "frontiers");
      return this;
    }

    /** Fetchers at start (default 2). */
    public Builder fetchers(int count) {
      this.fetchers = requireAtLeast(count, 1, "fetchers");
      return this;
    }

    /** Partitions of the keyed work topics (default 6: room for several fetchers). */
    public Builder partitions(int count) {
      this.partitions = requireAtLeast(count, 1, "partitions");
      return this;
    }

    /** Elasticsearch (default) or the embedded Lucene index. */
    public Builder index(IndexBackend backend) {
      this.backend = Objects.requireNonNull(backend);
      return this;
    }

    /** The Elasticsearch to index into (default: {@code TestElasticsearch.get()}). */
    public Builder elasticsearch(TestElasticsearch elasticsearch) {
      this.elasticsearch = Objects.requireNonNull(elasticsearch);
      return this;
    }

    /** Quiet time after which the frontier calls a crawl finished (default 5 s). */
    public Builder finishQuietPeriod(Duration period) {
      this.finishQuietPeriod = Objects.requireNonNull(period);
      return this;
    }

    /** How long a fetcher has for an outcome before its URL is re-released (default 15 s). */
    public Builder leaseDuration(Duration duration) {
      this.leaseDuration = Objects.requireNonNull(duration);
      return this;
    }

    /**
     * Kafka consumer session timeout of every service (default 6 s, the broker's minimum): how soon
     * a killed instance's partitions move to the others.
     */
    public Builder sessionTimeout(Duration timeout) {
      this.sessionTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** How long a service may take to answer healthy (default 5 min: a shared, loaded machine). */
    public Builder readyTimeout(Duration timeout) {
      this.readyTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Replaces the services' JVM options. The default ({@value #DEFAULT_JVM_OPTIONS_TEXT}) favours
     * start-up on a small machine running several JVMs: C1 only, one GC thread. Benchmarks of
     * steady-state throughput should pass production-like options instead.
     */
    public Builder jvmOptions(String... options) {
      jvmOptions.clear();
      jvmOptions.addAll(List.of(options));
      return this;
    }

    /** Extra {@code --property=value} arguments for every instance of a service; last wins. */
    public Builder arguments(ServiceKind kind, String... extra) {
      arguments.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(List.of(extra));
      return this;
    }

    public CrawlCluster build() {
      return new CrawlCluster(this);
    }

    private static int requireAtLeast(int value, int minimum, String what) {
      if (value < minimum) {
        throw new IllegalArgumentException(what + " must be at least " + minimum + ": " + value);
      }
      return value;
    }
  }
}
