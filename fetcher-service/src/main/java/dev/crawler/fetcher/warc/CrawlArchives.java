package dev.crawler.fetcher.warc;

import dev.crawler.common.messages.FetchTask;
import dev.crawler.fetcher.http.ExchangeRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task's exchanges are kept: in its crawl's WARC files when the crawl asks for WARC ({@link
 * FetchTask#warc()}) and this fetcher has a WARC directory, nowhere otherwise. A crawl asks for
 * WARC when it is created; the frontier refuses the request unless its deployment says its fetchers
 * keep WARC files ({@code crawler.frontier.warc-available}). A fetcher that gets such a task all
 * the same, because it was deployed without a directory, fetches it as usual: it logs {@code
 * event=warc_unavailable} once per crawl and counts the task in {@code
 * crawler_fetcher_warc_unarchived_total}, so that the gap shows on a dashboard rather than only in
 * the files a user finds missing.
 *
 * <p>With a directory, a crawl's file is finished (given its final name) once the crawl wrote
 * nothing for {@code idleTimeout}, so that the files of a crawl that ended are complete while the
 * fetcher runs on.
 */
public final class CrawlArchives implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CrawlArchives.class);

  private final WarcArchive archive;
  private final Counter unarchived;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final ScheduledFuture<?> idleCheck;

  private CrawlArchives(
      WarcArchive archive,
      Duration idleTimeout,
      ScheduledExecutorService scheduler,
      MeterRegistry registry) {
    this.archive = archive;
    this.unarchived =
        Counter.builder("crawler.fetcher.warc.unarchived")
            .description(
                "Tasks whose crawl asked for WARC that this fetcher could not keep: it has no WARC"
                    + " directory")
            .register(registry);
    if (archive == null) {
      idleCheck = null;
    } else {
      long periodMs = Math.max(1, idleTimeout.toMillis() / 2);
      idleCheck =
          scheduler.scheduleWithFixedDelay(
              () -> finishIdle(idleTimeout), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * The crawls' archives in a WARC directory.
   *
   * @param archive the directory's archive
   * @param idleTimeout how long a crawl writes nothing before its file is finished
   * @param scheduler runs the check for idle files
   * @param registry where the unarchived tasks are counted
   */
  public static CrawlArchives in(
      WarcArchive archive,
      Duration idleTimeout,
      ScheduledExecutorService scheduler,
      MeterRegistry registry) {
    return new CrawlArchives(archive, idleTimeout, scheduler, registry);
  }

  /** A fetcher without a WARC directory: nothing is archived, what crawls ask for is counted. */
  public static CrawlArchives none(MeterRegistry registry) {
    return new CrawlArchives(null, Duration.ZERO, null, registry);
  }

  /** The recorder of a task's exchanges, robots.txt included. */
  public ExchangeRecorder recorderFor(FetchTask task) {
    if (!task.warc()) {
      return ExchangeRecorder.NONE;
    }
    if (archive == null) {
      unarchived.increment();
      if (warned.add(task.crawlId())) {
        log.warn(
            "event=warc_unavailable crawl={} reason=\"the crawl asks for WARC, but this fetcher"
                + " has no crawler.fetcher.warc.directory: its exchanges are not archived\"",
            task.crawlId());
      }
      return ExchangeRecorder.NONE;
    }
    return archive.crawl(task.crawlId());
  }

  private void finishIdle(Duration idleTimeout) {
    try {
      archive.finishIdle(idleTimeout);
    } catch (RuntimeException e) {
      log.error("event=warc_idle_check_failed error=\"{}\"", e, e);
    }
  }

  /** Stops the idle check, then finishes every file being written. */
  @Override
  public void close() {
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    if (archive != null) {
      archive.close();
    }
  }
}
