package dev.crawler.standalone.progress;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.frontier.crawls.CrawlStatus;
import dev.crawler.frontier.scheduling.CrawlCounters;
import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a crawl's progress: on a terminal, one line rewritten in place; otherwise (a pipe, a file,
 * a CI log, or a console that shows the full log) the same line printed anew every few seconds,
 * since carriage returns only garble those. Ends with a summary either way. Each progress line also
 * goes to the log as a key=value event, for whoever reads the log file later.
 */
public final class ProgressPrinter {

  private static final Logger log = LoggerFactory.getLogger(ProgressPrinter.class);
  private static final Duration TERMINAL_INTERVAL = Duration.ofSeconds(1);
  private static final Duration LINE_INTERVAL = Duration.ofSeconds(5);
  private static final String CLEAR_TO_END_OF_LINE = "\033[K";

  private final PrintStream out;
  private final boolean inPlace;
  private boolean lineShown;

  /**
   * @param out where the progress line and the summary go
   * @param inPlace whether to rewrite one line in place: {@code out} is a terminal (see {@link
   *     #stdoutIsTerminal()}) that shows nothing else
   */
  public ProgressPrinter(PrintStream out, boolean inPlace) {
    this.out = out;
    this.inPlace = inPlace;
  }

  /** Whether standard output is an interactive terminal. */
  public static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // From JDK 22 on, System.console() exists even when output is redirected, and
    // Console.isTerminal() tells the two apart; it is looked up at run time because this code
    // targets Java 21, where a console exists only on a terminal.
    try {
      return (boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** How often {@link #progress} is worth calling. */
  public Duration interval() {
    return inPlace ? TERMINAL_INTERVAL : LINE_INTERVAL;
  }

  /**
   * Shows the pipeline's counts and the crawl's queue.
   *
   * @param crawl the followed crawl's status
   * @param counts this process's counts
   * @param pagesPerSecond the recent fetch rate
   * @param elapsed how long this process has been running
   */
  public synchronized void progress(
      CrawlStatus crawl, PipelineMeters.Counts counts, double pagesPerSecond, Duration elapsed) {
    CrawlCounters counters = crawl.counters();
    String line =
        String.format(
            Locale.ROOT,
            "fetched %d · parsed %d · indexed %d · %.1f pages/s · queued %d · errors %d · %d:%02d",
            counts.fetched(),
            counts.parsed(),
            counts.indexed(),
            pagesPerSecond,
            counters.queued() + counters.inFlight(),
            counts.errors(),
            elapsed.toMinutes(),
            elapsed.toSecondsPart());
    if (inPlace) {
      out.print("\r" + line + CLEAR_TO_END_OF_LINE);
      lineShown = true;
    } else {
      out.println(line);
    }
    out.flush();
    log.info(
        "event=progress crawl={} state={} fetched={} parsed={} indexed={} pages_per_s={} queued={}"
            + " in_flight={} errors={}",
        crawl.job().id(),
        crawl.job().state(),
        counts.fetched(),
        counts.parsed(),
        counts.indexed(),
        String.format(Locale.ROOT, "%.1f", pagesPerSecond),
        counters.queued(),
        counters.inFlight(),
        counts.errors());
  }

  /**
   * The crawl's totals once it ended.
   *
   * @param crawl its final status
   * @param indexed its documents in the index
   * @param elapsed how long this process followed it
   * @param searchPage the address of the search page
   */
  public synchronized void summary(
      CrawlStatus crawl, long indexed, Duration elapsed, String searchPage) {
    if (lineShown) {
      out.println();
      lineShown = false;
    }
    CrawlJob job = crawl.job();
    CrawlCounters counters = crawl.counters();
    out.printf(
        Locale.ROOT,
        """
        Crawl %s %s after %ds
          fetched     %d pages (%d failed, %d denied by robots.txt)
          discovered  %d URLs (%d out of scope or limits)
          indexed     %d documents
          search      %s
        """,
        job.id(),
        job.state(),
        elapsed.toSeconds(),
        counters.fetched(),
        counters.failed(),
        counters.robotsDenied(),
        counters.discovered(),
        counters.filtered(),
        indexed,
        searchPage);
    out.flush();
  }

  /** Prints a message on a line of its own. */
  public synchronized void message(String text) {
    if (lineShown) {
      out.println();
      lineShown = false;
    }
    out.println(text);
    out.flush();
  }
}
