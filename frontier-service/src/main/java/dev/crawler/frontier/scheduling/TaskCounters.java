package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.JsonCodec;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * This task's counters per crawl, and which crawls changed since they were last published. The
 * dirty set is memory only: after a restart every crawl is published once again.
 */
final class TaskCounters {

  private static final JsonCodec<CrawlCounters> CODEC = JsonCodec.of(CrawlCounters.class);

  private final KeyValueStore<String, byte[]> store;
  private final Set<String> dirty = new TreeSet<>();

  TaskCounters(KeyValueStore<String, byte[]> store) {
    this.store = store;
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(entry -> dirty.add(entry.key));
    }
  }

  CrawlCounters get(String crawlId) {
    byte[] value = store.get(crawlId);
    return value == null ? new CrawlCounters() : CODEC.decode(value);
  }

  /** Reads, changes and writes back the counters of a crawl. */
  void update(String crawlId, Consumer<CrawlCounters> change) {
    CrawlCounters counters = get(crawlId);
    change.accept(counters);
    store.put(crawlId, CODEC.encode(counters));
    dirty.add(crawlId);
  }

  /** The crawls changed since the last call, cleared. */
  Set<String> takeDirty() {
    Set<String> changed = new TreeSet<>(dirty);
    dirty.clear();
    return changed;
  }

  /** The URLs queued on this task over all crawls. */
  long totalQueued() {
    long total = 0;
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        total += CODEC.decode(all.next().value).queued();
      }
    }
    return total;
  }
}
