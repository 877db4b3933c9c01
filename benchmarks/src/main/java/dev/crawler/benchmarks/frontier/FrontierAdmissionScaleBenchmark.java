package dev.crawler.benchmarks.frontier;

import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.frontier.FrontierApplication;
import dev.crawler.testsupport.kafka.KafkaBrokerProcess;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How fast one frontier instance admits new URLs, and whether its heap stays flat as its stores
 * grow: the real frontier service (Kafka Streams topology, RocksDB stores with changelogs,
 * exactly-once) against a real Kafka broker in its own process, fed distinct URLs of many hosts on
 * {@code crawl.urls} as fast as a producer can write them.
 *
 * <p>The URLs are admitted in phases up to each checkpoint (by default 1 million, then 10 million
 * in total). A phase produces its URLs and waits until the frontier's own {@code
 * frontier.urls.admitted} counter has counted them all; then it runs a full GC and reports the heap
 * in use, the process RSS and the state directory's size. No fetcher runs: each host's first URL is
 * released and its lease (one hour here) keeps the host busy, as slow fetchers would, so the figure
 * is admission (normalise, dedup, rules, budgets, enqueue) with the scheduler idle beside it.
 *
 * <p>Run: {@code java -Xmx512m -cp benchmarks/target/benchmarks.jar
 * dev.crawler.benchmarks.frontier.FrontierAdmissionScaleBenchmark [--checkpoints=1000000,10000000]
 * [--hosts=10000] [--time-limit=40m] [--work-dir=PARENT]}. It exits 1 if the time limit passes
 * first.
 */
public final class FrontierAdmissionScaleBenchmark {

