package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.common.url.UrlNormalizer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a lease when its outcome arrives: learns the host's Crawl-delay, fetch time and back-off,
 * records the URL's new state (with validators and recrawl time), counts the crawl, retries
 * transient failures up to the attempt limit, queues a lease the fetcher handed back unstarted
 * again as it was, and offers robots.txt sitemaps to the crawl. An outcome whose task id is not a
 * live lease (it expired and was released again, or it is a redelivery) changes nothing.
 */
final class OutcomeRecorder {

  private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

  private final SchedulerStores stores;
  private final CrawlDirectory crawls;
  private final HostScheduler scheduler;
  private final HostPacing pacing;
  private final Emitter emitter;
  private final SchedulerMetrics metrics;
  private final PolitenessKey politenessKey;
  private final UrlNormalizer normalizer = UrlNormalizer.standard();

  OutcomeRecorder(
      SchedulerStores stores,
      CrawlDirectory crawls,
      HostScheduler scheduler,
      HostPacing pacing,
      Emitter emitter,
      SchedulerMetrics metrics,
      PolitenessKey politenessKey) {
    this.stores = stores;
    this.crawls = crawls;
    this.scheduler = scheduler;
    this.pacing = pacing;
    this.emitter = emitter;
    this.metrics = metrics;
    this.politenessKey = politenessKey;
  }

  void record(String host, FetchOutcome outcome, long nowMs) {
    Optional<FetchLease> ended = stores.leases().remove(host, outcome.taskId());
    if (ended.isEmpty()) {
      metrics.staleOutcome();
      log.debug("event=stale_outcome host={} task={}", host, outcome.taskId());
      return;
    }
    FetchLease lease = ended.get();
    HostState state = stores.hosts().get(host);
    state.leaseEnded(lease);
    QueuedUrl url = lease.url();
    String crawlId = url.crawlId();
    Optional<CrawlJob> job = crawls.find(crawlId);
    stores.counters().update(crawlId, c -> c.leaseEnded(nowMs));
    pacing.learn(state, outcome, nowMs);
    UrlState urlState = stores.seen().get(crawlId, url.url()).orElseGet(UrlState::queued);
    switch (outcome.kind()) {
      case FETCHED, NOT_MODIFIED, REDIRECTED -> {
        long nextDueMs = nextDue(job, nowMs);
        stores
            .seen()
            .put(
                crawlId,
                url.url(),
                urlState.done(nowMs, nextDueMs, outcome.etag(), outcome.lastModified()));
        if (nextDueMs > 0) {
          stores.recrawls().add(nextDueMs, url.firstAttempt());
        }
        stores.counters().update(crawlId, CrawlCounters::fetchedOne);
      }
      case RETURNED -> scheduler.returned(host, state, url);
      case ROBOTS_DENIED -> {
        stores.seen().put(crawlId, url.url(), urlState.done(nowMs, 0, null, null));
        stores.counters().update(crawlId, CrawlCounters::robotsDeniedOne);
      }
      default -> {
        if (HostPacing.isHostTrouble(outcome)) {
          scheduler.retryOrFail(host, state, url, nowMs);
        } else {
          stores.seen().put(crawlId, url.url(), urlState.failed());
          stores.counters().update(crawlId, CrawlCounters::failedOne);
          state.countFailed(crawlId);
        }
      }
    }
    if (job.isPresent() && !job.get().state().isTerminal()) {
      offerSitemaps(outcome, url);
    }
    scheduler.reschedule(host, state, nowMs);
    stores.hosts().put(host, state);
  }

  private static long nextDue(Optional<CrawlJob> job, long nowMs) {
    long minutes = job.map(CrawlJob::recrawlIntervalMinutes).orElse(0L);
    return minutes == 0 ? 0 : nowMs + TimeUnit.MINUTES.toMillis(minutes);
  }

  /** Sitemaps go through {@code crawl.urls} like any URL: their host may be owned elsewhere. */
  private void offerSitemaps(FetchOutcome outcome, QueuedUrl url) {
    for (String sitemap : outcome.sitemaps()) {
      normalizer
          .normalize(sitemap)
          .ifPresent(normal ->
              emitter.candidate(
                  politenessKey.of(normal),
                  new UrlCandidate(
                      url.crawlId(),
                      normal,
                      url.depth(),
                      UrlSource.SITEMAP,
                      url.url(),
                      null,
                      0,
                      null)));
    }
  }
}
