package dev.crawler.frontier.scheduling;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ready index: {@code visitAtMs | politenessKey} for every host that has something to do at a
 * known time (release a URL, expire a lease, drop a cancelled crawl's URLs). The punctuator scans
 * only the due range, so idle and waiting hosts cost nothing per tick.
 */
final class ReadyHosts {

  private static final byte[] PRESENT = new byte[0];

  private final KeyValueStore<Bytes, byte[]> store;
  private final NextDue next = new NextDue();

  ReadyHosts(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  void add(long atMs, String host) {
    store.put(key(atMs, host), PRESENT);
    next.added(atMs);
  }

  void remove(long atMs, String host) {
    store.delete(key(atMs, host));
  }

  /**
   * A host's entry in the index.
   *
   * @param atMs when it is due
   * @param host its politeness key
   */
  record Entry(long atMs, String host) {}

  /** The hosts due at or before {@code nowMs}, earliest first, at most {@code limit}. */
  List<Entry> due(long nowMs, int limit) {
    List<Entry> hosts = new ArrayList<>();
    if (!next.mayBeDue(nowMs)) {
      return hosts;
    }
    long firstLeftMs = Long.MAX_VALUE;
    try (KeyValueIterator<Bytes, byte[]> entries = store.all()) {
      while (entries.hasNext()) {
        Bytes key = entries.next().key;
        long atMs = StoreKeys.timeOf(key);
        if (atMs > nowMs || hosts.size() == limit) {
          firstLeftMs = atMs;
          break;
        }
        hosts.add(new Entry(atMs, StoreKeys.textAfterTime(key)));
      }
    }
    next.scanned(firstLeftMs);
    return hosts;
  }

  private static Bytes key(long atMs, String host) {
    return StoreKeys.builder().time(atMs).text(host).build();
  }
}