  private static final JsonCodec<UrlCandidate> CANDIDATES = JsonCodec.of(UrlCandidate.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Set<String> OPTIONS =
      Set.of("checkpoints", "hosts", "time-limit", "work-dir");

  private final List<Long> checkpoints;
  private final int hosts;
  private final Duration timeLimit;
  private final Path workDir;
  private final Instant deadline;
  private final List<String> results = new ArrayList<>();

  private FrontierAdmissionScaleBenchmark(
      List<Long> checkpoints, int hosts, Duration timeLimit, Path workDir) {
    this.checkpoints = checkpoints;
    this.hosts = hosts;
    this.timeLimit = timeLimit;
    this.workDir = workDir;
    this.deadline = Instant.now().plus(timeLimit);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    List<Long> checkpoints =
        Arrays.stream(options.getOrDefault("checkpoints", "1000000,10000000").split(","))
            .map(String::trim)
            .map(Long::parseLong)
            .sorted()
            .toList();
    int hosts = Integer.parseInt(options.getOrDefault("hosts", "10000"));
    Duration timeLimit = parseDuration(options.getOrDefault("time-limit", "40m"));
    // A fresh directory (inside --work-dir if given), removed at the end: millions of URLs take
    // gigabytes of broker logs and RocksDB files.
    Path workDir =
        Files.createTempDirectory(
            Path.of(options.getOrDefault("work-dir", System.getProperty("java.io.tmpdir"))),
            "frontier-admission-bench");
    if (checkpoints.getFirst() < 1 || hosts < 1) {
      throw new IllegalArgumentException("--checkpoints and --hosts must be positive");
    }
    boolean finished =
        new FrontierAdmissionScaleBenchmark(checkpoints, hosts, timeLimit, workDir).run();
    System.exit(finished ? 0 : 1);
  }

  private boolean run() throws Exception {
    System.out.printf(
        "frontier admission benchmark: checkpoints=%s hosts=%d time_limit=%s work_dir=%s"
            + " max_heap=%dMiB cpus=%d%n",
        checkpoints,
        hosts,
        timeLimit,
        workDir,
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    Path stateDir = workDir.resolve("frontier-state");
    // Segments far above the test default (1 MiB), so that millions of records do not mean
    // thousands of segment files and memory maps in the broker.
    KafkaBrokerProcess.Builder brokerOptions =
        KafkaBrokerProcess.builder(workDir.resolve("broker"))
            .setting("log.segment.bytes", String.valueOf(256 << 20))
            .setting("log.index.size.max.bytes", String.valueOf(10 << 20));
    benchmarkLibraries().ifPresent(brokerOptions::classpath);
    KafkaBrokerProcess broker = null;
    ConfigurableApplicationContext frontier = null;
    boolean finished = false;
    try {
      broker = brokerOptions.build().start();
      frontier =
          FrontierApplication.application()
              .run(
                  "--server.port=0",
                  "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                  "--crawler.frontier.state-dir=" + stateDir,
                  "--crawler.frontier.application-id=frontier-admission-bench",
                  "--crawler.frontier.lease-duration=1h",
                  // A loopback benchmark: its API calls need no key.
                  "--crawler.security.mode=none",
                  "--logging.level.org.apache.kafka=WARN");
      MeterRegistry meters = frontier.getBean(MeterRegistry.class);
      String port = frontier.getEnvironment().getRequiredProperty("local.server.port");
      String crawlId = createCrawl(port);
      awaitAdmitted(meters, 1, "seed"); // the crawl's seed
      finished = admitInPhases(broker.bootstrapServers(), crawlId, meters, stateDir);
      if (finished) {
        JsonNode status = publishedCounters(port, crawlId, checkpoints.getLast() + 1);
        results.add(
            String.format(
                Locale.ROOT,
                "crawl counters: discovered=%d queued=%d inFlight=%d filtered=%d",
                status.path("discovered").asLong(),
                status.path("queued").asLong(),
                status.path("inFlight").asLong(),
                status.path("filtered").asLong()));
      }
    } finally {
      if (frontier != null) {
        frontier.close();
      }
      if (broker != null) {
        broker.stop();
      }
      deleteRecursively(workDir);
    }
    System.out.println();
    System.out.println("=== frontier admission: results ===");
    results.forEach(System.out::println);
    System.out.println(finished ? "=== done ===" : "=== FAILED: time limit " + timeLimit + " ===");
    return finished;
  }

  private boolean admitInPhases(
      String bootstrapServers, String crawlId, MeterRegistry meters, Path stateDir)
      throws IOException {
    long produced = 0;
    try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers)) {
      for (long checkpoint : checkpoints) {
        double admittedBefore = admitted(meters);
        long producedBefore = produced;
        long phaseStart = System.nanoTime();
        for (; produced < checkpoint && Instant.now().isBefore(deadline); produced++) {
          String url = url(produced);
          producer.send(
              new ProducerRecord<>(
                  Topics.URLS,
                  PolitenessKey.HOST.of(url),
                  CANDIDATES.encode(
                      new UrlCandidate(crawlId, url, 1, UrlSource.LINK, null, null, 0, null))));
        }
        producer.flush();
        double producedSeconds = seconds(System.nanoTime() - phaseStart);
        // Past the deadline production stops short, and the wait returns at once.
        boolean reached =
            produced == checkpoint
                && awaitAdmitted(
                    meters, admittedBefore + produced - producedBefore, checkpoint + " URLs");
        String label =
            reached ? String.format(Locale.ROOT, "at %,d URLs", checkpoint) : "at the time limit";
        double phaseUrls = admitted(meters) - admittedBefore;
        double phaseSeconds = seconds(System.nanoTime() - phaseStart);
        long heapAfterGc = heapAfterGc();
        results.add(
            String.format(
                Locale.ROOT,
                "%s (%,.0f admitted in all): phase of %,.0f URLs admitted in %.1f s = %,.0f URLs/s"
                    + " (produced in %.1f s); heap used after GC %d MiB; RSS %d MiB;"
                    + " state dir %d MiB",
                label,
                admitted(meters) - 1, // the seed
                phaseUrls,
                phaseSeconds,
                phaseUrls / phaseSeconds,
                producedSeconds,
                heapAfterGc >> 20,
                rssBytes() >> 20,
                sizeOf(stateDir) >> 20));
        System.out.println(results.getLast());
        if (!reached) {
          return false;
        }
      }
    }
    return true;
  }

