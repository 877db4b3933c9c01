package dev.crawler.frontier.scheduling;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * This task's counters per crawl, and which crawls changed since they were last published. The
 * dirty set is memory only: after a restart every crawl is published once again.
 *
 * <p>Every candidate changes its crawl's counters twice, so they are also held decoded in memory:
 * the task is its store's only writer, and the store is written through on every change, so the two
 * never differ.
 */
final class TaskCounters {

  private final KeyValueStore<String, byte[]> store;
  private final Map<String, CrawlCounters> decoded = new HashMap<>();
  private final Set<String> dirty = new TreeSet<>();

  TaskCounters(KeyValueStore<String, byte[]> store) {
    this.store = store;
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(entry -> dirty.add(entry.key));
    }
  }

  /** The crawl's counters; the caller reads them and must change them through {@link #update}. */
  CrawlCounters get(String crawlId) {
    return decoded.computeIfAbsent(
        crawlId,
        id -> {
          byte[] value = store.get(id);
          return value == null ? new CrawlCounters() : CrawlCounters.fromBytes(value);
        });
  }

  /** Changes and writes through the counters of a crawl. */
  void update(String crawlId, Consumer<CrawlCounters> change) {
    CrawlCounters counters = get(crawlId);
    change.accept(counters);
    store.put(crawlId, counters.toBytes());
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
        total += get(all.next().key).queued();
      }
    }
    return total;
  }
}
