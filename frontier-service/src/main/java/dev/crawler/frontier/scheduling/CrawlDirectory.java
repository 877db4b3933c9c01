package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.frontier.scope.CrawlRules;
import dev.crawler.frontier.scope.TrapGuard;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The crawls as the global {@code crawl.jobs} store knows them, with each crawl's compiled rules
 * cached (per version of the crawl record, since compiling patterns per URL would dominate).
 */
final class CrawlDirectory {

  private static final int MAX_CACHED_RULES = 256;

  private final ReadOnlyKeyValueStore<String, CrawlJob> jobs;
  private final KnownCrawls known;
  private final TrapGuard traps;
  private final Map<String, CachedRules> rules =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedRules> eldest) {
          return size() > MAX_CACHED_RULES;
        }
      };

  private final Map<String, Boolean> ended = new HashMap<>();

  private record CachedRules(CrawlJob job, CrawlRules rules) {}

  CrawlDirectory(ReadOnlyKeyValueStore<String, CrawlJob> jobs, KnownCrawls known, TrapGuard traps) {
    this.jobs = jobs;
    this.known = known;
    this.traps = traps;
  }

  Optional<CrawlJob> find(String crawlId) {
    return known.find(crawlId, jobs);
  }

  CrawlRules rulesOf(CrawlJob job) {
    CachedRules cached = rules.get(job.id());
    // The same decoded instance until the crawl changes: compare identity before the deep equals.
    if (cached == null || (cached.job() != job && !cached.job().equals(job))) {
      cached = new CachedRules(job, CrawlRules.of(job, traps));
      rules.put(job.id(), cached);
    }
    return cached.rules();
  }

  /**
   * The crawls that ended (finished or cancelled) since the last call; on the first call, every
   * ended crawl.
   */
  Set<String> takeNewlyEnded() {
    Set<String> newlyEnded = new HashSet<>();
    forEach(job -> {
      boolean isEnded = job.state().isTerminal();
      Boolean wasEnded = ended.put(job.id(), isEnded);
      if (isEnded && !Boolean.TRUE.equals(wasEnded)) {
        newlyEnded.add(job.id());
      }
    });
    return newlyEnded;
  }

  void forEach(Consumer<CrawlJob> action) {
    try (KeyValueIterator<String, CrawlJob> all = jobs.all()) {
      all.forEachRemaining(entry -> action.accept(entry.value));
    }
  }
}