  /** Waits until the frontier has admitted {@code target} URLs in all; false past the deadline. */
  private boolean awaitAdmitted(MeterRegistry meters, double target, String what) {
    Instant nextReport = Instant.now().plus(PROGRESS_EVERY);
    while (admitted(meters) < target) {
      if (Instant.now().isAfter(deadline)) {
        System.out.printf(
            "time limit reached waiting for %s: admitted=%.0f%n", what, admitted(meters));
        return false;
      }
      if (Instant.now().isAfter(nextReport)) {
        System.out.printf(
            "%s admitted=%,.0f target=%,.0f%n", Instant.now(), admitted(meters), target);
        nextReport = Instant.now().plus(PROGRESS_EVERY);
      }
      pause(POLL);
    }
    return true;
  }

  /**
   * The Kafka jars for the broker process when this runs from {@code benchmarks.jar}, whose class
   * path is in its manifest ({@code lib/} beside it) rather than in {@code java.class.path}.
   */
  private static Optional<String> benchmarkLibraries() throws URISyntaxException {
    if (System.getProperty(KafkaBrokerProcess.CLASSPATH_PROPERTY) != null) {
      return Optional.empty();
    }
    Path jar =
        Path.of(
            FrontierAdmissionScaleBenchmark.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    Path lib = jar.resolveSibling("lib");
    return Files.isRegularFile(jar) && Files.isDirectory(lib)
        ? Optional.of(lib.toAbsolutePath() + File.separator + "*")
        : Optional.empty();
  }

  /** The i-th URL: hosts in turn, so every host's queue grows alike. */
  private String url(long i) {
    return "http://host-"
        + (i % hosts)
        + ".bench.test/section-"
        + (i % 97)
        + "/page-"
        + i
        + ".html";
  }

  private static double admitted(MeterRegistry meters) {
    return meters.get("frontier.urls.admitted").counter().count();
  }

  private static String createCrawl(String port) throws IOException, InterruptedException {
    String body =
        """
        {"name":"admission-benchmark","seeds":["http://host-0.bench.test/"],"scope":"ANY",
         "maxDepth":10,"maxPages":0,"maxPagesPerHost":0,"minDelayMs":1000}
        """;
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/crawls"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("crawl not created: " + response.body());
    }
    return JSON.readTree(response.body()).path("id").asString();
  }

  /**
   * The crawl's counters from the API once they show every admitted URL: tasks publish their
   * counters every second, so the cluster-wide view lags the meter a little.
   */
  private static JsonNode publishedCounters(String port, String crawlId, long discovered)
      throws IOException, InterruptedException {
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
    JsonNode counters = get(port, "/api/crawls/" + crawlId).path("counters");
    while (counters.path("discovered").asLong() < discovered && Instant.now().isBefore(giveUp)) {
      pause(POLL);
      counters = get(port, "/api/crawls/" + crawlId).path("counters");
    }
    return counters;
  }

  private static JsonNode get(String port, String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "zstd",
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /** The heap in use after a full collection: what the frontier really keeps on the heap. */
  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The resident set of this process (heap, RocksDB's native memory, code), from Linux. */
  private static long rssBytes() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    try (Stream<String> lines = Files.lines(status)) {
      return lines
          .filter(line -> line.startsWith("VmRSS:"))
          .map(line -> line.replaceAll("\\D", ""))
          .mapToLong(kib -> Long.parseLong(kib) * 1024)
          .findFirst()
          .orElse(-1);
    }
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(file -> {
            try {
              return Files.size(file);
            } catch (IOException e) {
              return 0; // a RocksDB file compacted away while we counted
            }
          })
          .sum();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(file);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + file, e);
        }
      }
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      if (!arg.startsWith("--") || equals < 0 || !OPTIONS.contains(name.substring(2))) {
        throw new IllegalArgumentException(
            "expected --name=value with a name of " + OPTIONS + ", was " + arg);
      }
      options.put(name.substring(2), arg.substring(equals + 1));
    }
    return options;
  }

  private static Duration parseDuration(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
    return switch (lower.charAt(lower.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> throw new IllegalArgumentException("--time-limit like 40m, was " + text);
    };
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
