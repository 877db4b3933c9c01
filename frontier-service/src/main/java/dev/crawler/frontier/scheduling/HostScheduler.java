package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.frontier.FrontierProperties;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases each host's URLs politely: leases planned no closer than the host's delay and released
 * ahead of their starts only as far as the host window allows (one per maxConcurrencyPerHost while
 * the host recovers from errors), nothing during a back-off or for a paused crawl, crawls sharing a
 * host served in turn. The fetcher that owns the host's partition starts the leases in order,
 * spaced by the delay each carries. It also takes back leases whose deadline passed (a fetcher
 * died), so no URL is lost, and drops the queued URLs of crawls that ended.
 *
 * <p>Every host with something to do at a known time sits in the {@link ReadyHosts} index at that
 * time; {@link #reschedule} keeps the index in step with the host's state after every change.
 */
final class HostScheduler {

  private static final Logger log = LoggerFactory.getLogger(HostScheduler.class);

  private final HostStates hosts;
  private final HostLeases leases;
  private final HostQueue queue;
  private final ReadyHosts ready;
  private final RecrawlSchedule recrawls;
  private final SeenUrls seen;
  private final TaskCounters counters;
  private final CrawlDirectory crawls;
  private final HostPacing pacing;
  private final Emitter emitter;
  private final SchedulerMetrics metrics;
  private final long leaseMs;
  private final int maxAttempts;
  private final long pausedRecheckMs;

  HostScheduler(
      SchedulerStores stores,
      CrawlDirectory crawls,
      HostPacing pacing,
      Emitter emitter,
      SchedulerMetrics metrics,
      FrontierProperties settings) {
    this.hosts = stores.hosts();
    this.leases = stores.leases();
    this.queue = stores.queue();
    this.ready = stores.ready();
    this.recrawls = stores.recrawls();
    this.seen = stores.seen();
    this.counters = stores.counters();
    this.crawls = crawls;
    this.pacing = pacing;
    this.emitter = emitter;
    this.metrics = metrics;
    this.leaseMs = settings.leaseDuration().toMillis();
    this.maxAttempts = settings.maxAttempts();
    this.pausedRecheckMs = settings.pausedRecheck().toMillis();
  }

  /** Puts a URL at its place in its host's queue; the caller reschedules and saves the host. */
  void enqueue(String host, HostState state, QueuedUrl url) {
    queue.enqueue(host, url, state.takeSequence());
    state.addQueued(url.crawlId(), 1);
  }

  /**
   * Queues a URL again for its next attempt, or gives it up as failed after the last one; the
   * caller reschedules and saves the host.
   */
  void retryOrFail(String host, HostState state, QueuedUrl url, long nowMs) {
    UrlState urlState = seen.get(url.crawlId(), url.url()).orElseGet(UrlState::queued);
    boolean ended = crawls.find(url.crawlId()).map(j -> j.state().isTerminal()).orElse(true);
    if (url.attempt() < maxAttempts && !ended) {
      requeue(host, state, url.nextAttempt(), urlState);
    } else {
      seen.put(url.crawlId(), url.url(), urlState.failed());
      counters.update(url.crawlId(), CrawlCounters::failedOne);
      state.countFailed(url.crawlId());
    }
  }

  /**
   * Queues again a URL whose lease the fetcher handed back unstarted, with the same attempt; the
   * caller reschedules and saves the host.
   */
  void returned(String host, HostState state, QueuedUrl url) {
    requeue(host, state, url, seen.get(url.crawlId(), url.url()).orElseGet(UrlState::queued));
  }

  /** Marks a URL queued again and puts it back in its host's queue, as {@code next} says. */
  private void requeue(String host, HostState state, QueuedUrl next, UrlState urlState) {
    seen.put(next.crawlId(), next.url(), urlState.requeued());
    enqueue(host, state, next);
    counters.update(next.crawlId(), CrawlCounters::requeued);
  }

  /** Queues a fetched URL whose recrawl is due; a paused crawl's URL waits, an ended one's goes. */
  void recrawl(QueuedUrl url, String host, long nowMs) {
    Optional<CrawlJob> job = crawls.find(url.crawlId());
    if (job.isEmpty() || job.get().state().isTerminal()) {
      return;
    }
    if (job.get().state() == CrawlState.PAUSED) {
      recrawls.add(nowMs + pausedRecheckMs, url);
      return;
    }
    HostState state = hosts.get(host);
    requeue(
        host,
        state,
        url.firstAttempt(),
        seen.get(url.crawlId(), url.url()).orElseGet(UrlState::queued));
    reschedule(host, state, nowMs);
    hosts.put(host, state);
  }

  /** Visits the hosts that are due, at most {@code limit}; returns how many were due. */
  int visitDue(long nowMs, int limit) {
    List<ReadyHosts.Entry> due = ready.due(nowMs, limit);
    for (ReadyHosts.Entry entry : due) {
      visit(entry, nowMs);
    }
    return due.size();
  }

  private void visit(ReadyHosts.Entry entry, long nowMs) {
    ready.remove(entry.atMs(), entry.host());
    Optional<HostState> found = hosts.find(entry.host());
    if (found.isEmpty() || found.get().readyAtMs() != entry.atMs()) {
      return; // a stale index entry; the host's live entry is elsewhere in the index
    }
    HostState state = found.get();
    state.readyAtMs(HostState.NOT_SCHEDULED);
    if (state.mayHaveExpired(nowMs)) {
      takeBackExpired(entry.host(), state, nowMs);
    }
    while (releaseNext(entry.host(), state, nowMs)) {
      // releases while the host window allows
    }
    reschedule(entry.host(), state, nowMs);
    hosts.put(entry.host(), state);
  }

  /** Takes back the host's leases whose deadline passed: their fetcher is gone or stuck. */
  private void takeBackExpired(String host, HostState state, long nowMs) {
    HostLeases.Expired expired = leases.takeExpired(host, nowMs);
    state.leasesLeft(expired.left(), expired.earliestDeadlineMs());
    for (FetchLease lease : expired.leases()) {
      state.expired(lease);
      metrics.leaseExpired();
      counters.update(lease.url().crawlId(), c -> c.leaseEnded(nowMs));
      retryOrFail(host, state, lease.url(), nowMs);
    }
  }

  private boolean releaseNext(String host, HostState state, long nowMs) {
    for (String crawlId : state.crawlsInTurn()) {
      Optional<CrawlJob> job = crawls.find(crawlId);
      if (job.isEmpty() || job.get().state().isTerminal()) {
        drop(host, state, crawlId);
      } else if (mayRelease(state, job.get(), nowMs) && release(host, state, job.get(), nowMs)) {
        return true;
      }
    }
    return false;
  }

  private boolean mayRelease(HostState state, CrawlJob job, long nowMs) {
    return job.state() == CrawlState.RUNNING
        && pacing.hasRoom(state, job)
        && nowMs >= pacing.nextReleaseAtMs(state, job);
  }

  private boolean release(String host, HostState state, CrawlJob job, long nowMs) {
    Optional<QueuedUrl> next = queue.poll(host, job.id());
    if (next.isEmpty()) {
      log.warn("event=queue_count_repaired host={} crawl={}", host, job.id());
      long stale = state.queuedOf(job.id());
      state.addQueued(job.id(), -stale);
      counters.update(job.id(), c -> c.dropped(stale));
      return false;
    }
    QueuedUrl url = next.get();
    UrlState urlState = seen.get(job.id(), url.url()).orElseGet(UrlState::queued);
    long plannedStartMs = pacing.plannedStartMs(state, job, nowMs);
    long deadlineMs = plannedStartMs + leaseMs;
    String taskId = UUID.randomUUID().toString();
    FetchTask task =
        new FetchTask(
            taskId,
            job.id(),
            url.url(),
            url.depth(),
            url.attempt(),
            Instant.ofEpochMilli(deadlineMs),
            pacing.delayMs(state, job),
            urlState.etag(),
            urlState.lastModified(),
            job.maxConcurrencyPerHost(),
            state.epoch(),
            job.warc());
    state.addQueued(job.id(), -1);
    FetchLease lease = new FetchLease(url, deadlineMs);
    leases.add(host, taskId, lease);
    state.lease(lease, plannedStartMs);
    seen.put(job.id(), url.url(), urlState.leased(url.attempt()));
    counters.update(job.id(), c -> c.released(nowMs));
    emitter.fetch(host, task);
    metrics.released();
    return true;
  }

  /**
   * Drops the queued URLs of crawls that just ended from every host of this task at once, so a
   * cancellation shows in the counters without waiting for each host's next visit. Scans all host
   * states, which is fine for an event as rare as a crawl ending.
   */
  void dropEnded(Set<String> crawlIds, long nowMs) {
    if (crawlIds.isEmpty()) {
      return;
    }
    List<String> affected =
        hosts.hostsWhere(state -> crawlIds.stream().anyMatch(id -> state.queuedOf(id) > 0));
    for (String host : affected) {
      HostState state = hosts.get(host);
      crawlIds.stream()
          .filter(crawlId -> state.queuedOf(crawlId) > 0)
          .forEach(crawlId -> drop(host, state, crawlId));
      reschedule(host, state, nowMs);
      hosts.put(host, state);
    }
  }

  /** Drops a finished or cancelled crawl's URLs from a host. */
  private void drop(String host, HostState state, String crawlId) {
    long dropped = queue.purge(host, crawlId);
    state.forget(crawlId);
    counters.update(crawlId, c -> c.dropped(dropped));
    log.debug("event=crawl_urls_dropped host={} crawl={} urls={}", host, crawlId, dropped);
  }

  /**
   * Puts a host into the ready index at the next time it has something to do, or takes it out if it
   * has nothing: the earliest lease deadline, the earliest release any crawl with queued URLs and
   * free concurrency may make, a re-check for paused crawls, or now for ended crawls.
   */
  void reschedule(String host, HostState state, long nowMs) {
    long next = state.leaseDeadlineMs() == 0 ? Long.MAX_VALUE : state.leaseDeadlineMs();
    for (String crawlId : state.crawlsInTurn()) {
      Optional<CrawlJob> job = crawls.find(crawlId);
      if (job.isEmpty() || job.get().state().isTerminal()) {
        next = Math.min(next, nowMs);
      } else if (job.get().state() == CrawlState.PAUSED) {
        next = Math.min(next, nowMs + pausedRecheckMs);
      } else if (pacing.hasRoom(state, job.get())) {
        next = Math.min(next, Math.max(nowMs, pacing.nextReleaseAtMs(state, job.get())));
      }
    }
    long at = next == Long.MAX_VALUE ? HostState.NOT_SCHEDULED : next;
    if (at == state.readyAtMs()) {
      return;
    }
    if (state.readyAtMs() != HostState.NOT_SCHEDULED) {
      ready.remove(state.readyAtMs(), host);
    }
    if (at != HostState.NOT_SCHEDULED) {
      ready.add(at, host);
    }
    state.readyAtMs(at);
  }
}
