package dev.crawler.benchmarks.e2e;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One politeness-bound crawl: {@code hosts} hosts crawled at {@code delay}, so the best a polite
 * crawler can do is hosts / delay pages per second.
 *
 * @param hosts hosts of the web (1 to 254, one loopback address each)
 * @param delay the crawl's delay between two fetches of one host
 * @param shareTarget the share of the bound the run must reach, or NaN for none
 * @param underLoad whether CPU burners keep every core busy during the run ({@link CpuLoad})
 */
record PoliteCase(int hosts, Duration delay, double shareTarget, boolean underLoad) {

  /** The share of the bound a case must reach when its spec names none. */
  static final double DEFAULT_SHARE_TARGET = 0.95;

  private static final Pattern SPEC = Pattern.compile("(\\d+)x(\\d+)ms(?:@(\\d+))?");

  /**
   * Parses {@code HOSTSxDELAYms[@TARGET]}, e.g. {@code 20x200ms} or {@code 2x20ms@90} (the share of
   * the bound in percent; 95 when left out, none under load, where only violations count).
   */
  static PoliteCase parse(String spec, boolean underLoad) {
    Matcher matcher = SPEC.matcher(spec.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "a polite case is HOSTSxDELAYms[@TARGET%] like 20x200ms or 2x20ms@90, not " + spec);
    }
    int hosts = Integer.parseInt(matcher.group(1));
    long delayMillis = Long.parseLong(matcher.group(2));
    if (hosts < 1 || hosts > 254 || delayMillis < 1) {
      throw new IllegalArgumentException("a polite case has 1 to 254 hosts and a delay: " + spec);
    }
    double target;
    if (matcher.group(3) != null) {
      target = Integer.parseInt(matcher.group(3)) / 100.0;
    } else {
      target = underLoad ? Double.NaN : DEFAULT_SHARE_TARGET;
    }
    return new PoliteCase(hosts, Duration.ofMillis(delayMillis), target, underLoad);
  }

  /** Pages per second a polite crawler can reach at most: hosts / delay. */
  double bound() {
    return hosts * 1000.0 / delay.toMillis();
  }

  /** Pages per host: more than the host can be asked for within {@code crawl}. */
  int pagesPerHost(Duration crawl) {
    return (int) (crawl.toMillis() / delay.toMillis() * 5 / 4) + 1;
  }

  /** {@code 20x200ms}, as on the command line. */
  String label() {
    return hosts + "x" + delay.toMillis() + "ms";
  }
}
