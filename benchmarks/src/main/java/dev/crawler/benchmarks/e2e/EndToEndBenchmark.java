package dev.crawler.benchmarks.e2e;

import dev.crawler.benchmarks.e2e.BenchmarkOptions.Mode;
import dev.crawler.benchmarks.web.ArticleWeb;
import dev.crawler.testsupport.cluster.ServiceJars;
import dev.crawler.testsupport.web.TestWeb;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The crawler end to end against the machine's limits, in one run that stops by itself: a local web
 * of realistic pages ({@link ArticleWeb}: 200 hosts on their own loopback addresses, 20 to 60 KB
 * articles, served by {@code TestWeb}'s HTTP servers inside this JVM, whose CPU is reported apart
 * from the crawler's); the machine's limits (the pages per second that web serves to {@code wrk},
 * and jsoup's parse-only pages per second on two threads); then a zero-delay crawl of the whole web
 * by the standalone jar, the same by the distributed crawler (broker, Elasticsearch and five
 * service JVMs with two fetchers); one host at zero delay and a small site crawled to their end
 * with {@code --exit-when-done}; politeness-bound crawls ({@link PoliteCase}: 20 hosts at 200 ms, 2
 * at 20 ms), and one while CPU burners keep every core busy. It prints a markdown result block with
 * each figure, the ratios to the limits and a met / not-met line per target, and exits 1 if a run
 * failed or the web server saw a politeness violation. {@code --modes} picks a subset of the runs.
 *
 * <p>Run it with {@code scripts/bench} ({@code scripts/bench --help} for the options), which builds
 * what is missing and runs this class from a copy of the benchmarks jar.
 */
public final class EndToEndBenchmark {

  private static final long WEB_SEED = 42;
  private static final long POLITE_WEB_SEED = 7;
  private static final long SITE_WEB_SEED = 11;

  /**
   * How much longer the CPU burners may run than a politeness-bound crawl's warm-up and window: the
   * wait for its first fetch ({@code PoliteMeasurement}'s limit of 2 minutes) and some slack. They
   * are stopped as soon as the crawl is measured; this only bounds them should the benchmark die.
   */
  private static final Duration LOAD_MARGIN = Duration.ofMinutes(3);

  private final BenchmarkOptions options;
  private final Path workDir;
  private final Path standaloneJar;

  private EndToEndBenchmark(BenchmarkOptions options, Path workDir, Path standaloneJar) {
    this.options = options;
    this.workDir = workDir;
    this.standaloneJar = standaloneJar;
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help")) {
      System.out.print(BenchmarkOptions.USAGE);
      System.exit(0);
    }
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args, ServiceJars.repositoryRoot());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    boolean passed = false;
    try {
      Path workDir = Files.createTempDirectory("e2e-benchmark-");
      System.out.println("work directory (logs, JFR recordings): " + workDir);
      // A private copy: a rebuild during the run must not change the jar under a running JVM.
      Path standaloneJar =
          Files.copy(standaloneJar(options.repository()), workDir.resolve("standalone.jar"));
      passed = new EndToEndBenchmark(options, workDir, standaloneJar).run();
      // A full run leaves about 1.3 GB of crawl data: kept only to look into a failure or profiles.
      if (passed && !options.jfr()) {
        deleteRecursively(workDir);
      } else {
        System.out.println("kept the work directory " + workDir);
      }
    } catch (Exception e) {
      e.printStackTrace();
    }
    // Cluster and broker clients leave non-daemon threads behind: exit explicitly.
    System.exit(passed ? 0 : 1);
  }

  private boolean run() throws Exception {
    WebServerLimit.wrk();
    Report report = new Report(options, MachineState.now());
    if (options.modes().contains(Mode.STANDALONE) || options.modes().contains(Mode.DISTRIBUTED)) {
      zeroDelayRuns(report);
    }
    if (options.modes().contains(Mode.SINGLE_HOST)) {
      report.singleHost(siteRun(Mode.SINGLE_HOST, options.singleHostPages()));
    }
    if (options.modes().contains(Mode.SMALL_SITE)) {
      report.smallSite(siteRun(Mode.SMALL_SITE, options.smallSitePages()));
    }
    if (options.modes().contains(Mode.POLITE)) {
      for (PoliteCase politeCase : options.politeCases()) {
        report.polite(politeRun(politeCase));
      }
    }
    if (options.modes().contains(Mode.LOADED_POLITE)) {
      report.polite(politeRun(options.loadedCase()));
    }
    report.finish(MachineState.now());
    System.out.println();
    System.out.print(report.markdown());
    return report.passed();
  }

  private void zeroDelayRuns(Report report) throws Exception {
    System.out.printf(
        "generating %d hosts x %d pages of %d-%d KB%n",
        options.hosts(),
        options.pagesPerHost(),
        ArticleWeb.MIN_PAGE_BYTES / 1024,
        ArticleWeb.MAX_PAGE_BYTES / 1024);
    ArticleWeb articles = ArticleWeb.generate(options.hosts(), options.pagesPerHost(), WEB_SEED);
    report.web(articles);
    try (TestWeb web = articles.start()) {
      System.out.println("measuring the web server's limit with wrk");
      report.webServerLimit(
          WebServerLimit.measure(web, articles, options.limitDuration(), workDir));
      System.out.println("measuring jsoup's parse-only limit on 2 threads");
      report.jsoupLimit(
          JsoupParseLimit.measure(
              articles, web.port(), options.limitDuration().dividedBy(2), options.limitDuration()));
      List<String> seeds = articles.seedUrls(web);
      if (options.modes().contains(Mode.STANDALONE)) {
        System.out.println("standalone crawl, zero delay");
        try (StandaloneCrawl crawl =
            standalone(web, articles, Duration.ZERO, false, "standalone")) {
          report.crawl(CrawlMeasurement.measure("standalone", crawl, web, options.timeLimit()));
        }
        web.requests().clear();
      }
      if (options.modes().contains(Mode.DISTRIBUTED)) {
        System.out.println(
            "distributed crawl, zero delay (starting broker, Elasticsearch, services)");
        try (DistributedCrawl crawl =
            DistributedCrawl.start(
                web,
                seeds,
                articles.pageCount(),
                jvmOptions(options.serviceHeap()),
                workDir.resolve("distributed"),
                options.jfr())) {
          report.crawl(CrawlMeasurement.measure("distributed", crawl, web, options.timeLimit()));
        }
      }
    }
  }

  /** One host at zero delay, crawled by the standalone jar with {@code --exit-when-done}. */
  private SiteCrawlMeasurement.Result siteRun(Mode mode, int pages) throws Exception {
    ArticleWeb articles = ArticleWeb.generate(1, pages, SITE_WEB_SEED);
    System.out.printf(
        "%s crawl: 1 host x %d pages, zero delay, --exit-when-done%n", mode.label(), pages);
    try (TestWeb web = articles.start();
        StandaloneCrawl crawl = standalone(web, articles, Duration.ZERO, true, mode.label())) {
      return SiteCrawlMeasurement.measure(mode.label(), crawl, web, options.timeLimit());
    }
  }

  private PoliteMeasurement.Result politeRun(PoliteCase politeCase) throws Exception {
    ArticleWeb articles =
        ArticleWeb.generate(
            politeCase.hosts(),
            politeCase.pagesPerHost(options.politeCrawlTime()),
            POLITE_WEB_SEED);
    System.out.printf(
        "politeness-bound crawl: %d hosts x %d pages, %d ms delay%s%n",
        articles.hosts(),
        articles.pagesPerHost(),
        politeCase.delay().toMillis(),
        politeCase.underLoad() ? ", CPU burners on every core" : "");
    String name = (politeCase.underLoad() ? "loaded-polite-" : "polite-") + politeCase.label();
    // The burners start once the crawler is up (resources open in order), so that it is the
    // crawl, not the start-up, that competes with them; null, and not closed, without load.
    try (TestWeb web = articles.start();
        StandaloneCrawl crawl = standalone(web, articles, politeCase.delay(), false, name);
        CpuLoad load =
            politeCase.underLoad()
                ? CpuLoad.start(options.politeCrawlTime().plus(LOAD_MARGIN), workDir.resolve(name))
                : null) {
      return PoliteMeasurement.measure(
          crawl,
          web,
          politeCase,
          options.politeWarmUp(),
          options.politeDuration(),
          Optional.ofNullable(load));
    }
  }

  /**
   * The standalone jar on a crawl of every page of {@code articles}, served by {@code web}, with
   * its logs and data in the work directory's {@code name}.
   */
  private StandaloneCrawl standalone(
      TestWeb web, ArticleWeb articles, Duration delay, boolean exitWhenDone, String name)
      throws IOException {
    return StandaloneCrawl.start(
        standaloneJar,
        web,
        articles.seedUrls(web),
        articles.pageCount(),
        delay,
        exitWhenDone,
        jvmOptions(options.standaloneHeap()),
        workDir.resolve(name));
  }

  /**
   * Production-like JVM options: full tiered JIT, the default collector, the given heap; with
   * {@code --jfr} a profiling recording per process, written when it stops.
   */
  private List<String> jvmOptions(String heap) throws IOException {
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"));
    if (options.jfr()) {
      Path recordings = Files.createDirectories(workDir.resolve("jfr"));
      jvm.add(
          "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
              + recordings.resolve("%p.jfr"));
    }
    return jvm;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static Path standaloneJar(Path repository) throws IOException {
    Path target = repository.resolve("standalone").resolve("target");
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "standalone-*-exec.jar")) {
      for (Path jar : jars) {
        return jar;
      }
    } catch (NoSuchFileException e) {
      // Reported below like a missing jar.
    }
    throw new IllegalStateException(
        "no standalone-*-exec.jar in "
            + target
            + ": build it with scripts/bench or ./crawl --help");
  }
}
