package dev.crawler.benchmarks.e2e;

import dev.crawler.benchmarks.web.ArticleWeb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/** Collects the figures of one benchmark run and prints them as a markdown result block. */
final class Report {

  private static final double E2E_TARGET = 0.50;
  private static final double SINGLE_HOST_TARGET = 150;
  private static final double EXIT_TARGET_SECONDS = 5;
  private static final double SMALL_SITE_DONE_TARGET_SECONDS = 10;

  private final BenchmarkOptions options;
  private final MachineState before;
  private final List<CrawlMeasurement.Result> crawls = new ArrayList<>();
  private MachineState after;
  private ArticleWeb web;
  private WebServerLimit.Result webServerLimit;
  private double jsoupLimit = Double.NaN;
  private final List<PoliteMeasurement.Result> polite = new ArrayList<>();
  private SiteCrawlMeasurement.Result singleHost;
  private SiteCrawlMeasurement.Result smallSite;

  Report(BenchmarkOptions options, MachineState before) {
    this.options = options;
    this.before = before;
  }

  void web(ArticleWeb articles) {
    this.web = articles;
  }

  void webServerLimit(WebServerLimit.Result result) {
    this.webServerLimit = result;
  }

  void jsoupLimit(double pagesPerSecond) {
    this.jsoupLimit = pagesPerSecond;
  }

  void crawl(CrawlMeasurement.Result result) {
    crawls.add(result);
  }

  void polite(PoliteMeasurement.Result result) {
    polite.add(result);
  }

  void singleHost(SiteCrawlMeasurement.Result result) {
    this.singleHost = result;
  }

  void smallSite(SiteCrawlMeasurement.Result result) {
    this.smallSite = result;
  }

  void finish(MachineState machine) {
    this.after = machine;
  }

  /** Every run measured something and no web server saw a politeness violation. */
  boolean passed() {
    boolean crawlsOk =
        crawls.stream().allMatch(c -> c.violations() == 0 && c.counts().indexed() > 0);
    boolean sitesOk = sites().stream().allMatch(site -> site.violations() == 0);
    return crawlsOk && sitesOk && polite.stream().allMatch(run -> run.violations() == 0);
  }

  private List<SiteCrawlMeasurement.Result> sites() {
    return Stream.of(singleHost, smallSite).filter(Objects::nonNull).toList();
  }

  private double smallerLimit() {
    return webServerLimit == null
        ? Double.NaN
        : Math.min(webServerLimit.pagesPerSecond(), jsoupLimit);
  }

  String markdown() {
    StringBuilder out = new StringBuilder("=== end-to-end benchmark: results ===\n\n");
    line(
        out,
        "Machine: nproc %d, %s; load average %s at the start (%s), %s at the end (%s); %d s in all.",
        before.processors(),
        MachineState.jdk(),
        before.loadAverage(),
        before.at(),
        after.loadAverage(),
        after.at(),
        Duration.between(before.at(), after.at()).toSeconds());
    if (web != null) {
      limits(out);
      zeroDelay(out);
    }
    if (!sites().isEmpty()) {
      sites(out);
    }
    if (!polite.isEmpty()) {
      polite(out);
    }
    targets(out);
    out.append("\n=== ").append(passed() ? "done" : "FAILED").append(" ===\n");
    return out.toString();
  }

  private void limits(StringBuilder out) {
    out.append("\n| machine limit, same run | pages/s |\n|---|---:|\n");
    line(
        out,
        "| web server (`TestWeb`, %d hosts) to `wrk`, 2 threads, 64 keep-alive connections, %s | %s |",
        web.hosts(),
        "non-2xx " + webServerLimit.notOk() + ", socket errors " + webServerLimit.socketErrors(),
        number(webServerLimit.pagesPerSecond()));
    line(out, "| jsoup parse-only, 2 threads, the same pages | %s |", number(jsoupLimit));
    line(out, "| **smaller limit** | **%s** |", number(smallerLimit()));
  }

