package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlMessage;
import dev.crawler.common.messages.IndexedCount;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.frontier.FrontierProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The frontier's Kafka Streams topology (Processor API).
 *
 * <pre>
 * crawl.urls ─────┐                       ┌─► crawl.fetch     (FetchTask by politeness key)
 *                 ├─► FrontierProcessor ──┼─► crawl.urls      (sitemaps, re-keyed candidates)
 * crawl.outcomes ─┘   local stores:       ├─► crawl.jobs      (FINISHED)
 *                     seen, host queues,  ├─► progress topic  (counters per crawl and task)
 *                     host states, ready, └─► crawl.dlq
 *                     counters, pending, recrawl,
 *                     learned traps
 * global stores: crawl.jobs, progress topic, crawl.indexed
 * </pre>
 *
 * {@code crawl.urls} and {@code crawl.outcomes} are co-partitioned by politeness key, so one task
 * owns every URL and outcome of a host. Every topic is the install's ({@link KafkaNames}: the
 * cluster's topic prefix applied, to the progress topic too). The local stores are persistent
 * (RocksDB) with changelogs.
 */
public final class FrontierTopology {

  static final String SEEN_STORE = "seen-urls";
  static final String HOST_QUEUE_STORE = "host-queues";
  static final String HOST_STATE_STORE = "host-states";
  static final String HOST_LEASES_STORE = "host-leases";
  static final String READY_STORE = "ready-hosts";
  static final String COUNTERS_STORE = "crawl-counters";
  static final String PENDING_STORE = "pending-urls";
  static final String RECRAWL_STORE = "recrawl-schedule";
  static final String TRAPS_STORE = "learned-traps";

  /** The global store of crawls by id, from {@code crawl.jobs}. */
  public static final String JOBS_STORE = "crawl-jobs";

  /** The global store of per-task crawl counters, from the progress topic. */
  public static final String PROGRESS_STORE = "crawl-progress";

  /** The global store of indexed document counts by crawl id, from {@code crawl.indexed}. */
  public static final String INDEXED_STORE = "crawl-indexed";

  static final String FETCH_SINK = "fetch-sink";
  static final String URLS_SINK = "urls-sink";
  static final String JOBS_SINK = "jobs-sink";
  static final String PROGRESS_SINK = "progress-sink";
  static final String DLQ_SINK = "dlq-sink";

  private static final String PROCESSOR = "frontier";

  private FrontierTopology() {}

  /**
   * The topology.
   *
   * @param settings the frontier configuration
   * @param politenessKey the cluster's politeness key mode
   * @param names the install's topic names
   * @param metrics where the scheduler's meters go
   * @param tracer begins each fetch task's trace and continues those of consumed records
   */
  public static Topology build(
      FrontierProperties settings,
      PolitenessKey politenessKey,
      KafkaNames names,
      SchedulerMetrics metrics,
      RecordTracer tracer) {
    Topology topology = new Topology();
    String progressTopic = names.topic(settings.progressTopic());
    KnownCrawls knownCrawls = new KnownCrawls();
    Map<String, String> globals = globalStores(settings, names);
    addGlobal(topology, JOBS_STORE, globals.get(JOBS_STORE), CrawlJob.class, knownCrawls::changed);
    addGlobal(
        topology,
        PROGRESS_STORE,
        globals.get(PROGRESS_STORE),
        CrawlCounters.class,
        (key, value) -> {});
    addGlobal(
        topology,
        INDEXED_STORE,
        globals.get(INDEXED_STORE),
        IndexedCount.class,
        (key, value) -> {});

    ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
    topology.addSource("urls-source", bytesIn, bytesIn, names.urls());
    topology.addSource("outcomes-source", bytesIn, bytesIn, names.outcomes());
    topology.addProcessor(
        PROCESSOR,
        () -> new FrontierProcessor(settings, politenessKey, names, metrics, tracer, knownCrawls),
        "urls-source",
        "outcomes-source");
    for (String store :
        new String[] {
          SEEN_STORE, HOST_QUEUE_STORE, HOST_LEASES_STORE, READY_STORE, PENDING_STORE, RECRAWL_STORE
        }) {
      topology.addStateStore(
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(store), Serdes.Bytes(), Serdes.ByteArray()),
          PROCESSOR);
    }
    // Every candidate writes its crawl's counters twice, every admission or outcome its host's
    // state, and every link its source page's template: Kafka Streams' record cache folds those
    // writes into one changelog record per key and
    // commit instead of one each.
    for (String store : new String[] {HOST_STATE_STORE, COUNTERS_STORE, TRAPS_STORE}) {
      topology.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
              .withCachingEnabled(),
          PROCESSOR);
    }

    ByteArraySerializer bytesOut = new ByteArraySerializer();
    topology.addSink(FETCH_SINK, names.fetch(), bytesOut, bytesOut, PROCESSOR);
    topology.addSink(URLS_SINK, names.urls(), bytesOut, bytesOut, PROCESSOR);
    topology.addSink(JOBS_SINK, names.jobs(), bytesOut, bytesOut, PROCESSOR);
    topology.addSink(PROGRESS_SINK, progressTopic, bytesOut, bytesOut, PROCESSOR);
    topology.addSink(DLQ_SINK, names.dlq(), bytesOut, bytesOut, PROCESSOR);
    return topology;
  }

  /**
   * The global stores and the topic each is a copy of, by store name. Every instance holds them in
   * full, read from the topics' beginnings; they have no changelog of their own.
   */
  public static Map<String, String> globalStores(FrontierProperties settings, KafkaNames names) {
    Map<String, String> stores = new LinkedHashMap<>();
    stores.put(JOBS_STORE, names.jobs());
    stores.put(PROGRESS_STORE, names.topic(settings.progressTopic()));
    stores.put(INDEXED_STORE, names.indexed());
    return Collections.unmodifiableMap(stores);
  }

  private static <V extends CrawlMessage> void addGlobal(
      Topology topology,
      String store,
      String topic,
      Class<V> type,
      BiConsumer<String, V> onChange) {
    JsonCodec<V> codec = JsonCodec.of(type);
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(), codec)
            .withLoggingDisabled(),
        store + "-source",
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        topic,
        store + "-writer",
        () -> new GlobalStoreWriter<>(store, codec, onChange));
  }
}
