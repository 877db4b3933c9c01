package dev.crawler.benchmarks.indexer;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.indexer.IndexerApplication;
import dev.crawler.indexer.index.DocumentIndex;
import dev.crawler.testsupport.elasticsearch.TestElasticsearch;
import dev.crawler.testsupport.kafka.TestKafka;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Documents per second through the indexer's real ingestion path, into the Elasticsearch process
 * and into Lucene on disk.
 *
 * <p>It puts {@code --documents} synthetic pages ({@link SyntheticPages}: 5-20 KB of text, a title,
 * a description, headings) as upserts on {@code crawl.documents} of the test broker, then, for each
 * backend and batch size, starts the indexer application (its consumer, batching and index adapter,
 * as deployed) with a new consumer group and a new index, and times how long it takes to consume
 * the whole backlog into the index. It ends by checking that the index holds every document exactly
 * once. Each run stops at {@code --timeout} at the latest and then reports the rate so far.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.crawler.benchmarks.indexer.IndexingThroughputBenchmark \
 *     [--documents=50000] [--backends=elasticsearch,lucene] [--batch-documents=500] \
 *     [--batch-bytes=8MB] [--timeout=PT10M]
 * </pre>
 *
 * {@code --batch-documents} takes a comma-separated list to compare bulk sizes.
 */
public final class IndexingThroughputBenchmark {

  private static final int PARTITIONS = 12;
  private static final long SEED = 42;
  private static final Duration COUNT_VISIBLE_WITHIN = Duration.ofSeconds(60);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final int documents;
  private final List<String> backends;
  private final List<Integer> batchDocuments;
  private final String batchBytes;
  private final Duration timeout;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final String crawlId = "bench-" + runId;

  private IndexingThroughputBenchmark(Map<String, String> options) {
    documents = Integer.parseInt(options.getOrDefault("documents", "50000"));
    backends = List.of(options.getOrDefault("backends", "elasticsearch,lucene").split(","));
    batchDocuments =
        Arrays.stream(options.getOrDefault("batch-documents", "500").split(","))
            .map(Integer::valueOf)
            .toList();
    batchBytes = options.getOrDefault("batch-bytes", "8MB");
    timeout = Duration.parse(options.getOrDefault("timeout", "PT10M"));
    if (documents < 1) {
      throw new IllegalArgumentException("--documents must be at least 1");
    }
    for (String backend : backends) {
      if (!backend.equals("elasticsearch") && !backend.equals("lucene")) {
        throw new IllegalArgumentException("--backends takes elasticsearch and/or lucene");
      }
    }
  }

