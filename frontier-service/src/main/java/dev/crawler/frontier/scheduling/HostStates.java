package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.JsonCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The host-state store: {@link HostState} by politeness key. Every write also updates the task's
 * {@link HostLoads}, which are read back from the store once when the task starts; that read also
 * moves the leases an earlier release kept in a host's state to {@link HostLeases}.
 */
final class HostStates {

  private static final JsonCodec<HostState> CODEC = JsonCodec.of(HostState.class);

  private final KeyValueStore<String, byte[]> store;
  private final HostLoads loads;

  /**
   * @param store the host-state store
   * @param leases the lease store, which takes the leases an earlier release kept here
   * @param summaryHosts how many hosts of each kind the published summaries hold
   */
  HostStates(KeyValueStore<String, byte[]> store, HostLeases leases, int summaryHosts) {
    this.store = store;
    this.loads = new HostLoads(summaryHosts);
    Map<String, HostState> migrated = new HashMap<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(entry -> {
        HostState state = CODEC.decode(entry.value);
        Map<String, FetchLease> legacy = state.takeLegacyLeases();
        legacy.forEach((taskId, lease) -> leases.add(entry.key, taskId, lease));
        if (!legacy.isEmpty()) {
          migrated.put(entry.key, state);
        }
        loads.update(entry.key, state);
      });
    }
    migrated.forEach(this::put);
  }

  /** The hosts with work or trouble, for the summary published with the crawl counters. */
  HostLoads loads() {
    return loads;
  }

  Optional<HostState> find(String host) {
    byte[] value = store.get(host);
    return value == null ? Optional.empty() : Optional.of(CODEC.decode(value));
  }

  HostState get(String host) {
    return find(host).orElseGet(HostState::new);
  }

  /** The hosts whose state matches, read in one pass before the caller changes any. */
  List<String> hostsWhere(Predicate<HostState> condition) {
    List<String> hosts = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(entry -> {
        if (condition.test(CODEC.decode(entry.value))) {
          hosts.add(entry.key);
        }
      });
    }
    return hosts;
  }

  void put(String host, HostState state) {
    store.put(host, CODEC.encode(state));
    loads.update(host, state);
  }
}
