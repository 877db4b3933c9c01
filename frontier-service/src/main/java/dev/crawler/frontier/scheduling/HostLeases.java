package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.JsonCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The leases in flight, one store for all hosts of a task: keys {@code politenessKey \0 taskId}. A
 * lease is written once when released and read once when its outcome comes, so a host's state does
 * not carry its window of leases through every change; only taking back expired leases reads a
 * host's leases together.
 */
final class HostLeases {

  private static final JsonCodec<FetchLease> CODEC = JsonCodec.of(FetchLease.class);

  /**
   * The leases taken back, and what the host has left: its leases per crawl and their earliest
   * deadline ({@link Long#MAX_VALUE} with none).
   */
  record Expired(List<FetchLease> leases, Map<String, Long> left, long earliestDeadlineMs) {}

  private final KeyValueStore<Bytes, byte[]> store;

  HostLeases(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  void add(String host, String taskId, FetchLease lease) {
    store.put(key(host, taskId), CODEC.encode(lease));
  }

  /** Ends a lease: the lease, or empty if the host has none with that task id. */
  Optional<FetchLease> remove(String host, String taskId) {
    byte[] value = store.delete(key(host, taskId));
    return value == null ? Optional.empty() : Optional.of(CODEC.decode(value));
  }

  /**
   * Removes the host's leases whose deadline passed and gives them with those left, counted from
   * the store: the host state's counts are set from it, so they cannot drift for good.
   */
  Expired takeExpired(String host, long nowMs) {
    Bytes prefix = StoreKeys.builder().text(host).build();
    List<KeyValue<Bytes, FetchLease>> expired = new ArrayList<>();
    Map<String, Long> left = new HashMap<>();
    long earliest = Long.MAX_VALUE;
    try (KeyValueIterator<Bytes, byte[]> entries =
        store.range(prefix, StoreKeys.upperBound(prefix))) {
      while (entries.hasNext()) {
        KeyValue<Bytes, byte[]> entry = entries.next();
        FetchLease lease = CODEC.decode(entry.value);
        if (lease.deadlineMs() <= nowMs) {
          expired.add(KeyValue.pair(entry.key, lease));
        } else {
          left.merge(lease.url().crawlId(), 1L, Long::sum);
          earliest = Math.min(earliest, lease.deadlineMs());
        }
      }
    }
    expired.forEach(entry -> store.delete(entry.key));
    return new Expired(expired.stream().map(entry -> entry.value).toList(), left, earliest);
  }

  private static Bytes key(String host, String taskId) {
    return StoreKeys.builder().text(host).text(taskId).build();
  }
}