  public static void main(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      String[] option = arg.split("=", 2);
      if (option.length != 2 || !option[0].startsWith("--")) {
        System.err.println(
            "usage: IndexingThroughputBenchmark [--documents=N] [--backends=elasticsearch,lucene]"
                + " [--batch-documents=N[,N...]] [--batch-bytes=SIZE] [--timeout=ISO-8601]");
        System.exit(2);
      }
      options.put(option[0].substring(2), option[1]);
    }
    // The test broker's threads would keep the JVM alive after a failure: exit either way; the
    // broker and Elasticsearch stop in their shutdown hooks.
    try {
      new IndexingThroughputBenchmark(options).run();
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private void run() throws Exception {
    String kafka = TestKafka.bootstrapServers();
    createDocumentsTopic(kafka);
    Backlog backlog = produceBacklog(kafka);
    List<Result> results = new ArrayList<>();
    for (int batch : batchDocuments) {
      for (String backend : backends) {
        Result result = index(kafka, backend, batch);
        results.add(result);
        System.out.println(result.line());
      }
    }
    printReport(backlog, results);
  }

  private static void createDocumentsTopic(String kafka) throws Exception {
    Topics.TopicSpec spec =
        Topics.all(PARTITIONS, (short) 1).stream()
            .filter(topic -> topic.name().equals(Topics.DOCUMENTS))
            .findFirst()
            .orElseThrow();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
                      .configs(spec.config())))
          .all()
          .get(1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  /** Puts every page on the topic, as the parser would: upserts keyed by URL, zstd-compressed. */
  private Backlog produceBacklog(String kafka) {
    SyntheticPages pages = new SyntheticPages(SEED);
    JsonCodec<IndexOp> codec = JsonCodec.of(IndexOp.class);
    long bytes = 0;
    long textChars = 0;
    long started = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "zstd",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                512 * 1024))) {
      for (int i = 0; i < documents; i++) {
        IndexOp op = IndexOp.upsert(pages.page(crawlId, i));
        byte[] value = codec.encode(op);
        bytes += value.length;
        textChars += op.document().text().length();
        producer.send(
            new ProducerRecord<>(
                Topics.DOCUMENTS, op.url().getBytes(StandardCharsets.UTF_8), value));
      }
      producer.flush();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf(
        Locale.ROOT,
        "backlog: %d documents, %.1f MB of records, mean body %d chars, produced in %.1f s%n",
        documents,
        bytes / 1e6,
        textChars / documents,
        took.toMillis() / 1e3);
    return new Backlog(bytes, textChars / documents);
  }

  /** One run: a fresh indexer (new group, new index) consumes the whole backlog. */
  private Result index(String kafka, String backend, int batch) throws IOException {
    Path luceneDirectory = Files.createTempDirectory("bench-lucene-");
    List<String> args = new ArrayList<>();
    args.add("--spring.kafka.bootstrap-servers=" + kafka);
    args.add("--crawler.kafka.partitions=" + PARTITIONS);
    args.add("--crawler.indexer.backend=" + backend);
    args.add("--crawler.indexer.ingest.group-id=bench-" + backend + "-" + batch + "-" + runId);
    args.add("--crawler.indexer.ingest.batch-documents=" + batch);
    args.add("--crawler.indexer.ingest.max-poll-records=" + Math.min(batch, 10_000));
    args.add("--crawler.indexer.ingest.batch-bytes=" + batchBytes);
    args.add("--logging.level.root=WARN");
    if (backend.equals("elasticsearch")) {
      TestElasticsearch elasticsearch = TestElasticsearch.get();
      args.add("--crawler.indexer.elasticsearch.uris=" + elasticsearch.httpUri());
      args.add(
          "--crawler.indexer.elasticsearch.server-major-version="
              + elasticsearch.serverMajorVersion());
      args.add("--crawler.indexer.elasticsearch.index=bench-" + batch + "-" + runId);
      args.add("--crawler.indexer.elasticsearch.replicas=0");
    } else {
      args.add("--crawler.indexer.lucene.path=" + luceneDirectory);
    }
    long started = System.nanoTime();
    try (ConfigurableApplicationContext indexer =
        IndexerApplication.application()
            .web(WebApplicationType.NONE)
            .run(args.toArray(String[]::new))) {
      long ready = System.nanoTime();
      MeterRegistry meters = indexer.getBean(MeterRegistry.class);
      long deadline = ready + timeout.toNanos();
      long nextProgress = ready + PROGRESS_EVERY.toNanos();
      double indexed;
      while ((indexed = indexed(meters)) < documents && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        if (System.nanoTime() >= nextProgress) {
          System.out.printf(
              Locale.ROOT, "  %s batch=%d: %.0f/%d indexed%n", backend, batch, indexed, documents);
          nextProgress += PROGRESS_EVERY.toNanos();
        }
      }
      long done = System.nanoTime();
      long inIndex = countInIndex(indexer.getBean(DocumentIndex.class));
      Timer bulk = meters.get("crawler.indexer.bulk.latency").timer();
      DistributionSummary operations = meters.get("crawler.indexer.bulk.operations").summary();
      return new Result(
          backend,
          batch,
          (long) indexed,
          inIndex,
          indexed < documents,
          Duration.ofNanos(ready - started),
          Duration.ofNanos(done - ready),
          bulk.count(),
          operations.mean(),
          operations.max(),
          bulk.mean(TimeUnit.MILLISECONDS),
          bulk.max(TimeUnit.MILLISECONDS),
          retries(meters));
    } finally {
      deleteRecursively(luceneDirectory);
    }
  }

  private static double indexed(MeterRegistry meters) {
    return meters.get("crawler.indexer.documents.indexed").counter().count();
  }

  private static double retries(MeterRegistry meters) {
    return meters.get("crawler.indexer.bulk.retries").counter().count();
  }

  /** The index's own count once its last writes are searchable: every document exactly once. */
  private long countInIndex(DocumentIndex index) {
    long deadline = System.nanoTime() + COUNT_VISIBLE_WITHIN.toNanos();
    long count = index.countByCrawl(crawlId);
    while (count < documents && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      count = index.countByCrawl(crawlId);
    }
    return count;
  }

  private void printReport(Backlog backlog, List<Result> results) {
    System.out.println();
    System.out.println("== Indexer ingestion throughput ==");
    System.out.printf(
        Locale.ROOT,
        "documents=%d (mean body %d chars, %.1f MB of IndexOp JSON), partitions=%d,"
            + " batch-bytes=%s, timeout=%s%n",
        documents,
        backlog.meanBodyChars(),
        backlog.bytes() / 1e6,
        PARTITIONS,
        batchBytes,
        timeout);
    System.out.printf(
        Locale.ROOT,
        "%-13s %6s %9s %8s %9s %7s %10s %10s %11s %7s %s%n",
        "backend",
        "batch",
        "docs/s",
        "MB/s",
        "seconds",
        "bulks",
        "ops/bulk",
        "bulk ms",
        "bulk max ms",
        "retries",
        "in index");
    for (Result result : results) {
      double seconds = result.consumed().toNanos() / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%-13s %6d %9.0f %8.2f %9.1f %7d %10.0f %10.0f %11.0f %7.0f %d%s%n",
          result.backend(),
          result.batch(),
          result.indexed() / seconds,
          backlog.bytes() * ((double) result.indexed() / documents) / 1e6 / seconds,
          seconds,
          result.bulks(),
          result.meanOperations(),
          result.meanBulkMillis(),
          result.maxBulkMillis(),
          result.retries(),
          result.inIndex(),
          result.timedOut() ? " TIMED OUT" : "");
    }
    System.out.println(
        "docs/s: documents applied to the index / time from the started application to the last"
            + " bulk (consumer group join included; start-up not).");
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(path -> {
            try {
              Files.delete(path);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  private record Backlog(long bytes, long meanBodyChars) {}

  private record Result(
      String backend,
      int batch,
      long indexed,
      long inIndex,
      boolean timedOut,
      Duration startUp,
      Duration consumed,
      long bulks,
      double meanOperations,
      double maxOperations,
      double meanBulkMillis,
      double maxBulkMillis,
      double retries) {

    String line() {
      return String.format(
          Locale.ROOT,
          "%s batch=%d: %d indexed in %.1f s (start-up %.1f s), %d bulks of %.0f ops on average"
              + " (max %.0f), %d in the index%s",
          backend,
          batch,
          indexed,
          consumed.toNanos() / 1e9,
          startUp.toNanos() / 1e9,
          bulks,
          meanOperations,
          maxOperations,
          inIndex,
          timedOut ? ", TIMED OUT" : "");
    }
  }
}
