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
 */
final class HostLoads {

  private record Load(
      Map<String, Long> queued, Map<String, Long> leases, int errorLevel, long backoffUntilMs) {}

  private static final Comparator<HostLoad> MOST_QUEUED =
      Comparator.comparingLong(HostLoad::queued).reversed().thenComparing(HostLoad::host);
  private static final Comparator<HostLoad> MOST_TROUBLED =
      Comparator.comparingInt(HostLoad::errorLevel)
          .reversed()
          .thenComparing(Comparator.comparingLong(HostLoad::backoffUntilMs).reversed())
          .thenComparing(HostLoad::host);

  private final Map<String, Load> hosts = new HashMap<>();

  /** Notes a host's new state. */
  void update(String host, HostState state) {
    Map<String, Long> leases = Map.copyOf(state.leased());
    if (!state.hasQueued() && leases.isEmpty() && state.errorLevel() == 0) {
      hosts.remove(host);
      return;
    }
    Map<String, Long> queued = new HashMap<>();
    for (String crawlId : state.crawlsInTurn()) {
      queued.put(crawlId, state.queuedOf(crawlId));
    }
    hosts.put(host, new Load(queued, leases, state.errorLevel(), state.backoffUntilMs()));
  }

  /**
   * The crawl's hosts worth showing, at most {@code limit} of each kind: those with the most URLs
   * queued, then the troubled ones (backed off or failing) the first list left out.
   */
  List<HostLoad> top(String crawlId, long nowMs, int limit) {
    List<HostLoad> loads = new ArrayList<>();
    hosts.forEach((host, load) -> {
      long queued = load.queued().getOrDefault(crawlId, 0L);
      long inFlight = load.leases().getOrDefault(crawlId, 0L);
      if (queued > 0 || inFlight > 0) {
        loads.add(new HostLoad(host, queued, inFlight, load.errorLevel(), load.backoffUntilMs()));
      }
    });
    Map<String, HostLoad> top = new LinkedHashMap<>();
    loads.stream().sorted(MOST_QUEUED).limit(limit).forEach(l -> top.put(l.host(), l));
    loads.stream()
        .filter(l -> l.troubled(nowMs) && !top.containsKey(l.host()))
        .sorted(MOST_TROUBLED)
        .limit(limit)
        .forEach(l -> top.put(l.host(), l));
    return List.copyOf(top.values());
  }
}
