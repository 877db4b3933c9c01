package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.JsonCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-host queues, one store for all hosts of a task: keys {@code politenessKey \0 crawlId \0
 * rank sequence}, so a prefix scan of a host and crawl yields its URLs lowest rank first and,
 * within a rank, in arrival order.
 */
final class HostQueue {

  private static final JsonCodec<QueuedUrl> CODEC = JsonCodec.of(QueuedUrl.class);

  private final KeyValueStore<Bytes, byte[]> store;

  HostQueue(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  void enqueue(String host, QueuedUrl url, long sequence) {
    Bytes key =
        StoreKeys.builder()
            .text(host)
            .text(url.crawlId())
            .rank(url.rank())
            .sequence(sequence)
            .build();
    store.put(key, CODEC.encode(url));
  }

  /** Takes the first URL of a crawl on a host, or empty if it has none. */
  Optional<QueuedUrl> poll(String host, String crawlId) {
    Bytes prefix = prefix(host, crawlId);
    KeyValue<Bytes, byte[]> head;
    try (KeyValueIterator<Bytes, byte[]> entries =
        store.range(prefix, StoreKeys.upperBound(prefix))) {
      head = entries.hasNext() ? entries.next() : null;
    }
    if (head == null) {
      return Optional.empty();
    }
    store.delete(head.key);
    return Optional.of(CODEC.decode(head.value));
  }

  /** Removes every URL of a crawl on a host; returns how many there were. */
  long purge(String host, String crawlId) {
    Bytes prefix = prefix(host, crawlId);
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> entries =
        store.range(prefix, StoreKeys.upperBound(prefix))) {
      entries.forEachRemaining(entry -> keys.add(entry.key));
    }
    keys.forEach(store::delete);
    return keys.size();
  }

  /**
   * Removes the URLs of a crawl on a host that a predicate picks (a template learned to be a trap);
   * returns how many there were. Reads the host's whole queue, so it is for rare events only.
   */
  long removeIf(String host, String crawlId, Predicate<String> url) {
    Bytes prefix = prefix(host, crawlId);
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> entries =
        store.range(prefix, StoreKeys.upperBound(prefix))) {
      entries.forEachRemaining(entry -> {
        if (url.test(CODEC.decode(entry.value).url())) {
          keys.add(entry.key);
        }
      });
    }
    keys.forEach(store::delete);
    return keys.size();
  }

  private static Bytes prefix(String host, String crawlId) {
    return StoreKeys.builder().text(host).text(crawlId).build();
  }
}
