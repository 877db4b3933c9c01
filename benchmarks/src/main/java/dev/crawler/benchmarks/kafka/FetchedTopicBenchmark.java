package dev.crawler.benchmarks.kafka;

import com.sun.management.OperatingSystemMXBean;
import dev.crawler.benchmarks.web.ArticleWeb;
import dev.crawler.common.kafka.FetchedPageCodec;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchedPage;
import dev.crawler.testsupport.kafka.TestKafka;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a page costs on its way through {@code crawl.fetched} in the standalone setup, where the
 * fetcher's producer, the broker and the parser's consumer share one JVM, for each record encoding
 * (the JSON of earlier releases, {@link FetchedPageCodec}) and each producer compression (none,
 * lz4, zstd). The fetch and the parse are left out: they do not change with either.
 *
 * <p>Each run sends {@value #PAGES} pages of {@link ArticleWeb} (20 to 60 KB, 41 KB on average) to
 * a topic of its own at {@value #PAGES_PER_SECOND} pages per second (about the standalone's fetch
 * rate at zero delay), keyed by URL, with the fetcher's producer settings, and reads them back with
 * the parser's consumer settings and codec. The figure is the process's CPU time (every thread:
 * producer, broker, consumer, garbage collector) from the first send to the last page decoded, per
 * 1,000 pages; the broker's idle work costs every run alike, as every run lasts about as long. A
 * warm-up pass of each variant comes first; then {@value #ROUNDS} rounds, in alternating order,
 * against drift in the machine's load.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.crawler.benchmarks.kafka.FetchedTopicBenchmark}. It takes about 8 minutes.
 */
public final class FetchedTopicBenchmark {

  private static final int PAGES = 3_000;
  private static final int PAGES_PER_SECOND = 250;
  private static final int WARM_UP_PAGES = 2_000;
  private static final int ROUNDS = 4;

  /** The standalone's {@code crawler.kafka.partitions}. */
  private static final int PARTITIONS = 4;

  /**
   * The standalone broker's {@code log.segment.bytes}; the test broker's is Kafka's minimum, whose
   * frequent segment rolls would cost uncompressed records more than compressed ones.
   */
  private static final String SEGMENT_BYTES = Integer.toString(64 * 1024 * 1024);

  private static final List<String> COMPRESSIONS = List.of("none", "lz4", "zstd");
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  /** How a page becomes a record and back. */
  enum Encoding {
    /** As fetchers of earlier releases wrote it: JSON, the body in base64. */
    JSON {
      private final JsonCodec<FetchedPage> codec = JsonCodec.of(FetchedPage.class);

      @Override
      ProducerRecord<byte[], byte[]> record(String topic, FetchedPage page) {
        return new ProducerRecord<>(topic, utf8(page.url()), codec.encode(page));
      }

      @Override
      FetchedPage page(ConsumerRecord<byte[], byte[]> record) {
        return codec.decode(record.value());
      }
    },
    /** As the fetcher writes it now: the body as the value, the other fields in headers. */
    BINARY {
      @Override
      ProducerRecord<byte[], byte[]> record(String topic, FetchedPage page) {
        Headers headers = new RecordHeaders();
        byte[] body = FetchedPageCodec.encode(page, headers);
        return new ProducerRecord<>(topic, null, utf8(page.url()), body, headers);
      }

      @Override
      FetchedPage page(ConsumerRecord<byte[], byte[]> record) {
        return FetchedPageCodec.decode(record.headers(), record.value());
      }
    };

    abstract ProducerRecord<byte[], byte[]> record(String topic, FetchedPage page);

    abstract FetchedPage page(ConsumerRecord<byte[], byte[]> record);
  }

  /** An encoding sent with a producer compression. */
  record Variant(Encoding encoding, String compression) {

    @Override
    public String toString() {
      return encoding.name().toLowerCase(Locale.ROOT) + " + " + compression;
    }
  }

  /**
   * One run's figures.
   *
   * @param pages the pages sent and decoded
   * @param cpuNanos the process's CPU time from the first send to the last page decoded
   * @param storedBytes the size of the topic's log on the broker
   */
  record Run(int pages, long cpuNanos, long storedBytes) {

    double cpuSecondsPer1000Pages() {
      return cpuNanos / 1e9 / pages * 1_000;
    }
  }

  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final String kafka;
  private final Admin admin;
  private final List<FetchedPage> pages;
  private int topics;

  private FetchedTopicBenchmark(String kafka, List<FetchedPage> pages) {
    this.kafka = kafka;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
    this.pages = pages;
  }

  public static void main(String[] args) throws Exception {
    // The broker must run in this JVM, as the standalone's does, so that its CPU time is counted.
    System.setProperty("crawler.test.docker", "false");
    int exit = 1;
    try {
      System.out.println("load average at start: " + loadAverage());
      new FetchedTopicBenchmark(TestKafka.bootstrapServers(), pages()).run();
      System.out.println("load average at end: " + loadAverage());
      exit = 0;
    } catch (Exception e) {
      e.printStackTrace();
    }
    // The in-JVM broker's threads would keep the JVM alive: exit explicitly, even after a failure.
    System.exit(exit);
  }

  private void run() throws Exception {
    List<Variant> variants = new ArrayList<>();
    for (Encoding encoding : Encoding.values()) {
      for (String compression : COMPRESSIONS) {
        variants.add(new Variant(encoding, compression));
      }
    }
    for (Variant variant : variants) {
      measure(variant, WARM_UP_PAGES);
    }
    Map<Variant, List<Run>> runs = new LinkedHashMap<>();
    for (int round = 1; round <= ROUNDS; round++) {
      for (Variant variant : round % 2 == 1 ? variants : variants.reversed()) {
        Run run = measure(variant, PAGES);
        runs.computeIfAbsent(variant, v -> new ArrayList<>()).add(run);
        System.out.printf(
            "round %d, %s: %.2f CPU s per 1,000 pages%n",
            round, variant, run.cpuSecondsPer1000Pages());
      }
    }
    System.out.printf(
        "%n| encoding + compression | CPU s per 1,000 pages, each round | mean | stored bytes per"
            + " page |%n|---|---|---:|---:|%n");
    for (Variant variant : variants) {
      List<Run> measured = runs.get(variant);
      System.out.printf(
          "| %s | %s | %.2f | %,d |%n",
          variant,
          String.join(
              ", ",
              measured.stream()
                  .map(run -> "%.2f".formatted(run.cpuSecondsPer1000Pages()))
                  .toList()),
          measured.stream().mapToDouble(Run::cpuSecondsPer1000Pages).average().orElseThrow(),
          measured.getLast().storedBytes() / PAGES);
    }
  }

  private Run measure(Variant variant, int count) throws Exception {
    String topic = "bench.fetched." + topics++;
    admin
        .createTopics(
            List.of(
                new NewTopic(topic, PARTITIONS, (short) 1)
                    .configs(
                        Map.of(
                            "max.message.bytes",
                            Integer.toString(Topics.MAX_FETCHED_RECORD_BYTES),
                            "segment.bytes",
                            SEGMENT_BYTES))))
        .all()
        .get();
    try (KafkaProducer<byte[], byte[]> producer = producer(variant.compression());
        KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions =
          IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Asks each partition's leader for its start: the topic is served before the clock starts.
      partitions.forEach(consumer::position);
      CompletableFuture<Void> decoded =
          CompletableFuture.runAsync(() -> decodeAll(consumer, variant.encoding(), count));
      long cpuStart = os.getProcessCpuTime();
      long intervalNanos = TimeUnit.SECONDS.toNanos(1) / PAGES_PER_SECOND;
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        LockSupport.parkNanos(start + i * intervalNanos - System.nanoTime());
        producer.send(variant.encoding().record(topic, pages.get(i % pages.size())));
      }
      decoded.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      long cpu = os.getProcessCpuTime() - cpuStart;
      return new Run(count, cpu, storedBytes(topic));
    } finally {
      admin.deleteTopics(List.of(topic)).all().get(); // a run writes up to 160 MB
    }
  }

  private static void decodeAll(
      KafkaConsumer<byte[], byte[]> consumer, Encoding encoding, int count) {
    Instant deadline = Instant.now().plus(PATIENCE);
    int decoded = 0;
    while (decoded < count) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("only " + decoded + " of " + count + " pages came back");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        encoding.page(record);
        decoded++;
      }
    }
  }

  private long storedBytes(String topic) throws Exception {
    int broker = admin.describeCluster().nodes().get().iterator().next().id();
    return admin
        .describeLogDirs(List.of(broker))
        .allDescriptions()
        .get()
        .get(broker)
        .values()
        .stream()
        .flatMap(dir -> dir.replicaInfos().entrySet().stream())
        .filter(replica -> replica.getKey().topic().equals(topic))
        .mapToLong(replica -> replica.getValue().size())
        .sum();
  }

  /** The fetcher's producer settings ({@code FetcherConfiguration}), with this compression. */
  private KafkaProducer<byte[], byte[]> producer(String compression) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_FETCHED_RECORD_BYTES);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The parser's consumer settings ({@code parser.yaml}), without a group. */
  private KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            50,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** 1,000 distinct articles as the fetcher hands them on, sent in turn. */
  private static List<FetchedPage> pages() {
    ArticleWeb web = ArticleWeb.generate(200, 5, 16);
    List<FetchedPage> pages = new ArrayList<>(web.pageCount());
    Instant now = Instant.now();
    for (int h = 0; h < web.hosts(); h++) {
      for (int p = 0; p < web.pagesPerHost(); p++) {
        pages.add(
            new FetchedPage(
                "bench",
                "http://" + ArticleWeb.hostName(h) + ":8080" + ArticleWeb.path(p),
                1,
                200,
                Map.of("content-type", "text/html; charset=utf-8"),
                "text/html",
                "utf-8",
                web.body(h, p, 8080),
                false,
                now));
      }
    }
    return pages;
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
