package dev.crawler.benchmarks.fetcher;

import dev.crawler.benchmarks.web.ArticleWeb;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.testsupport.kafka.TestKafka;
import dev.crawler.testsupport.process.ChildProcess;
import dev.crawler.testsupport.process.FreePorts;
import dev.crawler.testsupport.web.TestWeb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How many pages per second one fetcher process fetches, and at what CPU cost, when nothing but the
 * fetcher itself limits it: a local web of many hosts on loopback addresses serving realistic 20 to
 * 60 KB HTML pages without delay, and FetchTasks with no politeness delay produced straight to
 * {@code crawl.fetch} (no frontier).
 *
 * <p>The fetcher runs as its own JVM from its executable jar, exactly as deployed, so its CPU time
 * ({@code utime + stime} of {@code /proc/PID/stat}) and peak RSS ({@code VmHWM}) are its own; the
 * web servers, the Kafka broker (in this JVM) and the outcome counter run beside it on the same
 * cores. The rate is measured from the first outcome to the last, and the CPU over the same window,
 * so JVM start-up is reported separately and does not dilute the figure.
 *
 * <p>Run from the repository root after {@code mvn -B install -DskipTests}: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.crawler.benchmarks.fetcher.FetcherThroughputBenchmark
 * [--pages=20000] [--hosts=200] [--pages-per-host=30] [--time-limit=3m] [--fetcher-heap=512m]
 * [--fetcher-jar=fetcher-service/target/fetcher-service-0.1.0-SNAPSHOT-exec.jar]
 * [--fetcher-args=--crawler.fetcher.max-in-flight=512,...]}. It stops when every task has an
 * outcome or when the time limit passes, whichever comes first, and reports what it measured up to
 * then; it exits 1 only if the fetcher produced no outcome at all or died.
 */
public final class FetcherThroughputBenchmark {

  private static final JsonCodec<FetchTask> TASKS = JsonCodec.of(FetchTask.class);
  private static final JsonCodec<FetchOutcome> OUTCOMES = JsonCodec.of(FetchOutcome.class);
  private static final Set<String> OPTIONS =
      Set.of(
          "pages",
          "hosts",
          "pages-per-host",
          "time-limit",
          "fetcher-heap",
          "fetcher-jar",
          "fetcher-args");
  private static final int PARTITIONS = 12;
  private static final Duration STARTUP_LIMIT = Duration.ofMinutes(2);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final int pages;
  private final int hosts;
  private final int pagesPerHost;
  private final Duration timeLimit;
  private final String fetcherHeap;
  private final Path fetcherJar;
  private final List<String> fetcherArgs;

  private FetcherThroughputBenchmark(Map<String, String> options) {
    pages = Integer.parseInt(options.getOrDefault("pages", "20000"));
    hosts = Integer.parseInt(options.getOrDefault("hosts", "200"));
    pagesPerHost = Integer.parseInt(options.getOrDefault("pages-per-host", "30"));
    timeLimit = Duration.parse("PT" + options.getOrDefault("time-limit", "3m").toUpperCase());
    fetcherHeap = options.getOrDefault("fetcher-heap", "512m");
    fetcherJar =
        Path.of(
                options.getOrDefault(
                    "fetcher-jar",
                    "fetcher-service/target/fetcher-service-0.1.0-SNAPSHOT-exec.jar"))
            .toAbsolutePath();
    String extra = options.getOrDefault("fetcher-args", "");
    fetcherArgs = extra.isBlank() ? List.of() : List.of(extra.split(","));
    if (pages < 1 || hosts < 1 || hosts > 254 || pagesPerHost < 1) {
      throw new IllegalArgumentException(
          "--pages and --pages-per-host must be positive, --hosts 1 to 254");
    }
    if (!Files.isRegularFile(fetcherJar)) {
      throw new IllegalArgumentException(
          "no fetcher jar at " + fetcherJar + ": build it with mvn -B install -DskipTests");
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      String name = arg.startsWith("--") && equals > 2 ? arg.substring(2, equals) : null;
      if (name == null || !OPTIONS.contains(name)) {
        System.err.println("unknown argument " + arg + "; options: " + OPTIONS);
        System.exit(2);
      }
      options.put(name, arg.substring(equals + 1));
    }
    boolean complete = false;
    try {
      complete = new FetcherThroughputBenchmark(options).run();
    } catch (Exception e) {
      e.printStackTrace();
    }
    // The in-JVM broker's threads would keep the JVM alive: exit explicitly, even after a failure.
    System.exit(complete ? 0 : 1);
  }