  private void zeroDelay(StringBuilder out) {
    if (crawls.isEmpty()) {
      return;
    }
    line(
        out,
        "%nZero delay: %d hosts x %d pages = %,d pages of %,d bytes on average.%n",
        web.hosts(),
        web.pagesPerHost(),
        web.pageCount(),
        web.averagePageBytes());
    out.append("| figure |");
    crawls.forEach(c -> out.append(' ').append(c.mode()).append(" |"));
    out.append("\n|---|");
    crawls.forEach(c -> out.append("---:|"));
    out.append('\n');
    row(
        out,
        "pages fetched / parsed / indexed",
        c ->
            String.format(
                Locale.ROOT,
                "%,d / %,d / %,d",
                c.counts().fetched(),
                c.counts().parsed(),
                c.counts().indexed()));
    row(out, "window, first fetch to last indexed (s)", c -> number(c.windowSeconds()));
    row(out, "**end-to-end pages/s**", c -> "**" + number(c.endToEndRate()) + "**");
    row(
        out,
        "end-to-end / smaller limit (target >= 50 %)",
        c -> percent(c.endToEndRate() / smallerLimit()));
    row(out, "fetch rate (pages/s)", c -> number(c.fetchRate()));
    row(out, "parse rate (pages/s)", c -> number(c.parseRate()));
    row(out, "index rate (docs/s)", c -> number(c.indexRate()));
    row(
        out,
        "crawler CPU s per 1,000 pages, all its processes",
        c -> number(c.totalCpuSeconds() / c.counts().indexed() * 1000));
    row(
        out,
        "web server CPU s per 1,000 pages (benchmark JVM)",
        c -> number(c.webServer().cpuPerThousand(c.counts().indexed())));
    row(out, "politeness violations", c -> Integer.toString(c.violations()));
    row(out, "stopped by", CrawlMeasurement.Result::stoppedBy);
    out.append(
        "\n| run | process | CPU s in window | CPU s per 1,000 pages | peak RSS (MiB) |\n"
            + "|---|---|---:|---:|---:|\n");
    for (CrawlMeasurement.Result crawl : crawls) {
      List<ProcessCost> costs = new ArrayList<>(crawl.processes());
      costs.add(crawl.webServer());
      for (ProcessCost cost : costs) {
        line(
            out,
            "| %s | %s | %s | %s | %s |",
            crawl.mode(),
            cost.name(),
            number(cost.cpuSeconds()),
            number(cost.cpuPerThousand(crawl.counts().indexed())),
            cost.peakRssMib() > 0 ? number(cost.peakRssMib()) : "-");
      }
    }
  }

  private void sites(StringBuilder out) {
    out.append(
        "\nSites crawled to their end: standalone, one host, zero delay, `--exit-when-done`.\n\n"
            + "| run | pages | first to last request (s) | pages/s | exit after last fetch (s)"
            + " | done (exited) after first fetch (s) | CPU s per 1,000 pages | peak RSS (MiB)"
            + " | violations | stopped by |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (SiteCrawlMeasurement.Result site : sites()) {
      line(
          out,
          "| %s | %,d | %s | **%s** | **%s** | **%s** | %s | %s | %d | %s |",
          site.name(),
          site.pages(),
          number(site.firstToLastSeconds()),
          number(site.pagesPerSecond()),
          number(site.exitAfterLastFetchSeconds()),
          number(site.doneAfterFirstFetchSeconds()),
          number(site.crawler().cpuPerThousand(site.pages())),
          number(site.crawler().peakRssMib()),
          site.violations(),
          site.stoppedBy());
    }
  }

