package dev.crawler.frontier.scheduling;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The crawl counters every frontier task published, as the global progress store holds them: key
 * {@code crawlId|taskId}, value the task's absolute {@link CrawlCounters}. Summing them gives the
 * counters of a crawl across all instances.
 */
public final class ProgressView {

  private static final char SEPARATOR = '|';

  private final ReadOnlyKeyValueStore<String, CrawlCounters> progress;

  public ProgressView(ReadOnlyKeyValueStore<String, CrawlCounters> progress) {
    this.progress = progress;
  }

  /** The progress-topic key of one crawl on one task. */
  static String key(String crawlId, String taskId) {
    return crawlId + SEPARATOR + taskId;
  }

  /** The counters of a crawl summed over all tasks. */
  public CrawlCounters total(String crawlId) {
    return totalExcept(crawlId, null);
  }

  /** The counters of a crawl summed over all tasks but one (whose own state is fresher). */
  CrawlCounters totalExcept(String crawlId, String taskId) {
    CrawlCounters sum = new CrawlCounters();
    String skipped = taskId == null ? null : key(crawlId, taskId);
    try (KeyValueIterator<String, CrawlCounters> tasks =
        progress.prefixScan(crawlId + SEPARATOR, new StringSerializer())) {
      while (tasks.hasNext()) {
        var entry = tasks.next();
        if (!entry.key.equals(skipped)) {
          sum = sum.plus(entry.value);
        }
      }
    }
    return sum;
  }
}