  private boolean run() throws Exception {
    String machineBefore = machineState();
    System.out.printf(
        "building a web of %d hosts x %d pages (%d-%d KB each)%n",
        hosts, pagesPerHost, ArticleWeb.MIN_PAGE_BYTES / 1024, ArticleWeb.MAX_PAGE_BYTES / 1024);
    try (TestWeb web = web()) {
      String kafka = TestKafka.bootstrapServers();
      Path log = Files.createTempFile("fetcher-benchmark-", ".log");
      int port = FreePorts.pick();
      String group = "fetcher-benchmark-" + UUID.randomUUID();
      ChildProcess fetcher = startFetcher(web, kafka, port, group, log);
      try {
        awaitReady(fetcher, kafka, port);
        long startupTicks = cpuTicks(fetcher.pid());
        List<FetchTask> tasks = tasks(web);
        Measurement measurement = measure(fetcher, kafka, tasks);
        long peakRssKb = peakRssKb(fetcher.pid());
        report(machineBefore, web, tasks.size(), startupTicks, measurement, peakRssKb, log);
        return measurement.first() != null && !measurement.fetcherDied();
      } finally {
        fetcher.stop(STOP_GRACE);
      }
    }
  }

  // ---- the web ----

  private TestWeb web() {
    return ArticleWeb.generate(hosts, pagesPerHost, 42).start();
  }

  /** The pages round-robin over the hosts, so every host has work all the time. */
  private List<FetchTask> tasks(TestWeb web) {
    Instant leaseDeadline = Instant.now().plus(Duration.ofHours(1));
    List<FetchTask> tasks = new ArrayList<>(pages);
    for (int i = 0; i < pages; i++) {
      String url =
          web.url(ArticleWeb.hostName(i % hosts), ArticleWeb.path((i / hosts) % pagesPerHost));
      tasks.add(
          new FetchTask("task-" + i, "benchmark", url, 1, 1, leaseDeadline, 0, null, null, 1, 0));
    }
    return tasks;
  }

  // ---- the fetcher process ----

