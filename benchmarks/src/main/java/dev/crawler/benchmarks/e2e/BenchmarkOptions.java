package dev.crawler.benchmarks.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@link EndToEndBenchmark}: {@code --name=value} options, and {@code --quick}
 * for a smoke run that takes a few minutes.
 *
 * @param pages pages of the zero-delay web, spread evenly over {@code hosts}
 * @param hosts hosts of the zero-delay web, one loopback address each (1 to 254)
 * @param timeLimit the longest any one crawl may run before it is measured as it stands
 * @param modes the runs to make
 * @param limitDuration how long each machine limit is measured, after a warm-up of half as long
 * @param politeHosts hosts of the politeness-bound run
 * @param politeDelay the crawl's delay between two fetches of one host in that run
 * @param politeDuration the measured window of that run, after a warm-up of a sixth as long
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
    int politeHosts,
    Duration politeDelay,
    Duration politeDuration,
    String standaloneHeap,
    String serviceHeap,
    boolean jfr,
    Path repository) {

  /** The runs of one benchmark. */
  enum Mode {
    /** The standalone jar as one process, zero delay. */
    STANDALONE,
    /** Broker, Elasticsearch and every service as separate processes, two fetchers, zero delay. */
    DISTRIBUTED,
    /** The standalone jar against few hosts with a delay: the share of the politeness bound. */
    POLITE
  }

  static final String USAGE =
      """
      Usage: scripts/bench [--quick] [--pages=N] [--hosts=N] [--time-limit=10m]
                           [--modes=standalone,distributed,polite] [--limit-time=10s]
                           [--polite-hosts=20] [--polite-delay-ms=200] [--polite-time=60s]
                           [--standalone-heap=1g] [--service-heap=512m] [--jfr]
        --quick   a smoke run: 2,000 pages, 3 s limits, a 20 s politeness window
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
        Map.of(
            "pages", quick ? "2000" : "10000",
            "hosts", "200",
            "time-limit", "10m",
            "modes", "standalone,distributed,polite",
            "limit-time", quick ? "3s" : "10s",
            "polite-hosts", "20",
            "polite-delay-ms", "200",
            "polite-time", quick ? "20s" : "60s",
            "standalone-heap", "1g",
            "service-heap", "512m");
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
            positive(values, "polite-hosts"),
            Duration.ofMillis(positive(values, "polite-delay-ms")),
            duration(values, "polite-time"),
            values.get("standalone-heap"),
            values.get("service-heap"),
            jfr,
            repository);
    if (options.hosts > 254 || options.politeHosts > 254) {
      throw new IllegalArgumentException("--hosts and --polite-hosts are at most 254");
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

  /** Pages per host of the politeness-bound web: more than its hosts can be asked for in time. */
  int politePagesPerHost() {
    Duration crawl = politeDuration.plus(politeWarmUp());
    return (int) (crawl.toMillis() / politeDelay.toMillis() * 5 / 4) + 1;
  }

  Duration politeWarmUp() {
    return politeDuration.dividedBy(6);
  }

  /** Pages per second a polite crawler can reach at most: hosts / delay. */
  double politeBound() {
    return politeHosts * 1000.0 / politeDelay.toMillis();
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
        modes.add(Mode.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--modes takes standalone, distributed and polite, not " + name);
      }
    }
    return modes;
  }
}