  private void polite(StringBuilder out) {
    line(
        out,
        "%nPoliteness bound: standalone, each case a %s s window after %s s of warm-up.%n",
        number(options.politeDuration().toMillis() / 1000.0),
        number(options.politeWarmUp().toMillis() / 1000.0));
    out.append(
        "| case (hosts x delay) | CPU burners | bound (hosts / delay) | pages in window"
            + " | achieved pages/s | share of bound (target) | median gap (ms)"
            + " | smallest gap (ms) | violations | CPU s per 1,000 pages | peak RSS (MiB) |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (PoliteMeasurement.Result run : polite) {
      PoliteCase politeCase = run.politeCase();
      line(
          out,
          "| %s | %s | %s | %,d | %s | **%s** (%s) | %s | %s | **%d** | %s | %s |",
          politeCase.label(),
          politeCase.underLoad()
              ? "1 per core, " + number(run.loadCores()) + " cores busy"
              : "none",
          number(politeCase.bound()),
          run.pages(),
          number(run.pagesPerSecond()),
          percent(run.shareOfBound()),
          Double.isNaN(politeCase.shareTarget())
              ? "none"
              : ">= " + percent(politeCase.shareTarget()),
          number(run.medianGapMillis()),
          number(run.smallestGapMillis()),
          run.violations(),
          number(run.cpuPerThousand()),
          number(run.processes().getFirst().peakRssMib()));
    }
  }

  private void targets(StringBuilder out) {
    out.append("\n| target | figure | met |\n|---|---:|---|\n");
    for (CrawlMeasurement.Result crawl : crawls) {
      double share = crawl.endToEndRate() / smallerLimit();
      target(
          out,
          crawl.mode() + " end-to-end >= 50 % of the smaller limit",
          percent(share),
          share >= E2E_TARGET);
      target(
          out,
          crawl.mode() + " politeness violations = 0",
          Integer.toString(crawl.violations()),
          crawl.violations() == 0);
    }
    if (singleHost != null) {
      target(
          out,
          "single host, zero delay: pages/s between first and last request >= 150",
          number(singleHost.pagesPerSecond()),
          singleHost.pagesPerSecond() >= SINGLE_HOST_TARGET);
    }
    for (SiteCrawlMeasurement.Result site : sites()) {
      target(
          out,
          site.name() + ": `--exit-when-done` exits within 5 s of the last fetch",
          seconds(site.exitAfterLastFetchSeconds()),
          site.exitAfterLastFetchSeconds() <= EXIT_TARGET_SECONDS);
    }
    if (smallSite != null) {
      target(
          out,
          String.format(
              Locale.ROOT,
              "small site of %d pages done (exited) within 10 s of its first fetch",
              options.smallSitePages()),
          seconds(smallSite.doneAfterFirstFetchSeconds()),
          smallSite.doneAfterFirstFetchSeconds() < SMALL_SITE_DONE_TARGET_SECONDS);
    }
    for (PoliteMeasurement.Result run : polite) {
      PoliteCase politeCase = run.politeCase();
      String name =
          "polite " + politeCase.label() + (politeCase.underLoad() ? " under CPU load" : "");
      if (!Double.isNaN(politeCase.shareTarget())) {
        target(
            out,
            name + ": share of hosts / delay >= " + percent(politeCase.shareTarget()),
            percent(run.shareOfBound()),
            run.shareOfBound() >= politeCase.shareTarget());
      }
      target(
          out,
          name + ": violations = 0 (smallest gap " + number(run.smallestGapMillis()) + " ms)",
          Integer.toString(run.violations()),
          run.violations() == 0);
    }
  }

  private static void target(StringBuilder out, String name, String figure, boolean met) {
    line(out, "| %s | %s | %s |", name, figure, met ? "yes" : "**no**");
  }

  private void row(
      StringBuilder out, String name, Function<CrawlMeasurement.Result, String> figure) {
    out.append("| ").append(name).append(" |");
    crawls.forEach(c -> out.append(' ').append(figure.apply(c)).append(" |"));
    out.append('\n');
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.2f", value);
  }

  private static String seconds(double value) {
    return number(value) + " s";
  }

  private static String percent(double share) {
    return Double.isNaN(share) || Double.isInfinite(share)
        ? "n/a"
        : String.format(Locale.ROOT, "%.0f %%", share * 100);
  }
}
