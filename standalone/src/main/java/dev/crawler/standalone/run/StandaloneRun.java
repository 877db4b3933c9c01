package dev.crawler.standalone.run;

import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.frontier.FrontierProperties;
import dev.crawler.frontier.api.CrawlController;
import dev.crawler.frontier.crawls.CrawlCatalog;
import dev.crawler.frontier.crawls.CrawlStatus;
import dev.crawler.frontier.crawls.FrontierUnavailableException;
import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.DocumentIndex;
import dev.crawler.parser.ParserProperties;
import dev.crawler.standalone.broker.EmbeddedKafkaBroker;
import dev.crawler.standalone.cli.CrawlOptions;
import dev.crawler.standalone.progress.FetchRate;
import dev.crawler.standalone.progress.PipelineMeters;
import dev.crawler.standalone.progress.ProgressPrinter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One run of the {@code crawl} command: starts the embedded broker (unless an external Kafka is
 * given) and then the services' context, starts or resumes the crawl of the given URLs, shows its
 * progress and, once it ended and everything fetched is indexed, its summary. Then it either exits
 * ({@code --exit-when-done}) or keeps serving the search page and API until stopped. Stopping
 * (Ctrl-C, SIGTERM) closes the context first, so the services drain and commit, then the broker.
 */
public final class StandaloneRun {

  private static final Logger log = LoggerFactory.getLogger(StandaloneRun.class);

  /** The longest wait for the frontier's stores at start-up (a restore after a crash included). */
  private static final Duration FRONTIER_READY_TIMEOUT = Duration.ofMinutes(3);

  private static final Duration POLL = Duration.ofMillis(250);

  /**
   * The longest wait, once a crawl ended, for the parser and indexer to consume what it fetched: a
   * few seconds normally, so running out means a stage has stopped.
   */
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

  /** The window of the pages-per-second figure. */
  private static final Duration RATE_WINDOW = Duration.ofSeconds(10);

  /**
   * The broker's default partition count, which applies only to topics created automatically; the
   * broker refuses that (the services create theirs with {@code crawler.kafka.partitions}).
   */
  private static final int BROKER_DEFAULT_PARTITIONS = 1;

  private static final int FAILED = 1;

  private final CrawlOptions options;
  private final ControlApiAccess access;
  private final SpringApplicationBuilder application;
  private final PrintStream out;
  private final ProgressPrinter printer;
  private final ConsoleLog consoleLog;
  private EmbeddedKafkaBroker broker;
  private ConfigurableApplicationContext context;
  private volatile boolean stopping;

  /**
   * @param options the command line
   * @param access whether the crawl API needs a key
   * @param application the standalone application, not yet run
   * @param out where progress and summary go
   */
  public StandaloneRun(
      CrawlOptions options,
      ControlApiAccess access,
      SpringApplicationBuilder application,
      PrintStream out) {
    this.options = options;
    this.access = access;
    this.application = application;
    this.out = out;
    this.printer =
        new ProgressPrinter(out, ProgressPrinter.stdoutIsTerminal() && !options.verbose());
    this.consoleLog =
        new ConsoleLog(options.dataDir().toAbsolutePath().normalize(), options.verbose());
  }

