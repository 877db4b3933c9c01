package dev.crawler.frontier.crawls;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.IndexedCount;
import dev.crawler.frontier.scheduling.CrawlCounters;
import dev.crawler.frontier.scheduling.FrontierStreams;
import dev.crawler.frontier.scheduling.FrontierTopology;
import dev.crawler.frontier.scheduling.HostLoad;
import dev.crawler.frontier.scheduling.ProgressView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.stereotype.Component;

/**
 * The crawls and their status as this instance sees them: the global stores every instance holds in
 * full, so any instance answers for every crawl. The stores follow {@code crawl.jobs}
 * asynchronously, so crawl records this instance just wrote are overlaid for a while: a client that
 * creates a crawl and reads it at once sees its own write.
 */
@Component
public class CrawlCatalog {

  private static final Duration OVERLAY_TTL = Duration.ofMinutes(2);
  private static final int MAX_OVERLAY = 10_000;

  private final FrontierStreams streams;
  private final Map<String, CrawlJob> recentWrites = new ConcurrentHashMap<>();

  public CrawlCatalog(FrontierStreams streams) {
    this.streams = streams;
  }

  /** Remembers a crawl record this instance wrote. */
  void remember(CrawlJob job) {
    Instant horizon = Instant.now().minus(OVERLAY_TTL);
    recentWrites.values().removeIf(old -> old.updatedAt().isBefore(horizon));
    if (recentWrites.size() < MAX_OVERLAY) {
      recentWrites.put(job.id(), job);
    }
  }

  /** A crawl by id. */
  public Optional<CrawlJob> find(String crawlId) {
    CrawlJob stored = read(() -> this.<CrawlJob>store(FrontierTopology.JOBS_STORE).get(crawlId));
    return Optional.ofNullable(newer(stored, recentWrites.get(crawlId)));
  }

  /** A crawl by id, or {@link CrawlNotFoundException}. */
  public CrawlJob get(String crawlId) {
    return find(crawlId).orElseThrow(() -> new CrawlNotFoundException(crawlId));
  }

  /** The most recently created crawls, newest first. */
  public List<CrawlJob> list(int limit) {
    Map<String, CrawlJob> all = new ConcurrentHashMap<>(recentWrites);
    read(() -> {
      try (KeyValueIterator<String, CrawlJob> jobs =
          this.<CrawlJob>store(FrontierTopology.JOBS_STORE).all()) {
        jobs.forEachRemaining(entry -> all.merge(entry.key, entry.value, CrawlCatalog::newer));
      }
      return null;
    });
    List<CrawlJob> newestFirst = new ArrayList<>(all.values());
    newestFirst.sort(Comparator.comparing(CrawlJob::createdAt).reversed());
    return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
  }

  /** A crawl's counters over all tasks and its indexed count. */
  public CrawlStatus status(CrawlJob job) {
    return read(() -> {
      CrawlCounters counters =
          new ProgressView(store(FrontierTopology.PROGRESS_STORE)).total(job.id());
      IndexedCount indexed = this.<IndexedCount>store(FrontierTopology.INDEXED_STORE).get(job.id());
      return new CrawlStatus(job, counters, indexed == null ? 0 : indexed.documents());
    });
  }

  /**
   * A crawl's busiest, most troubled and most failing hosts, as its frontier tasks last published
   * them.
   */
  public List<HostLoad> hosts(CrawlJob job) {
    return read(() -> new ProgressView(store(FrontierTopology.PROGRESS_STORE)).hosts(job.id()));
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    return streams.globalStore(name);
  }

  private static CrawlJob newer(CrawlJob stored, CrawlJob written) {
    if (stored == null) {
      return written;
    }
    if (written == null || !written.updatedAt().isAfter(stored.updatedAt())) {
      return stored;
    }
    return written;
  }

  private static <T> T read(java.util.function.Supplier<T> query) {
    try {
      return query.get();
    } catch (InvalidStateStoreException e) {
      throw new FrontierUnavailableException("the frontier's stores are not ready", e);
    } catch (IllegalStateException e) {
      // KafkaStreams.store throws this, not InvalidStateStoreException, once it is shutting down;
      // a scheduled read racing the shutdown must not log an error.
      throw new FrontierUnavailableException("the frontier is stopping", e);
    }
  }
}
