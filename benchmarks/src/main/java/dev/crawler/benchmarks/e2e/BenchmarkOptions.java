package dev.crawler.benchmarks.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The command line of {@link EndToEndBenchmark}: {@code --name=value} options, and {@code --quick}
 * for a smoke run that takes a few minutes.
 *
 * @param pages pages of the zero-delay web, spread evenly over {@code hosts}
 * @param hosts hosts of the zero-delay web, one loopback address each (1 to 254)
 * @param timeLimit the longest any one crawl may run before it is measured as it stands
 * @param modes the runs to make
 * @param limitDuration how long each machine limit is measured, after a warm-up of half as long
 * @param politeCases the politeness-bound runs, one after the other
 * @param loadedCase the politeness-bound run made while CPU burners keep every core busy
 * @param politeDuration the measured window of each politeness-bound run, after a warm-up of a
 *     sixth as long
 * @param singleHostPages pages of the one host crawled at zero delay to its end
 * @param smallSitePages pages of the small site crawled to its end
 * @param standaloneHeap the heap of the standalone JVM ({@code -Xmx}; {@code ./crawl}'s default)
 * @param serviceHeap the heap of each service JVM of the distributed run
 * @param jfr whether every crawler JVM records a JFR profile into the work directory
 * @param repository the repository root, where the executable jars are
 */
record BenchmarkOptions(
    int pages,
    int hosts,
    Duration timeLimit,
    Set<Mode> modes,
    Duration limitDuration,
    List<PoliteCase> politeCases,
    PoliteCase loadedCase,
    Duration politeDuration,
    int singleHostPages,
    int smallSitePages,
    String standaloneHeap,
    String serviceHeap,
    boolean jfr,
    Path repository) {

  /** The runs of one benchmark, named on the command line in lower case with hyphens. */
  enum Mode {
    /** The standalone jar as one process, zero delay. */
    STANDALONE,
    /** Broker, Elasticsearch and every service as separate processes, two fetchers, zero delay. */
    DISTRIBUTED,
    /** The standalone jar against few hosts with a delay: the share of the politeness bound. */
    POLITE,
    /** One host at zero delay crawled to its end: pages/s between its first and last request. */
    SINGLE_HOST,
    /** A small site crawled with {@code --exit-when-done}: how soon it is done and exited. */
    SMALL_SITE,
    /** A politeness-bound run while CPU burners keep every core busy: the smallest gap. */
    LOADED_POLITE;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static final String USAGE =
      """
      Usage: scripts/bench [--quick] [--modes=MODE,...] [--pages=N] [--hosts=N]
                           [--time-limit=10m] [--limit-time=10s]
                           [--polite-cases=20x200ms@95,2x20ms@90] [--loaded-case=4x100ms]
                           [--polite-time=60s] [--single-host-pages=3000] [--small-site-pages=30]
                           [--standalone-heap=1g] [--service-heap=512m] [--jfr]
        --modes   any of standalone, distributed, polite, single-host, small-site, loaded-polite
                  (default: all of them)
        --polite-cases  HOSTSxDELAYms[@TARGET%] each; 95 % of hosts / delay when no target is given
        --loaded-case   the polite case run while CPU burners keep every core busy (target: no
                        violations)
        --quick   a smoke run: 2,000 pages, 3 s limits, 20 s politeness windows, a 300-page host
        --jfr     record a JFR profile of every crawler JVM (kept in the work directory)
      """;

  static BenchmarkOptions parse(String[] args, Path repository) {
    Map<String, String> values = new HashMap<>();
    boolean quick = false;
    boolean jfr = false;
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.equals("--jfr")) {
        jfr = true;
      } else if (arg.startsWith("--") && equals > 2) {
        values.put(arg.substring(2, equals), arg.substring(equals + 1));
      } else {
        throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
      }
    }
    Map<String, String> defaults =
        Map.ofEntries(
            Map.entry("pages", quick ? "2000" : "10000"),
            Map.entry("hosts", "200"),
            Map.entry("time-limit", "10m"),
            Map.entry(
                "modes",
                Arrays.stream(Mode.values()).map(Mode::label).collect(Collectors.joining(","))),
            Map.entry("limit-time", quick ? "3s" : "10s"),
            Map.entry("polite-cases", "20x200ms@95,2x20ms@90"),
            Map.entry("loaded-case", "4x100ms"),
            Map.entry("polite-time", quick ? "20s" : "60s"),
            Map.entry("single-host-pages", quick ? "300" : "3000"),
            Map.entry("small-site-pages", "30"),
            Map.entry("standalone-heap", "1g"),
            Map.entry("service-heap", "512m"));
    for (String name : values.keySet()) {
      if (!defaults.containsKey(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
      }
    }
    defaults.forEach(values::putIfAbsent);
    BenchmarkOptions options =
        new BenchmarkOptions(
            positive(values, "pages"),
            positive(values, "hosts"),
            duration(values, "time-limit"),
            modes(values.get("modes")),
            duration(values, "limit-time"),
            Arrays.stream(values.get("polite-cases").split(","))
                .map(spec -> PoliteCase.parse(spec, false))
                .toList(),
            PoliteCase.parse(values.get("loaded-case"), true),
            duration(values, "polite-time"),
            positive(values, "single-host-pages"),
            positive(values, "small-site-pages"),
            values.get("standalone-heap"),
            values.get("service-heap"),
            jfr,
            repository);
    if (options.hosts > 254) {
      throw new IllegalArgumentException("--hosts is at most 254");
    }
    if (options.pages < options.hosts) {
      throw new IllegalArgumentException("--pages must be at least --hosts (a page per host)");
    }
    return options;
  }

  /** Pages per host of the zero-delay web. */
  int pagesPerHost() {
    return pages / hosts;
  }

  Duration politeWarmUp() {
    return politeDuration.dividedBy(6);
  }

  /** How long a politeness-bound crawl runs from its first fetch: warm-up and window. */
  Duration politeCrawlTime() {
    return politeWarmUp().plus(politeDuration);
  }

  private static int positive(Map<String, String> values, String name) {
    try {
      int value = Integer.parseInt(values.get(name));
      if (value < 1) {
        throw new IllegalArgumentException("--" + name + " must be positive: " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " is not a number: " + values.get(name));
    }
  }

  /** {@code 90s}, {@code 10m} or an ISO-8601 duration. */
  private static Duration duration(Map<String, String> values, String name) {
    String text = values.get(name).trim().toUpperCase(Locale.ROOT);
    try {
      Duration value = Duration.parse(text.startsWith("P") ? text : "PT" + text);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("--" + name + " must be positive: " + text);
      }
      return value;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--" + name + " is not a duration like 90s or 10m");
    }
  }

  private static Set<Mode> modes(String list) {
    Set<Mode> modes = EnumSet.noneOf(Mode.class);
    for (String name : list.split(",")) {
      try {
        modes.add(Mode.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--modes takes "
                + Arrays.stream(Mode.values()).map(Mode::label).collect(Collectors.joining(", "))
                + ", not "
                + name);
      }
    }
    return modes;
  }
}
