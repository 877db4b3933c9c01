package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.common.url.UrlNormalizer;
import dev.crawler.frontier.FrontierProperties;
import dev.crawler.frontier.FrontierProperties.Priority;
import dev.crawler.frontier.scope.Refusal;
import dev.crawler.frontier.traps.TrapDetector;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a candidate URL enters its crawl's queue: it must normalise, belong to a running
 * or paused crawl, be new to the crawl, pass the crawl's rules (depth, scope, patterns, trap
 * guards), not fall into a trap learned from the crawl ({@link TrapDetector}) and fit its budgets
 * (maxPages across all tasks, maxPagesPerHost on this host's owner). Every candidate of a known
 * crawl is counted: received, then duplicate, filtered or discovered.
 */
final class Admission {

  private static final Logger log = LoggerFactory.getLogger(Admission.class);

  /** Bounds a producer's priority hint so that it cannot outrank seeds by any amount. */
  private static final int MAX_PRIORITY_HINT = 1_000;

  private final SchedulerStores stores;
  private final CrawlDirectory crawls;
  private final ProgressView progress;
  private final HostScheduler scheduler;
  private final TrapDetector traps;
  private final Emitter emitter;
  private final SchedulerMetrics metrics;
  private final PolitenessKey politenessKey;
  private final UrlNormalizer normalizer;
  private final Priority priority;
  private final long unknownCrawlGraceMs;
  private final String taskId;

  Admission(
      SchedulerStores stores,
      CrawlDirectory crawls,
      ProgressView progress,
      HostScheduler scheduler,
      TrapDetector traps,
      Emitter emitter,
      SchedulerMetrics metrics,
      PolitenessKey politenessKey,
      FrontierProperties settings,
      String taskId) {
    this.stores = stores;
    this.crawls = crawls;
    this.progress = progress;
    this.scheduler = scheduler;
    this.traps = traps;
    this.emitter = emitter;
    this.metrics = metrics;
    this.politenessKey = politenessKey;
    this.normalizer = UrlNormalizer.standard();
    this.priority = settings.priority();
    this.unknownCrawlGraceMs = settings.unknownCrawlGrace().toMillis();
    this.taskId = taskId;
  }

  /**
   * Offers a candidate that arrived on {@code crawl.urls} with a record key.
   *
   * <p>A candidate keyed by the wrong politeness key (a producer that normalised differently) is
   * sent back to {@code crawl.urls} under the right one, so that its host's owner judges it.
   */
  void offer(String recordKey, UrlCandidate candidate, long nowMs) {
    Optional<String> normalized = normalizer.normalize(candidate.url());
    if (normalized.isEmpty()) {
      crawls
          .find(candidate.crawlId())
          .filter(job -> !job.state().isTerminal())
          .ifPresent(job -> {
            countReceived(job.id(), candidate, nowMs);
            refuse(job.id(), Refusal.INVALID_URL);
          });
      return;
    }
    UrlCandidate normal = withUrl(candidate, normalized.get());
    String host = politenessKey.of(normal.url());
    if (!host.equals(recordKey)) {
      emitter.candidate(host, normal);
      return;
    }
    Optional<CrawlJob> job = crawls.find(normal.crawlId());
    if (job.isEmpty()) {
      stores.pending().add(normal, nowMs);
      return;
    }
    admit(host, normal, job.get(), nowMs);
  }

  /** Admits the waiting candidates whose crawl is now known; drops those that waited too long. */
  void reviewPending(long nowMs, int limit) {
    stores
        .pending()
        .review(
            limit,
            waiting -> {
              UrlCandidate candidate = waiting.candidate();
              Optional<CrawlJob> job = crawls.find(candidate.crawlId());
              if (job.isPresent()) {
                admit(politenessKey.of(candidate.url()), candidate, job.get(), nowMs);
                return true;
              }
              if (nowMs - waiting.receivedAtMs() < unknownCrawlGraceMs) {
                return false;
              }
              log.warn(
                  "event=unknown_crawl_url_dropped crawl={} waited_ms={}",
                  candidate.crawlId(),
                  nowMs - waiting.receivedAtMs());
              return true;
            });
  }

  private void admit(String host, UrlCandidate candidate, CrawlJob job, long nowMs) {
    if (job.state().isTerminal()) {
      return;
    }
    String crawlId = job.id();
    countReceived(crawlId, candidate, nowMs);
    traps
        .observe(job, host, candidate)
        .ifPresent(template -> dropQueued(host, crawlId, template, nowMs));
    if (stores.seen().contains(crawlId, candidate.url())) {
      // Most candidates are links seen before; only a sitemap's lastmod needs the URL's state.
      if (candidate.lastModified() != null) {
        stores
            .seen()
            .get(crawlId, candidate.url())
            .ifPresent(state -> recrawlIfChanged(candidate, state, nowMs));
      }
      stores.counters().update(crawlId, CrawlCounters::duplicateOne);
      metrics.duplicate();
      return;
    }
    Optional<Refusal> refusal =
        crawls.rulesOf(job).judge(candidate.url(), candidate.depth(), candidate.source());
    if (refusal.isPresent()) {
      refuse(crawlId, refusal.get());
      return;
    }
    if (traps.isTrap(job, host, candidate)) {
      stores.counters().update(crawlId, CrawlCounters::filteredTrapOne);
      metrics.filtered(Refusal.TRAP);
      return;
    }
    HostState state = stores.hosts().get(host);
    if (overBudget(job, state)) {
      refuse(crawlId, Refusal.OVER_BUDGET);
      return;
    }
    stores.seen().put(crawlId, candidate.url(), UrlState.queued());
    traps.admitted(job, host, candidate);
    state.countAdmitted(crawlId);
    scheduler.enqueue(host, state, queued(candidate));
    stores.counters().update(crawlId, CrawlCounters::admitted);
    scheduler.reschedule(host, state, nowMs);
    stores.hosts().put(host, state);
    metrics.admitted();
  }

  /**
   * Drops the URLs of a template just learned to be a trap from the host's queue: fetching them
   * would only bring more of what the template's pages already showed. They count as filtered.
   */
  private void dropQueued(String host, String crawlId, String template, long nowMs) {
    long dropped =
        stores.queue().removeIf(host, crawlId, url -> TrapDetector.inTemplate(url, template));
    if (dropped == 0) {
      return;
    }
    HostState state = stores.hosts().get(host);
    state.addQueued(crawlId, -dropped);
    stores
        .counters()
        .update(
            crawlId,
            c -> {
              c.dropped(dropped);
              c.filteredTrap(dropped);
            });
    metrics.filtered(Refusal.TRAP, dropped);
    scheduler.reschedule(host, state, nowMs);
    stores.hosts().put(host, state);
  }

  /**
   * A page that its source (a sitemap's lastmod, not null here) says changed after we fetched it is
   * due for its recrawl now rather than at the end of the crawl's interval. Only crawls that
   * recrawl have a due time to bring forward; the crawl's politeness still applies to the fetch.
   */
  private void recrawlIfChanged(UrlCandidate candidate, UrlState state, long nowMs) {
    boolean changedSinceFetch =
        candidate.lastModified().toEpochMilli() > state.lastFetchAtMs()
            && state.status() == UrlState.Status.DONE
            && state.nextDueAtMs() > nowMs;
    if (changedSinceFetch
        && stores
            .recrawls()
            .reschedule(state.nextDueAtMs(), nowMs, candidate.crawlId(), candidate.url())) {
      stores.seen().put(candidate.crawlId(), candidate.url(), state.dueAt(nowMs));
    }
  }

  /**
   * Whether the crawl has used its budget. maxPages spans all tasks: the other tasks' share comes
   * from their published counters, so under a burst the crawl may overshoot by what they admitted
   * since their last publication.
   */
  private boolean overBudget(CrawlJob job, HostState host) {
    if (job.maxPagesPerHost() > 0 && host.admittedOf(job.id()) >= job.maxPagesPerHost()) {
      return true;
    }
    if (job.maxPages() == 0) {
      return false;
    }
    long here = stores.counters().get(job.id()).discovered();
    long elsewhere = progress.totalExcept(job.id(), taskId).discovered();
    return here + elsewhere >= job.maxPages();
  }

  /** Counts a candidate of a crawl; seeds apart, since a crawl cannot finish before they came. */
  private void countReceived(String crawlId, UrlCandidate candidate, long nowMs) {
    boolean seed = candidate.source() == UrlSource.SEED;
    stores.counters().update(crawlId, c -> c.received(seed, nowMs));
  }

  private void refuse(String crawlId, Refusal refusal) {
    stores.counters().update(crawlId, CrawlCounters::filteredOne);
    metrics.filtered(refusal);
  }

  private QueuedUrl queued(UrlCandidate candidate) {
    int boost =
        switch (candidate.source()) {
          case SEED, INJECTED -> priority.seedBoost();
          case SITEMAP -> priority.sitemapBoost();
          case LINK, REDIRECT -> 0;
        };
    int hint = Math.clamp(candidate.priority(), -MAX_PRIORITY_HINT, MAX_PRIORITY_HINT);
    int rank = candidate.depth() * priority.depthWeight() - boost - hint;
    return new QueuedUrl(
        candidate.crawlId(), candidate.url(), candidate.depth(), candidate.source(), rank, 1);
  }

  private static UrlCandidate withUrl(UrlCandidate candidate, String url) {
    return url.equals(candidate.url())
        ? candidate
        : new UrlCandidate(
            candidate.crawlId(),
            url,
            candidate.depth(),
            candidate.source(),
            candidate.referrer(),
            candidate.anchor(),
            candidate.priority(),
            null,
            candidate.referrerSimhash());
  }
}
