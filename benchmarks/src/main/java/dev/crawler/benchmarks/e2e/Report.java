package dev.crawler.benchmarks.e2e;

import dev.crawler.benchmarks.web.ArticleWeb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Collects the figures of one benchmark run and prints them as a markdown result block. */
final class Report {

  private static final double E2E_TARGET = 0.50;
  private static final double POLITE_TARGET = 0.95;

  private final BenchmarkOptions options;
  private final MachineState before;
  private final List<CrawlMeasurement.Result> crawls = new ArrayList<>();
  private MachineState after;
  private ArticleWeb web;
  private WebServerLimit.Result webServerLimit;
  private double jsoupLimit = Double.NaN;
  private PoliteMeasurement.Result polite;

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
    this.polite = result;
  }

  void finish(MachineState machine) {
    this.after = machine;
  }

  /** Every run measured something and no web server saw a politeness violation. */
  boolean passed() {
    boolean crawlsOk =
        crawls.stream().allMatch(c -> c.violations() == 0 && c.counts().indexed() > 0);
    return crawlsOk && (polite == null || polite.violations() == 0);
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
    if (polite != null) {
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

  private void polite(StringBuilder out) {
    line(
        out,
        "%nPoliteness bound: standalone, %d hosts, %d ms delay, a %s s window after %s s of warm-up.%n",
        options.politeHosts(),
        options.politeDelay().toMillis(),
        number(polite.windowSeconds()),
        number(options.politeWarmUp().toMillis() / 1000.0));
    out.append(
        "| bound (hosts / delay) | pages in window | achieved pages/s | share of bound (target >= 95 %)"
            + " | median gap between a host's fetches (ms) | violations | CPU s per 1,000 pages"
            + " | peak RSS (MiB) |\n"
            + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    ProcessCost process = polite.processes().getFirst();
    line(
        out,
        "| %s | %,d | %s | **%s** | %s | %d | %s | %s |",
        number(polite.bound()),
        polite.pages(),
        number(polite.pagesPerSecond()),
        percent(polite.shareOfBound()),
        number(polite.medianGapMillis()),
        polite.violations(),
        number(process.cpuPerThousand(polite.pages())),
        number(process.peakRssMib()));
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
    if (polite != null) {
      target(
          out,
          "politeness-bound rate >= 95 % of hosts / delay",
          percent(polite.shareOfBound()),
          polite.shareOfBound() >= POLITE_TARGET);
      target(
          out,
          "politeness-bound run violations = 0",
          Integer.toString(polite.violations()),
          polite.violations() == 0);
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

  private static String percent(double share) {
    return Double.isNaN(share) || Double.isInfinite(share)
        ? "n/a"
        : String.format(Locale.ROOT, "%.0f %%", share * 100);
  }
}
