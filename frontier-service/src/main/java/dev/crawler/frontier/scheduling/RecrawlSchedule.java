package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.JsonCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Fetched URLs of recrawling crawls by the time they are due again: {@code dueAtMs | crawlId \0
 * fingerprint}. Like the ready index, only the due range is scanned.
 */
final class RecrawlSchedule {

  private static final JsonCodec<QueuedUrl> CODEC = JsonCodec.of(QueuedUrl.class);

  private final KeyValueStore<Bytes, byte[]> store;
  private final NextDue next = new NextDue();

  RecrawlSchedule(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  void add(long dueAtMs, QueuedUrl url) {
    store.put(key(dueAtMs, url.crawlId(), url.url()), CODEC.encode(url));
    next.added(dueAtMs);
  }

  /**
   * Moves a URL's recrawl from {@code dueAtMs} to {@code newDueAtMs}.
   *
   * @return whether the URL was scheduled at {@code dueAtMs}
   */
  boolean reschedule(long dueAtMs, long newDueAtMs, String crawlId, String url) {
    byte[] scheduled = store.delete(key(dueAtMs, crawlId, url));
    if (scheduled == null) {
      return false;
    }
    store.put(key(newDueAtMs, crawlId, url), scheduled);
    next.added(newDueAtMs);
    return true;
  }

  /** Takes the URLs due at or before {@code nowMs}, at most {@code limit}. */
  List<QueuedUrl> takeDue(long nowMs, int limit) {
    List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
    if (!next.mayBeDue(nowMs)) {
      return List.of();
    }
    long firstLeftMs = Long.MAX_VALUE;
    try (KeyValueIterator<Bytes, byte[]> entries = store.all()) {
      while (entries.hasNext()) {
        KeyValue<Bytes, byte[]> entry = entries.next();
        long atMs = StoreKeys.timeOf(entry.key);
        if (atMs > nowMs || due.size() == limit) {
          firstLeftMs = atMs;
          break;
        }
        due.add(entry);
      }
    }
    next.scanned(firstLeftMs);
    List<QueuedUrl> urls = new ArrayList<>(due.size());
    for (KeyValue<Bytes, byte[]> entry : due) {
      store.delete(entry.key);
      urls.add(CODEC.decode(entry.value));
    }
    return urls;
  }

  private static Bytes key(long dueAtMs, String crawlId, String url) {
    return StoreKeys.builder()
        .time(dueAtMs)
        .text(crawlId)
        .bytes(StoreKeys.fingerprint(url))
        .build();
  }
}