  /**
   * Runs until the followed crawl is done.
   *
   * @return the exit status when the process should exit now ({@code --exit-when-done}, or a
   *     failure), or empty when it keeps serving until stopped
   */
  public OptionalInt run() {
    Path dataDir = options.dataDir().toAbsolutePath().normalize();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "crawl-shutdown"));
    String bootstrapServers;
    try {
      Files.createDirectories(dataDir);
      consoleLog.configureEarlyLogging();
      bootstrapServers = startKafka(dataDir);
      context =
          application.registerShutdownHook(false).run(springArguments(dataDir, bootstrapServers));
    } catch (RuntimeException | IOException e) {
      printer.message("crawl: cannot start: " + startFailure(e));
      log.error("event=start_failed", e);
      stop();
      return OptionalInt.of(FAILED);
    }
    String address = "http://" + hostForUrl(options.bind()) + ":" + localPort();
    if (access.open()) {
      log.warn(
          "event=control_api_open address={} reason=\"no API key: the crawl API at {}/api/crawls"
              + " is open to every user and process on this machine\" fix=\"set"
              + " CRAWLER_SECURITY_APIKEYS or --api-key to require a key\"",
          options.bind(),
          address);
    }
    try {
      return follow(address, bootstrapServers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    } catch (RuntimeException e) {
      if (stopping) {
        return OptionalInt.empty();
      }
      printer.message("crawl: " + rootMessage(e));
      log.error("event=run_failed", e);
      stop();
      return OptionalInt.of(FAILED);
    }
  }

  private OptionalInt follow(String address, String bootstrapServers) throws InterruptedException {
    FollowedCrawls crawls =
        new FollowedCrawls(
            context.getBean(CrawlController.class),
            context.getBean(CrawlCatalog.class),
            context.getBean(FrontierProperties.class).limits().listSize());
    crawls.awaitReady(FRONTIER_READY_TIMEOUT);
    Optional<CrawlJob> followed =
        options.seeds().isEmpty()
            ? crawls.newestUnfinished()
            : Optional.of(crawls.startOrResume(options));
    String whereToLook =
        "   Search: "
            + address
            + "/   Crawls: "
            + address
            + "/crawls.html   Log: "
            + consoleLog.file();
    if (followed.isEmpty()) {
      printer.message(
          "No unfinished crawl in the data directory; serving its index." + whereToLook);
      return OptionalInt.empty();
    }
    String crawlId = followed.get().id();
    printer.message("Crawling " + followed.get().name() + " (crawl " + crawlId + ")" + whereToLook);
    warnOfWarcMismatch(followed.get());
    Ended ended;
    try (PipelineDrain drain =
        new PipelineDrain(
            bootstrapServers,
            context.getBean(KafkaNames.class),
            context.getBean(ParserProperties.class).consumerGroup(),
            context.getBean(IndexerProperties.class).ingest().groupId())) {
      ended = awaitEnd(crawls, crawlId, drain);
    }
    if (ended == null) {
      return OptionalInt.empty();
    }
    // The drained pipeline has applied every document; a refresh makes them count at once.
    DocumentIndex index = context.getBean(DocumentIndex.class);
    index.refresh();
    long indexed = index.countByCrawl(crawlId);
    printer.summary(ended.status(), indexed, sinceProcessStart(), address + "/");
    if (!options.exitWhenDone()) {
      return OptionalInt.empty();
    }
    stop();
    boolean finished = ended.status().job().state() == CrawlState.FINISHED;
    return OptionalInt.of(finished && ended.drained() ? 0 : FAILED);
  }

  /**
   * A resumed crawl keeps the WARC setting it was created with, whatever this run's {@code --warc}
   * says: tell the user when the two differ, since files they expect would be missing.
   */
  private void warnOfWarcMismatch(CrawlJob crawl) {
    boolean archiving = options.warcDir() != null;
    if (archiving && !crawl.warc()) {
      printer.message(
          "crawl: crawl "
              + crawl.id()
              + " was started without --warc; its pages are not kept as WARC files");
    } else if (!archiving && crawl.warc()) {
      printer.message(
          "crawl: crawl "
              + crawl.id()
              + " was started with --warc; without --warc DIR this run keeps no WARC files of it");
    }
  }

  /**
   * How the followed crawl ended.
   *
   * @param status its final status
   * @param drained whether everything it fetched reached the index
   */
  private record Ended(CrawlStatus status, boolean drained) {}

  /**
   * The crawl's end, once it ended and the pipeline drained (or failed to drain in time), or null
   * when stopping.
   */
  private Ended awaitEnd(FollowedCrawls crawls, String crawlId, PipelineDrain drain)
      throws InterruptedException {
    PipelineMeters meters = new PipelineMeters(context.getBean(MeterRegistry.class));
    FetchRate rate = new FetchRate(RATE_WINDOW);
    long shownAt = System.nanoTime();
    long endedAt = 0;
    while (!stopping) {
      try {
        CrawlStatus status = crawls.status(crawlId);
        long now = System.nanoTime();
        if (status.job().state().isTerminal()) {
          endedAt = endedAt == 0 ? now : endedAt;
          if (drain.drained()) {
            return new Ended(status, true);
          }
          if (now - endedAt > DRAIN_TIMEOUT.toNanos()) {
            printer.message(
                "crawl: the parser or indexer stopped consuming; some fetched pages may be missing"
                    + " from the index (see the log)");
            return new Ended(status, false);
          }
        }
        if (now - shownAt >= printer.interval().toNanos()) {
          PipelineMeters.Counts counts = meters.read();
          printer.progress(status, counts, rate.update(now, counts.fetched()), sinceProcessStart());
          shownAt = now;
        }
      } catch (FrontierUnavailableException e) {
        // A rebalance of the frontier's tasks: its stores answer again shortly.
        log.debug("event=frontier_unavailable reason=\"{}\"", e.getMessage());
      }
      Thread.sleep(POLL);
    }
    return null;
  }

  /** The services' properties, plus where the log goes (see {@link ConsoleLog}). */
  private String[] springArguments(Path dataDir, String bootstrapServers) {
    List<String> arguments =
        new ArrayList<>(List.of(ServiceArguments.of(options, dataDir, bootstrapServers)));
    arguments.addAll(access.arguments());
    arguments.addAll(consoleLog.springArguments());
    return arguments.toArray(String[]::new);
  }

  private String startKafka(Path dataDir) {
    if (options.kafkaBootstrapServers() != null) {
      return options.kafkaBootstrapServers();
    }
    broker =
        EmbeddedKafkaBroker.start(
            dataDir.resolve(ServiceArguments.KAFKA_DIR), BROKER_DEFAULT_PARTITIONS);
    return broker.bootstrapServers();
  }

  /** Closes the services, then the broker they talk to. Safe to call more than once. */
  private synchronized void stop() {
    stopping = true;
    if (context != null) {
      context.close();
      context = null;
    }
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  private String localPort() {
    return context.getEnvironment().getProperty("local.server.port");
  }

  private static String hostForUrl(String bind) {
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      return "127.0.0.1";
    }
    return bind.indexOf(':') >= 0 ? "[" + bind + "]" : bind;
  }

  private static Duration sinceProcessStart() {
    return Duration.between(
        Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()), Instant.now());
  }

  private static String startFailure(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PortInUseException inUse) {
        return "port " + inUse.getPort() + " is in use; choose another with --port";
      }
    }
    return rootMessage(e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
