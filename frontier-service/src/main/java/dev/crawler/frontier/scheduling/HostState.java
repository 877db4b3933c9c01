package dev.crawler.frontier.scheduling;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.crawler.common.messages.CrawlMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scheduling state of one politeness key, owned by exactly one frontier task: the planned start
 * of its latest lease, its delays, back-off and measured fetch time, how many leases each crawl has
 * in flight on it, how many URLs each crawl has queued and how many of each crawl's URLs failed
 * there. Mutable; read from and written back to the host-state store around each change, so it
 * stays small: the leases themselves live in {@link HostLeases}, since a host window holds up to a
 * hundred of them and every link to the host reads and writes this state.
 */
public final class HostState implements CrawlMessage {

  /** Marks a host that is not in the ready index. */
  static final long NOT_SCHEDULED = -1;

  /**
   * The planned start of the latest lease (its release time when leases are not released ahead).
   */
  @JsonProperty private long lastReleaseAtMs;

  @JsonProperty private long robotsDelayMs;
  @JsonProperty private long backoffUntilMs;
  @JsonProperty private int errorLevel;

  /** How many times the host was backed off: the epoch its leases carry to the fetcher. */
  @JsonProperty private long epoch;

  /** The host's recent fetch time (a moving average), or 0 before its first answer. */
  @JsonProperty private long fetchMs;

  @JsonProperty private long nextSequence;
  @JsonProperty private long readyAtMs = NOT_SCHEDULED;
  @JsonProperty private String lastServedCrawl;

  /** Leases in flight per crawl. */
  @JsonProperty private final Map<String, Long> leased = new TreeMap<>();

  /**
   * No lease of the host expires before this time (epoch ms), 0 with none in flight: the earliest
   * deadline when it was last computed. A lease that ends leaves it as it is, so it may be early,
   * never late; the visit it brings recomputes it.
   */
  @JsonProperty private long leaseDeadlineMs;

  /**
   * The leases a release before {@link HostLeases} kept inside the host's state, moved out when the
   * task starts ({@link HostStates}); read only, never written.
   */
  @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
  private final Map<String, FetchLease> leases = new TreeMap<>();

  @JsonProperty private final Map<String, Long> queued = new TreeMap<>();
  @JsonProperty private final Map<String, Long> admitted = new TreeMap<>();

  /** The URLs each crawl gave up on this host; absent in states of older releases (none). */
  @JsonProperty private final Map<String, Long> failed = new TreeMap<>();

  long lastReleaseAtMs() {
    return lastReleaseAtMs;
  }

  long robotsDelayMs() {
    return robotsDelayMs;
  }

  void robotsDelayMs(long delayMs) {
    this.robotsDelayMs = delayMs;
  }

  long backoffUntilMs() {
    return backoffUntilMs;
  }

  /**
   * How troubled the host is: up by one with each failure it is to blame for, down by one with each
   * normal answer, so that it recovers step by step rather than at once.
   */
  int errorLevel() {
    return errorLevel;
  }

  /**
   * A failure the host is to blame for: the next release waits until {@code untilMs}, and a new
   * epoch begins, so the fetcher hands back the leases of the old one it has not started.
   */
  void backOff(long untilMs) {
    errorLevel++;
    epoch++;
    backoffUntilMs = Math.max(backoffUntilMs, untilMs);
  }

  long epoch() {
    return epoch;
  }

  long fetchMs() {
    return fetchMs;
  }

  /** Folds one answer's fetch time into the host's moving average (weight 1/8, as TCP's RTT). */
  void measuredFetch(long durationMs) {
    long sample = Math.max(1, durationMs);
    fetchMs = fetchMs == 0 ? sample : (7 * fetchMs + sample) / 8;
  }

  /** The host answered normally: its back-off is over and its error level one step lower. */
  void recovered() {
    errorLevel = Math.max(0, errorLevel - 1);
    backoffUntilMs = 0;
  }

  long readyAtMs() {
    return readyAtMs;
  }

  void readyAtMs(long atMs) {
    this.readyAtMs = atMs;
  }

  /** The next queue sequence number, unique per host, so equal ranks keep arrival order. */
  long takeSequence() {
    return nextSequence++;
  }

  /** Counts a lease released now, planned to start at {@code plannedStartMs}. */
  void lease(FetchLease lease, long plannedStartMs) {
    count(lease);
    lastReleaseAtMs = plannedStartMs;
    lastServedCrawl = lease.url().crawlId();
  }