  private ChildProcess startFetcher(TestWeb web, String kafka, int port, String group, Path log)
      throws IOException {
    // A copy, so a rebuild of the module during the run cannot pull the jar from under the JVM.
    Path jar = Files.createTempFile("fetcher-benchmark-", ".jar");
    Files.copy(fetcherJar, jar, StandardCopyOption.REPLACE_EXISTING);
    jar.toFile().deleteOnExit();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java,
            "-Xmx" + fetcherHeap,
            "-XX:+UseParallelGC",
            "-jar",
            jar.toString(),
            "--spring.kafka.bootstrap-servers=" + kafka,
            "--server.port=" + port,
            "--crawler.kafka.partitions=" + PARTITIONS,
            "--crawler.fetcher.consumer-group=" + group,
            "--crawler.fetcher.allowed-cidrs=127.0.0.0/8",
            "--crawler.fetcher.host-overrides=" + String.join(",", web.resolveEntries())));
    command.addAll(fetcherArgs);
    System.out.println("fetcher: " + String.join(" ", command.subList(0, 8)) + " ...");
    return ChildProcess.start(
        "fetcher", command, Map.of(), Path.of("").toAbsolutePath(), log, false);
  }

  /** Ready when its health is UP (consumer polling) and it has created crawl.fetch. */
  private static void awaitReady(ChildProcess fetcher, String kafka, int port) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
        HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest health =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
              .timeout(Duration.ofSeconds(2))
              .build();
      fetcher.awaitReady(
          () -> {
            try {
              // Health answers 503 until the consumer loop polls (see FetchConsumerHealth).
              return admin.listTopics().names().get().contains(Topics.FETCH)
                  && http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException | java.util.concurrent.ExecutionException e) {
              return false;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return false;
            }
          },
          STARTUP_LIMIT);
    }
  }

  // ---- the measurement ----

  /**
   * What happened between the first and the last outcome.
   *
   * @param outcomes outcomes seen, by kind
   * @param first when the first outcome was seen
   * @param last when the last outcome was seen
   * @param ticksAtFirst the fetcher's CPU ticks when the first outcome was seen
   * @param ticksAtLast the fetcher's CPU ticks when the last outcome was seen
   * @param complete whether every task had an outcome (else the time limit stopped the run)
   * @param fetcherDied whether the fetcher process exited during the run
   */
  private record Measurement(
      Map<OutcomeKind, Integer> outcomes,
      Instant first,
      Instant last,
      long ticksAtFirst,
      long ticksAtLast,
      boolean complete,
      boolean fetcherDied) {

    int total() {
      return outcomes.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private Measurement measure(ChildProcess fetcher, String kafka, List<FetchTask> tasks) {
    Map<OutcomeKind, Integer> outcomes = new EnumMap<>(OutcomeKind.class);
    try (KafkaConsumer<byte[], byte[]> consumer = outcomeConsumer(kafka);
        KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      // The topic is new in this broker: every outcome on it is from this run.
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.OUTCOMES).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      System.out.printf("producing %d tasks to %s%n", tasks.size(), Topics.FETCH);
      for (FetchTask task : tasks) {
        producer.send(
            new ProducerRecord<>(
                Topics.FETCH, utf8(PolitenessKey.HOST.of(task.url())), TASKS.encode(task)));
      }
      producer.flush();
      Instant deadline = Instant.now().plus(timeLimit);
      Instant first = null;
      Instant last = null;
      long ticksAtFirst = 0;
      long ticksAtLast = 0;
      int seen = 0;
      Instant nextProgress = Instant.now().plus(PROGRESS_EVERY);
      while (seen < tasks.size() && Instant.now().isBefore(deadline) && fetcher.isAlive()) {
        int before = seen;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          outcomes.merge(OUTCOMES.decode(record.value()).kind(), 1, Integer::sum);
          seen++;
        }
        if (seen > before) {
          last = Instant.now();
          ticksAtLast = cpuTicks(fetcher.pid());
          if (first == null) {
            first = last;
            ticksAtFirst = ticksAtLast;
          }
        }
        if (Instant.now().isAfter(nextProgress)) {
          System.out.printf("  %d/%d outcomes%n", seen, tasks.size());
          nextProgress = Instant.now().plus(PROGRESS_EVERY);
        }
      }
      return new Measurement(
          outcomes,
          first,
          last,
          ticksAtFirst,
          ticksAtLast,
          seen >= tasks.size(),
          !fetcher.isAlive());
    }
  }

  private void report(
      String machineBefore,
      TestWeb web,
      int taskCount,
      long startupTicks,
      Measurement m,
      long peakRssKb,
      Path log) {
    double ticksPerSecond = clockTicksPerSecond();
    int total = m.total();
    double seconds = m.first() == null ? 0 : Duration.between(m.first(), m.last()).toNanos() / 1e9;
    // The first outcome opens the window, so it is not counted in the rate.
    double rate = seconds > 0 ? (total - 1) / seconds : 0;
    double windowCpu = (m.ticksAtLast() - m.ticksAtFirst()) / ticksPerSecond;
    double cpuPer1000 = total > 1 ? windowCpu / (total - 1) * 1000 : 0;
    long pageRequests = web.requests().all().stream().filter(r -> !r.isRobotsTxt()).count();
    System.out.println();
    System.out.println("=== fetcher throughput: results ===");
    System.out.printf("machine before        %s%n", machineBefore);
    System.out.printf("machine after         %s%n", machineState());
    System.out.printf(
        "web                   %d hosts, %d distinct pages%n", hosts, hosts * pagesPerHost);
    System.out.printf("tasks                 %d, outcomes %d %s%n", taskCount, total, m.outcomes());
    System.out.printf(
        "page requests served  %d (+ %d robots.txt)%n",
        pageRequests, web.requests().size() - pageRequests);
    System.out.printf("window                %.1f s (first to last outcome)%n", seconds);
    System.out.printf("fetched pages/s       %.0f%n", rate);
    System.out.printf(
        "fetcher CPU in window %.1f s (%.2f cores)%n",
        windowCpu, seconds > 0 ? windowCpu / seconds : 0);
    System.out.printf("CPU s per 1,000 pages %.2f%n", cpuPer1000);
    System.out.printf(
        "fetcher start-up CPU  %.1f s (JVM and Spring, before the first task)%n",
        startupTicks / ticksPerSecond);
    System.out.printf(
        "fetcher peak RSS      %d MiB (heap -Xmx%s)%n", peakRssKb / 1024, fetcherHeap);
    System.out.printf("fetcher log           %s%n", log);
    System.out.printf(
        "stopped by            %s%n",
        m.fetcherDied()
            ? "the fetcher process dying (see its log)"
            : m.complete() ? "every task done" : "the time limit of " + timeLimit);
    System.out.println(m.first() != null && !m.fetcherDied() ? "=== done ===" : "=== FAILED ===");
  }

  // ---- /proc ----

  /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
  private static long cpuTicks(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) may contain spaces; the fields after it are plain.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long peakRssKb(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "status"))
        .lines()
        .filter(line -> line.startsWith("VmHWM:"))
        .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
        .findFirst()
        .orElse(0L);
  }

  private static double clockTicksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String value = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      getconf.waitFor();
      return Double.parseDouble(value.strip());
    } catch (IOException | NumberFormatException e) {
      return 100; // Linux's USER_HZ on every common architecture
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  private static String machineState() {
    String load = read(Path.of("/proc/loadavg")).strip();
    return "nproc=" + Runtime.getRuntime().availableProcessors() + " loadavg=" + load;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- Kafka clients ----

  private static KafkaConsumer<byte[], byte[]> outcomeConsumer(String kafka) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            2000),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static KafkaProducer<byte[], byte[]> producer(String kafka) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka,
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "zstd"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
