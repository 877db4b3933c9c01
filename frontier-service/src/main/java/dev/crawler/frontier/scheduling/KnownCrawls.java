package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlJob;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The decoded crawls of one Kafka Streams instance, shared by the global {@code crawl.jobs} store's
 * writer and the stream tasks. Every candidate and outcome needs its crawl; reading it from the
 * global store decodes its JSON (kilobytes with many seeds) each time, which made that lookup the
 * frontier's largest cost. Here a crawl is decoded once per change.
 *
 * <p>The writer replaces an entry after it changed the store. A task that misses reads the store
 * and adds what it read only if no entry appeared meanwhile, so a value read before a concurrent
 * change can never replace the writer's newer one. Absence is remembered the same way, so a crawl
 * created later still shows up.
 */
final class KnownCrawls {

  private final ConcurrentMap<String, Optional<CrawlJob>> decoded = new ConcurrentHashMap<>();

  /** Called by the global store's writer after it stored (or, with null, deleted) a crawl. */
  void changed(String crawlId, CrawlJob job) {
    decoded.put(crawlId, Optional.ofNullable(job));
  }

  /** The crawl as the store has it, decoded from the store only on the first lookup. */
  Optional<CrawlJob> find(String crawlId, ReadOnlyKeyValueStore<String, CrawlJob> store) {
    Optional<CrawlJob> known = decoded.get(crawlId);
    if (known != null) {
      return known;
    }
    Optional<CrawlJob> read = Optional.ofNullable(store.get(crawlId));
    Optional<CrawlJob> raced = decoded.putIfAbsent(crawlId, read);
    return raced == null ? read : raced;
  }
}
