package dev.crawler.frontier.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task's hosts that have work or trouble, held in memory from every host-state write, so that
 * the summary published with each crawl's counters costs no store scan. A host with nothing queued,
 * no lease and no trouble is not held, so the memory follows the active hosts only.
 *
 * <p>Failed URLs are the exception: a host whose URLs all failed has nothing left, yet it is what a
 * user looks for. So, per crawl, the {@code limit} hosts with the most failed URLs are held as
 * well, whatever else they have. A host's failed count only grows while its crawl runs, so the held
 * hosts stay exactly the most failed ones: a host left out has no more failures than the least of
 * them, and takes its place only with a failure more, which its next write brings. They stay held
 * once their crawl ended (a summary published after a cancellation still shows them): {@code limit}
 * small entries per crawl this task saw fail, until the task restarts.
 */
final class HostLoads {

  private record Load(
      Map<String, Long> queued,
      Map<String, Long> leases,
      Map<String, Long> failed,
      int errorLevel,
      long backoffUntilMs) {}

  private static final Comparator<HostLoad> MOST_QUEUED =
      Comparator.comparingLong(HostLoad::queued).reversed().thenComparing(HostLoad::host);
  private static final Comparator<HostLoad> MOST_TROUBLED =
      Comparator.comparingInt(HostLoad::errorLevel)
          .reversed()
          .thenComparing(Comparator.comparingLong(HostLoad::backoffUntilMs).reversed())
          .thenComparing(HostLoad::host);
  private static final Comparator<HostLoad> MOST_FAILED =
      Comparator.comparingLong(HostLoad::failed).reversed().thenComparing(HostLoad::host);

  private final int limit;
  private final Map<String, Load> hosts = new HashMap<>();

  /** By crawl, the hosts with the most failed URLs (at most {@code limit}) and their counts. */
  private final Map<String, Map<String, Long>> mostFailed = new HashMap<>();

  /**
   * @param limit how many hosts of each kind a summary holds
   */
  HostLoads(int limit) {
    this.limit = limit;
  }

  /** Notes a host's new state. */
  void update(String host, HostState state) {
    state.failed().forEach((crawlId, failed) -> noteFailed(crawlId, host, failed));
    Map<String, Long> leases = Map.copyOf(state.leased());
    if (!state.hasQueued() && leases.isEmpty() && state.errorLevel() == 0) {
      hosts.remove(host);
      return;
    }
    Map<String, Long> queued = new HashMap<>();
    for (String crawlId : state.crawlsInTurn()) {
      queued.put(crawlId, state.queuedOf(crawlId));
    }
    hosts.put(
        host,
        new Load(
            queued,
            leases,
            Map.copyOf(state.failed()),
            state.errorLevel(),
            state.backoffUntilMs()));
  }

  /** Keeps the host among the crawl's most failed ones if it is one of them. */
  private void noteFailed(String crawlId, String host, long failed) {
    if (limit == 0) {
      return;
    }
    Map<String, Long> held = mostFailed.computeIfAbsent(crawlId, c -> new HashMap<>());
    if (held.containsKey(host) || held.size() < limit) {
      held.put(host, failed);
      return;
    }
    Map.Entry<String, Long> least = null;
    for (Map.Entry<String, Long> entry : held.entrySet()) {
      if (least == null || entry.getValue() < least.getValue()) {
        least = entry;
      }
    }
    if (failed > least.getValue()) {
      held.remove(least.getKey());
      held.put(host, failed);
    }
  }

  /**
   * The crawl's hosts worth showing, at most {@code limit} of each kind: those with the most URLs
   * queued, then the troubled ones (backed off or failing) the first list left out, then those with
   * the most failed URLs the other two left out.
   */
  List<HostLoad> top(String crawlId, long nowMs) {
    Map<String, Long> held = mostFailed.getOrDefault(crawlId, Map.of());
    List<HostLoad> loads = new ArrayList<>();
    hosts.forEach((host, load) -> {
      long queued = load.queued().getOrDefault(crawlId, 0L);
      long inFlight = load.leases().getOrDefault(crawlId, 0L);
      if (queued > 0 || inFlight > 0) {
        loads.add(
            new HostLoad(
                host,
                queued,
                inFlight,
                load.errorLevel(),
                load.backoffUntilMs(),
                load.failed().getOrDefault(crawlId, held.getOrDefault(host, 0L))));
      }
    });
    Map<String, HostLoad> top = new LinkedHashMap<>();
    loads.stream().sorted(MOST_QUEUED).limit(limit).forEach(l -> top.put(l.host(), l));
    loads.stream()
        .filter(l -> l.troubled(nowMs) && !top.containsKey(l.host()))
        .sorted(MOST_TROUBLED)
        .limit(limit)
        .forEach(l -> top.put(l.host(), l));
    held.entrySet().stream()
        .filter(entry -> !top.containsKey(entry.getKey()))
        .map(entry -> failedHost(crawlId, entry.getKey(), entry.getValue()))
        .sorted(MOST_FAILED)
        .forEach(l -> top.put(l.host(), l));
    return List.copyOf(top.values());
  }

  /** A host held for its failed URLs, with whatever else the crawl has there. */
  private HostLoad failedHost(String crawlId, String host, long failed) {
    Load load = hosts.get(host);
    if (load == null) {
      return new HostLoad(host, 0, 0, 0, 0, failed);
    }
    return new HostLoad(
        host,
        load.queued().getOrDefault(crawlId, 0L),
        load.leases().getOrDefault(crawlId, 0L),
        load.errorLevel(),
        load.backoffUntilMs(),
        failed);
  }
}