  /**
   * Counts a lease that expired as released at its deadline: its fetcher may have started the fetch
   * as late as that, so the host's next release keeps its delay after it.
   */
  void expired(FetchLease lease) {
    lastReleaseAtMs = Math.max(lastReleaseAtMs, lease.deadlineMs());
  }

  /** Counts a lease that ended, by its outcome or its deadline. */
  void leaseEnded(FetchLease lease) {
    String crawlId = lease.url().crawlId();
    if (leased.merge(crawlId, -1L, Long::sum) <= 0) {
      leased.remove(crawlId);
    }
    if (leased.isEmpty()) {
      leaseDeadlineMs = 0;
    }
  }

  /** Whether a lease may have expired by now, so the host's leases are worth a look. */
  boolean mayHaveExpired(long nowMs) {
    return leaseDeadlineMs != 0 && leaseDeadlineMs <= nowMs;
  }

  /**
   * Sets the leases in flight from the lease store after expired ones were taken back: per crawl,
   * and the earliest deadline among them.
   */
  void leasesLeft(Map<String, Long> perCrawl, long earliestMs) {
    leased.clear();
    leased.putAll(perCrawl);
    leaseDeadlineMs = leased.isEmpty() ? 0 : earliestMs;
  }

  /** When the host's earliest lease may expire, or 0 with none in flight. */
  long leaseDeadlineMs() {
    return leaseDeadlineMs;
  }

  long leaseCount() {
    return leased.values().stream().mapToLong(Long::longValue).sum();
  }

  long leasesOf(String crawlId) {
    return leased.getOrDefault(crawlId, 0L);
  }

  /** Leases in flight per crawl, for the load summary. */
  Map<String, Long> leased() {
    return leased;
  }

  /**
   * The leases of an earlier release's state, by task id, taken out for {@link HostLeases} and
   * counted as in flight.
   */
  Map<String, FetchLease> takeLegacyLeases() {
    Map<String, FetchLease> taken = new TreeMap<>(leases);
    leases.clear();
    taken.values().forEach(this::count);
    return taken;
  }

  private void count(FetchLease lease) {
    leased.merge(lease.url().crawlId(), 1L, Long::sum);
    leaseDeadlineMs =
        leaseDeadlineMs == 0 ? lease.deadlineMs() : Math.min(leaseDeadlineMs, lease.deadlineMs());
  }

  /** The crawls with URLs queued on this host, the one after the last served first. */
  List<String> crawlsInTurn() {
    List<String> crawls = new ArrayList<>(queued.keySet());
    if (lastServedCrawl == null || crawls.size() < 2) {
      return crawls;
    }
    int next = 0;
    while (next < crawls.size() && crawls.get(next).compareTo(lastServedCrawl) <= 0) {
      next++;
    }
    List<String> inTurn = new ArrayList<>(crawls.subList(next, crawls.size()));
    inTurn.addAll(crawls.subList(0, next));
    return inTurn;
  }

  long queuedOf(String crawlId) {
    return queued.getOrDefault(crawlId, 0L);
  }

  void addQueued(String crawlId, long delta) {
    long count = queuedOf(crawlId) + delta;
    if (count > 0) {
      queued.put(crawlId, count);
    } else {
      queued.remove(crawlId);
    }
  }

  long admittedOf(String crawlId) {
    return admitted.getOrDefault(crawlId, 0L);
  }

  void countAdmitted(String crawlId) {
    admitted.merge(crawlId, 1L, Long::sum);
  }

  /** How many of the crawl's URLs were given up on this host. */
  long failedOf(String crawlId) {
    return failed.getOrDefault(crawlId, 0L);
  }

  /** The failed URLs by crawl. */
  Map<String, Long> failed() {
    return failed;
  }

  /** Counts a URL of the crawl given up on this host (as the crawl's {@code failed} counter). */
  void countFailed(String crawlId) {
    failed.merge(crawlId, 1L, Long::sum);
  }

  /**
   * Forgets a crawl that has ended: its queue count, its per-host budget and its failed count (what
   * the summaries published before its end showed stays on the progress topic).
   */
  void forget(String crawlId) {
    queued.remove(crawlId);
    admitted.remove(crawlId);
    failed.remove(crawlId);
  }

  boolean hasQueued() {
    return !queued.isEmpty();
  }
}
