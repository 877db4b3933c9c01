package dev.crawler.standalone.run;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.frontier.api.CrawlController;
import dev.crawler.frontier.api.CrawlView;
import dev.crawler.frontier.api.CreateCrawlRequest;
import dev.crawler.frontier.crawls.CrawlCatalog;
import dev.crawler.frontier.crawls.CrawlStatus;
import dev.crawler.frontier.crawls.FrontierUnavailableException;
import dev.crawler.standalone.cli.CrawlOptions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crawl a run follows, found or started through the frontier's own API code: a new crawl is
 * created by the same controller method that serves {@code POST /api/crawls}, so it gets the same
 * validation and defaults; a crawl of the same seeds left unfinished in the data directory is
 * resumed instead of started again, so re-running an interrupted command continues it.
 */
final class FollowedCrawls {

  private static final Logger log = LoggerFactory.getLogger(FollowedCrawls.class);
  private static final int MAX_NAME_LENGTH = 200;
  private static final Duration READY_POLL = Duration.ofMillis(200);

  private final CrawlController controller;
  private final CrawlCatalog catalog;
  private final int listSize;

  FollowedCrawls(CrawlController controller, CrawlCatalog catalog, int listSize) {
    this.controller = controller;
    this.catalog = catalog;
    this.listSize = listSize;
  }

  /**
   * Waits until the frontier's stores answer (Kafka Streams restores them at start-up).
   *
   * @throws IllegalStateException if they do not within the timeout
   */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        catalog.list(1);
        return;
      } catch (FrontierUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the frontier's stores were not ready after " + timeout.toSeconds() + "s", e);
        }
        Thread.sleep(READY_POLL);
      }
    }
  }

  /** The unfinished crawl of exactly these seeds, resumed if paused, or else a new crawl. */
  CrawlJob startOrResume(CrawlOptions options) {
    HashSet<String> seeds = new HashSet<>(options.seeds());
    Optional<CrawlJob> unfinished =
        unfinished().stream().filter(job -> new HashSet<>(job.seeds()).equals(seeds)).findFirst();
    if (unfinished.isPresent()) {
      CrawlJob job = unfinished.get();
      if (job.state() == CrawlState.PAUSED) {
        controller.resume(job.id());
      }
      log.info("event=crawl_resumed crawl={} name={}", job.id(), job.name());
      return job;
    }
    CreateCrawlRequest request =
        new CreateCrawlRequest(
            name(options.seeds()),
            options.seeds(),
            options.scope(),
            options.maxDepth(),
            options.maxPages(),
            null,
            options.delayMs(),
            null,
            null,
            null,
            null,
            null,
            options.warcDir() != null ? Boolean.TRUE : null);
    CrawlView created = Objects.requireNonNull(controller.create(request).getBody());
    return catalog.get(created.id());
  }

  /** The most recently created crawl that has not ended, if any. */
  Optional<CrawlJob> newestUnfinished() {
    return unfinished().stream().max(Comparator.comparing(CrawlJob::createdAt));
  }

  /** A crawl's status now. */
  CrawlStatus status(String crawlId) {
    return catalog.status(catalog.get(crawlId));
  }

  private List<CrawlJob> unfinished() {
    return catalog.list(listSize).stream().filter(job -> !job.state().isTerminal()).toList();
  }

  private static String name(List<String> seeds) {
    String name =
        seeds.getFirst() + (seeds.size() > 1 ? " and " + (seeds.size() - 1) + " more" : "");
    return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH);
  }
}
